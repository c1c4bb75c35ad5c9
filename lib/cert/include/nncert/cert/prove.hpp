#pragma once
// `nncert prove` as a library call (docs/design.md#data-flow-of-nncert-prove): verify the hypotheses, train, predict on the
// compared phase, confirm, and write DIR/{certificate.json, trajectory.csv, report.md, report.html}.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "nncert/theory/verify.hpp"
#include "nncert/train/trainer.hpp"

namespace nncert::theory {
struct LoadedProblem;
}

namespace nncert::cert {

struct ProveOptions {
  std::string theorem;  // id or path; empty: the problem file's top-level `theorem`
  std::filesystem::path problem;
  std::filesystem::path out;
  train::ProgressCallback progress;  // may be empty
  theory::VerifyProgress verify_progress;  // may be empty
  std::string created;               // time stamp; empty: now (UTC)
  // The problem already loaded (the checker's replay: from the certificate's embedded text); when
  // null, `problem` is read.
  const theory::LoadedProblem* loaded = nullptr;
};

struct ProveOutcome {
  int exit_code = 3;  // prove_exit_code
  nlohmann::json certificate;
  theory::VerificationReport verification;  // the findings behind the certificate's hypotheses
  std::filesystem::path report_html, report_md, certificate_file, trajectory_file;
};

// Needs the verifiers linked into the executable (theory::verify). Throws InvalidInput for bad input.
ProveOutcome prove(const ProveOptions& options);

}  // namespace nncert::cert
