#pragma once
// Admission control of the commands (see nncert/data/admission.hpp for the budget): the estimates
// of the work a problem needs, computed from its sizes before any heavy work starts, and the
// --max-memory / --max-seconds options that raise the budget.
//
// The estimates are sums of the pieces of work_estimates.hpp, shared by every command (n data
// points of dimension d with k outputs, p parameters):
//   verify:       data n·d, Gram of the data (n²·d), λ_min of it certified, Jacobian n·k × p and
//                 J_S J_Sᵀ: memory 8·(n·d + 4·n² + 2·n·k·p), time (n²·d + 10·n³ + 2·n²·k·p + 10·n·k·p)/speed
//   train:        what the trainer does, counted per model kind and algorithm and charged at rates
//                 measured on one core (work_estimates.hpp "Training"; docs/command-line.md): the
//                 loss-and-gradient evaluations (a frozen MLP prefix evaluated once), the trajectory
//                 rows (test split, accuracies), the Grams of gram_every and of an automatic step
//                 size, certify_every, the DAA residuals, pruning; memory adds the test split, the
//                 per-step loss log and the largest transient Gram or Jacobian
//   prove, check: both, one after the other (check replays prove on the certificate's problem;
//                 check --no-replay: verify)
//   kernel:       the n×n Gram at its kernel's cost per entry; --certify: in intervals, then λ_min
//   kernel entk:  the model, then the (n·k)×(n·k) Gram J_S J_Sᵀ
//   jacobian:     the model, then J_S (n·k × |S|) and a copy
//   certify-spd:  λ_min of the n×n matrix; sigma-min: σ_min of the m×c matrix
//   report:       the certificate and its trajectory file, parsed and rendered
// speed is data::kAssumedFlopsPerSecond (training: its own measured rates). Refusal is InvalidInput
// (exit code 2) with the estimate.
#include <filesystem>

#include <CLI/CLI.hpp>

#include "nncert/data/dataset.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/models/problem_model.hpp"
#include "nncert/train/train_config.hpp"

namespace nncert::cli {

// Adds --max-memory SIZE and --max-seconds S to `app`; they set the process-wide budget when parsed.
void add_budget_options(CLI::App& app);

enum class Work { verify, train, prove };

// Throws InvalidInput "PROBLEM: <command> of n = …, p = …: needs an estimated …" when the work
// exceeds the budget. `training` is the problem's [train] configuration (ignored for verify).
void admit_work(const std::filesystem::path& problem, Work work, const data::Dataset& data,
                const models::ModelConfig& model, const train::TrainConfig& training);

inline constexpr const char* kDryRunHelp =
    "read the input and estimate the work, print the estimate and stop (exit 0 if admitted)";

// Adds --dry-run (kDryRunHelp) bound to `dry_run`.
void add_dry_run_option(CLI::App& app, bool& dry_run);

// For --dry-run: prints "admitted: <the last admitted estimate>" on stdout; returns exit code 0.
int print_admitted();

// models::load_problem_model with the model admitted (its p parameters with the data) before it is
// built: a width of 10⁹ is refused, not allocated. `command` names the work in the message.
models::ProblemModel load_admitted_model(const std::filesystem::path& problem, const std::string& command);

// Parameter count of a model configuration, without building the model.
double parameter_count(const models::ModelConfig& model, Index data_dim, Index data_outputs);

}  // namespace nncert::cli
