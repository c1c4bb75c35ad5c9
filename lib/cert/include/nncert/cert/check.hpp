#pragma once
// `nncert check CERT.json`: re-verification of a certificate (DESIGN.md §5).
//
// What is checked, and by which route:
//   hashes (recomputed): the problem text, data X and Y rebuilt from the embedded problem text and
//     the recorded problem location, θ0 rebuilt from the model seed, the theorem file, the
//     trajectory file's bytes;
//   hypotheses (re-run, NOT independent): every verifier is run again on the rebuilt data and θ0;
//     the recorded findings must equal the re-run ones (same build: bit for bit; another build: the
//     recorded enclosures must contain the re-run ones and the verdicts agree);
//   hypotheses with a witness (INDEPENDENT, independent.hpp): σ_min / λ_min claims on J_S(θ0) are
//     re-proven in 256-bit MPFR with an exact integer Cholesky-witness check, for N = n·k <= 200;
//   prediction (recomputed): from the re-run constants and the run quantities; η is checked against
//     the trajectory's time column, L_0 against its first compared loss;
//   confirmation (recomputed): from the trajectory file and the prediction;
//   verdict and exit code (recomputed).
// Not re-done: the training itself (the trajectory is bound by its hash, not re-trained).
#include <filesystem>
#include <string>
#include <vector>

namespace nncert::cert {

struct CheckItem {
  std::string claim;   // e.g. "data X hash", "hypothesis 'expressivity' (re-run)"
  std::string route;   // "hash" | "re-run" | "independent" | "recomputed" | "schema"
  bool passed = false;
  bool skipped = false;  // the route did not apply (e.g. size limits); not a failure
  std::string detail;
};

struct CheckResult {
  std::vector<CheckItem> items;
  bool valid() const;
  const CheckItem* first_failure() const;  // nullptr when valid
};

// Throws InvalidInput when the certificate cannot be read or parsed, a field is missing, or the data
// cannot be rebuilt (missing data files): "unreadable", exit code 2. Needs the verifiers linked.
CheckResult check_certificate(const std::filesystem::path& certificate_file);

}  // namespace nncert::cert
