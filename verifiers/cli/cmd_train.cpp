// `nncert train --problem P --out DIR`: the reference trainer alone; writes DIR/trajectory.csv and
// DIR/theta.npy (the final parameters θ_T, 1-d float64 in the θ layout of docs/problem-files.md, the
// writer of `nncert jacobian`). With [data] test_n the held-out rows are evaluated at every recorded
// row (test loss and accuracy columns); the summary line gives the final accuracies.
// The sizes are admitted first (admission.hpp); the output is staged and published as one set
// (output_set.hpp). Exit 0 trained, 2 bad input or over the budget.

#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "admission.hpp"
#include "command.hpp"
#include "progress.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/data/output_set.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/models/problem_model.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/train/pruning.hpp"
#include "nncert/train/train_config.hpp"
#include "nncert/train/trainer.hpp"
#include "nncert/train/trajectory.hpp"

namespace nncert::cli {
namespace {

struct TrainOptions {
  std::string problem;
  std::string out;
  bool force = false;
  bool dry_run = false;
};

// ", train accuracy 0.9, test loss 0.1, test accuracy 0.8 (m = 100)" for what was recorded, else "".
std::string generalisation_summary(const train::Trajectory& traj) {
  std::string out;
  if (std::isfinite(traj.final_train_accuracy())) out += fmt::format(", train accuracy {:.6g}", traj.final_train_accuracy());
  if (traj.test_rows > 0) {
    out += fmt::format(", test loss {:.6g}", traj.final_test_loss());
    if (std::isfinite(traj.final_test_accuracy())) out += fmt::format(", test accuracy {:.6g}", traj.final_test_accuracy());
    out += fmt::format(" (test rows: {})", traj.test_rows);
  }
  return out;
}

int run_train(const TrainOptions& options) {
  // Data and model configuration only: the model itself (p parameters) is built once admitted.
  data::ProblemFile problem;
  data::Dataset ds;
  std::optional<models::ModelConfig> model_config;
  train::TrainConfig config;
  naming_file(options.problem, [&] {
    problem = data::read_problem_file(options.problem);
    const std::string file = problem.path.string();
    ds = data::load_dataset(problem);
    if (ds.k() == 0) throw InvalidInput(file + ": [data] provides no targets Y; training needs them");
    model_config = models::model_config_from_problem(problem, ds);
    // [train] may be left out: every setting then takes its documented default.
    if (const auto* section = data::optional_section(problem, "train")) config = train::parse_train_config(*section, file);
    train::check_prune_keep(config, problem);
    admit_work(problem.path, Work::train, ds, *model_config, config);
  });
  if (options.dry_run) return print_admitted();
  auto model = models::build_model<double>(*model_config);

  data::OutputSet set(options.out, options.force);
  const auto traj = train::train(*model, ds.X, ds.Y, config, training_progress(), ds.test ? &*ds.test : nullptr);
  train::write_trajectory_csv(set.staging() / "trajectory.csv", traj);
  data::write_npy_vector(set.staging() / "theta.npy", traj.final_params);
  set.publish();
  const auto path = set.target() / "trajectory.csv";
  std::cout << fmt::format(
      "trained {}: {} steps, step size {:.6g} ({}), loss {:.6g} -> {:.6g}, outcome {}{}; wrote {} and theta.npy\n",
      traj.algorithm, traj.steps, traj.step_size, traj.step_size_rule == "given" ? "given" : "auto",
      traj.initial_loss(), traj.final_loss(), train::to_string(traj.outcome), generalisation_summary(traj),
      path.string());
  return 0;
}

const CommandRegistration registration{
    "train", "run the reference trainer on a problem file; writes DIR/trajectory.csv and DIR/theta.npy", [](CLI::App& app) {
      auto options = std::make_shared<TrainOptions>();
      app.add_option("--problem", options->problem, "problem file (TOML)")->required();
      app.add_option("--out", options->out, "output directory (created if missing)")->required();
      app.add_flag("--force", options->force, "replace --out even if it holds something other than an nncert output set");
      add_budget_options(app);
      app.add_flag("--dry-run", options->dry_run, kDryRunHelp);
      return [options] { return run_train(*options); };
    }};

}  // namespace
}  // namespace nncert::cli
