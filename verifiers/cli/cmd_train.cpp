// `nncert train --problem P --out DIR`: the reference trainer alone; writes DIR/trajectory.csv.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <system_error>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/models/problem_model.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/train/train_config.hpp"
#include "nncert/train/trainer.hpp"
#include "nncert/train/trajectory.hpp"

namespace nncert::cli {
namespace {

struct TrainOptions {
  std::string problem;
  std::string out;
};

int run_train(const TrainOptions& options) {
  auto pm = models::load_problem_model(options.problem);
  const std::string file = pm.problem.path.string();
  const data::Dataset& ds = pm.data;
  if (ds.k() == 0) throw InvalidInput(file + ": [data] provides no targets Y; training needs them");
  // [train] may be left out: every setting then takes its documented default.
  train::TrainConfig config;
  if (const auto* section = data::optional_section(pm.problem, "train"))
    config = train::parse_train_config(*section, file);
  auto& model = pm.model;

  const std::filesystem::path dir(options.out);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InvalidInput(options.out + ": cannot create the output directory" +
                       (ec ? ": " + ec.message() : std::string()));

  train::ProgressCallback progress;
  const bool tty = isatty(STDERR_FILENO) == 1;
  Index shown = -1;
  if (tty)
    progress = [&](Index done, Index total) {
      const Index percent = total > 0 ? 100 * done / total : 100;
      if (percent == shown) return;
      shown = percent;
      std::cerr << fmt::format("\rtraining: {:3d}% ({}/{} steps)", percent, done, total) << std::flush;
    };
  const auto traj = train::train(*model, ds.X, ds.Y, config, progress);
  if (tty) std::cerr << '\n';
  const auto path = dir / "trajectory.csv";
  train::write_trajectory_csv(path, traj);
  std::cout << fmt::format(
      "trained {}: {} steps, step size {:.6g} ({}), loss {:.6g} -> {:.6g}, outcome {}; wrote {}\n",
      traj.algorithm, traj.steps, traj.step_size, traj.step_size_rule == "given" ? "given" : "auto",
      traj.initial_loss(), traj.final_loss(), train::to_string(traj.outcome), path.string());
  return 0;
}

const CommandRegistration registration{
    "train", "run the reference trainer on a problem file; writes DIR/trajectory.csv", [](CLI::App& app) {
      auto options = std::make_shared<TrainOptions>();
      app.add_option("--problem", options->problem, "problem file (TOML)")->required();
      app.add_option("--out", options->out, "output directory (created if missing)")->required();
      return [options] { return run_train(*options); };
    }};

}  // namespace
}  // namespace nncert::cli
