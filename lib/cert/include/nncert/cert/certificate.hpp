#pragma once
// The certificate of one `nncert prove` run (docs/certificates.md, schema "nncert/certificate/1").
//
//   { "schema": "nncert/certificate/1",
//     "theorem": {id, title, paper, file_sha256, conclusion{kind, phase, rate, conditions, floor, target}},
//     "problem": {path, text, sha256},
//     "data": {source, n, d, k, sha256_x, sha256_y},
//     "model": {kind, shape, seed, num_params, sha256_theta0},
//     "hypotheses": [ verify --json finding + "witness" (the matrix the checker rebuilds, or null) ],
//     "verdict": "certified" | "refuted" | "inconclusive"            (of the hypotheses),
//     "prediction": {kind, formula, statement, applicable, reason, rate, initial_loss, constants,
//                    run_quantities, floor, target, horizon_1e3, vacuous, phase},
//     "trajectory": {file, sha256, summary{...}},
//     "confirmation": {verdict, worst_ratio, first_violation_step, points_compared, reason},
//     "strength": {grade: "meaningful" | "weak" | "vacuous" | "none", reason},
//     "exit_code": 0 | 1 | 3 | 5,
//     "environment": {version, git, compiler, eigen, boost, blas, threads},
//     "created": "YYYY-MM-DDTHH:MM:SSZ" }
// Every number that bounds something is written rounded outward (json.hpp). Apart from "created" and
// the "seconds" of each hypothesis, the certificate is a function of the inputs, the seed and the
// thread count.
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "nncert/cert/certificate_schema.hpp"
#include "nncert/cert/trajectory_table.hpp"
#include "nncert/numeric/interval.hpp"
#include "nncert/numeric/types.hpp"
#include "nncert/theory/prediction.hpp"
#include "nncert/theory/strength.hpp"
#include "nncert/theory/verify.hpp"
#include "nncert/train/trajectory.hpp"

namespace nncert::cert {

// Enclosure of the exact loss (1/(2n))·Σ r_i² of the residuals r the trainer computed (N = n·k of
// them), given the value L̂ it recorded: L̂ = L(1 + θ) with |θ| <= γ_{N+4} (N roundings of the squares
// and the sum in any order, Higham Thm 3.1/(3.4), plus the scaling by 1/(2n)), so
// L ∈ [L̂/(1 + γ), L̂/(1 − γ)], widened by (N + 4)·η for underflow. The forward pass that produced r
// is taken as given: the envelope compares recorded values with a bound started from this L_0.
Interval initial_loss_enclosure(double recorded_loss, Index n, Index k);

// The run's quantities the conclusion may use: eta (the step size of the compared phase), L0, n, d, k.
// `start_offset` = ||θ − θ0|| where the compared phase starts (ComparedSeries::start_offset).
std::map<std::string, Interval> run_quantities(double eta, const Interval& l0, Index n, Index d, Index k,
                                               double start_offset = 0);

// theory::confirm on the compared series, except that a series without a single row of the compared
// phase makes no claim (not applicable) rather than a vacuous "confirmed".
theory::Confirmation confirm_series(const theory::Prediction& prediction, const ComparedSeries& series, int phase);

// Exit code of prove: 0 every hypothesis certified and the prediction confirmed; 1 a hypothesis
// refuted or the prediction violated; 5 (kExitNotReached) certified but the run too short to
// compare; 3 otherwise.
inline constexpr int kExitNotReached = 5;
int prove_exit_code(Verdict hypotheses, theory::ConfirmationVerdict confirmation);

// The pieces, shared by the writer and the checker (which recomputes and compares them).
nlohmann::json theorem_json(const theory::Theorem& theorem);
// `path` is relative to `certificate_dir` when that is given, else absolute.
nlohmann::json problem_json(const data::ProblemFile& problem, const std::filesystem::path& certificate_dir = {});
nlohmann::json data_json(const theory::LoadedProblem& problem);
nlohmann::json model_json(const models::ModelConfig& config, const VecD& theta0);
// One finding plus its witness (witness.hpp), without "seconds" when `with_seconds` is false.
nlohmann::json hypothesis_json(const theory::Finding& finding, const theory::LoadedProblem& problem,
                               bool with_seconds = true);
// `step_size` is η of the compared phase, recorded exactly (shortest round-trip decimal) beside the
// outward-printed run quantities, so the checker can compare it with the trajectory.
nlohmann::json prediction_json(const theory::Prediction& prediction, const theory::ConclusionSpec& conclusion,
                               const std::map<std::string, Interval>& run_quantities, double step_size);
nlohmann::json confirmation_json(const theory::Confirmation& confirmation);
nlohmann::json strength_json(const theory::Strength& strength);
nlohmann::json trajectory_summary_json(const train::Trajectory& trajectory);
nlohmann::json environment_json(int threads);
// The build type and compiler flags of this binary (for `nncert env`).
std::string build_flags();

struct CertificateInputs {
  const theory::LoadedProblem& problem;
  const theory::VerificationReport& report;
  const VecD& theta0;
  const train::Trajectory& trajectory;
  std::string trajectory_file;    // relative to the certificate's directory
  std::string trajectory_sha256;  // of the file's bytes
  const std::map<std::string, Interval>& run_quantities;
  double step_size;  // η of the compared phase
  const theory::Prediction& prediction;
  const theory::Confirmation& confirmation;
  const theory::Strength& strength;
  std::string created;            // UTC time stamp (utc_now() unless a test fixes it)
  // The every-step loss file (steps.csv) the confirmation compares, and the sha256 of its bytes.
  std::string steps_file = "steps.csv";
  std::string steps_sha256 = "";
  // Where the certificate is written (the problem path is recorded relative to it); empty: absolute.
  std::filesystem::path certificate_dir = {};
};

nlohmann::json make_certificate(const CertificateInputs& inputs);

// "YYYY-MM-DDTHH:MM:SSZ"
std::string utc_now();

// Reads and validates (bounded_json.hpp, certificate_schema.hpp); InvalidInput naming the file and the
// field for a missing or irregular file, bad JSON, out-of-range numbers and schema errors. `check` and
// `report` both read certificates through this one function.
nlohmann::json read_certificate(const std::filesystem::path& file);

// The certificate as written (2-space indentation, trailing newline), atomically.
void write_certificate(const std::filesystem::path& file, const nlohmann::json& certificate);

// The certificate with "created" and every "seconds" removed (what determinism compares).
nlohmann::json without_timings(nlohmann::json certificate);

}  // namespace nncert::cert
