#pragma once
// Admission control of the commands (see nncert/data/admission.hpp for the budget): the estimates
// of the work a problem needs, computed from its sizes before any heavy work starts, and the
// --max-memory / --max-seconds options that raise the budget.
//
// The estimates (n data points of dimension d with k outputs, p parameters, 8-byte doubles):
//   verify:   memory 8·(n·d + 4·n² + 2·n·k·p)         time (n²·d + 10·n³ + 2·n²·k·p + 10·n·k·p) / speed
//             (interval Gram, its factor and work space; the Jacobian and a copy)
//   train:    memory 8·(n·d + 3·n·W + 4·p)            time steps·(6·n·p + 10⁻⁶·speed) / speed
//             (W: the sum of the layer widths, for the activations kept for back-propagation)
//   prove:    both.
// speed is data::kAssumedFlopsPerSecond. Refusal is InvalidInput (exit code 2) with the estimate.
#include <filesystem>

#include <CLI/CLI.hpp>

#include "nncert/data/dataset.hpp"
#include "nncert/models/model_config.hpp"

namespace nncert::cli {

// Adds --max-memory SIZE and --max-seconds S to `app`; they set the process-wide budget when parsed.
void add_budget_options(CLI::App& app);

enum class Work { verify, train, prove };

// Throws InvalidInput "PROBLEM: <command> of n = …, p = …: needs an estimated …" when the work
// exceeds the budget. `steps` is the number of training steps (ignored for verify).
void admit_work(const std::filesystem::path& problem, Work work, const data::Dataset& data,
                const models::ModelConfig& model, Index steps);

inline constexpr const char* kDryRunHelp =
    "read the problem and estimate the work, print the estimate and stop (exit 0 if admitted)";

// For --dry-run: prints "admitted: <the last admitted estimate>" on stdout; returns exit code 0.
int print_admitted();

// Parameter count of a model configuration, without building the model.
double parameter_count(const models::ModelConfig& model, Index data_dim, Index data_outputs);

}  // namespace nncert::cli
