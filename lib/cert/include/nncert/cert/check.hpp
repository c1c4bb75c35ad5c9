#pragma once
// `nncert check CERT.json`: re-verification of a certificate.
//
// Trust model. The certificate is untrusted input: nothing in it decides how strictly it is checked.
// The checker trusts only its own build, the theorem catalogue it ships with, and the data files the
// embedded problem text names (bound by hash). Every field of the certificate is either re-derived
// and compared bit for bit with the recorded value, or informational (certificate_schema.hpp: time
// stamp, build description, timings, problem location, thread count), which is never a claim. A
// certificate from another build or machine gets exactly the same treatment: its claims count only
// when this build re-derives them.
//
// Routes:
//   schema: the reader (certificate.hpp) refuses undeclared, missing, null or mistyped fields, numbers
//     outside double range, oversized and over-deep documents (exit 2);
//   replay (default): the embedded problem text is loaded again (data rebuilt from its sources, θ0
//     from the model seed) and the whole prove pipeline runs again in a private temporary directory:
//     verification, deterministic training, prediction, confirmation. The fresh certificate,
//     informational fields removed, must equal the recorded one field by field (every hypothesis,
//     the prediction, the trajectory hash and summary, the confirmation, the exit code), and the
//     recorded trajectory file must be the bytes the replay wrote (its sha256);
//   without replay (--no-replay, weaker): the hypotheses are re-verified and the prediction and
//     confirmation recomputed from the recorded trajectory file, which is then bound only by its hash:
//     its losses are taken as recorded, and so is the training summary (except its row count);
//   independent (both modes): σ_min / λ_min claims re-proven in 256-bit MPFR with an exact Cholesky
//     witness (N <= 200), data assumptions in exact rationals, local-PL constants (independent*.hpp).
// The trajectory file must be a regular file (not a link) directly in the certificate's directory, of
// bounded size (certificate_files.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace nncert::cert {

struct CheckOptions {
  bool replay = true;  // false: --no-replay, the trajectory is taken as recorded (bound by its hash)
  // --data-root DIR: the directory the problem file's relative data paths resolve against, instead of
  // the recorded problem location (a path relative to the certificate's directory, or absolute).
  std::filesystem::path data_root;
};

// Where the certificate's problem file was, so that its relative data paths resolve: `data_root` when
// given, else the recorded path (relative to the certificate's directory when prove could express it
// so, which keeps a certificate directory checkable after it moves together with its data).
std::filesystem::path problem_location(const std::filesystem::path& certificate, const nlohmann::json& c,
                                       const CheckOptions& options);

struct CheckItem {
  std::string claim;   // e.g. "data", "hypothesis 'expressivity'"
  std::string route;   // "schema" | "hash" | "replay" | "re-run" | "recomputed" | "independent"
  bool passed = false;
  bool skipped = false;  // the route did not apply (e.g. size limits); not a failure
  std::string detail;
};

struct CheckResult {
  std::vector<CheckItem> items;
  bool replayed = true;
  // What the verdict does not cover (empty after a replay).
  std::vector<std::string> not_rederived;
  bool valid() const;
  const CheckItem* first_failure() const;  // nullptr when valid
};

// Throws InvalidInput naming the certificate file when it cannot be read, breaks the schema, or its
// inputs cannot be rebuilt (a data file missing: the message names the full path looked for): exit 2.
// Needs the verifiers linked.
CheckResult check_certificate(const std::filesystem::path& certificate_file, const CheckOptions& options = {});

}  // namespace nncert::cert
