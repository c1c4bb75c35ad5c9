// The recipes of docs/problem-files.md#train-the-reference-trainer: two-phase (T8 and its negative twin F6) and the alignment
// framework (DAA).
#include <catch2/catch.hpp>

#include <cmath>

#include "nncert/train/trainer.hpp"
#include "train_fixtures.hpp"

using namespace nncert;

namespace {

train::TrainConfig two_phase_config(train::Algorithm algorithm) {
  train::TrainConfig config;
  config.algorithm = algorithm;
  config.steps = 45000;
  config.tau = 200;
  config.record_every = 500;
  config.gram_every = 10;
  return config;
}

const train::TrajectoryRow& switch_row(const train::Trajectory& t) {
  for (const auto& row : t.rows)
    if (row.phase == 2) return row;  // the first phase-2 row: θ just after the perturbation
  FAIL("no phase-2 row");
  return t.rows.front();
}

}  // namespace

TEST_CASE("two-phase: POS-0 reaches loss < 1e-12 L_tau at the frozen-feature rate (kawaguchi T8)") {
  const auto inst = test::pos0();
  models::Mlp<double> model(inst.config);
  const auto traj = train::train(model, inst.X, inst.Y, two_phase_config(train::Algorithm::kawaguchi_sun_two_phase));
  const auto& at_tau = switch_row(traj);
  CHECK(at_tau.step == 200);
  CHECK(traj.tau == 200);
  CHECK(traj.block == "output");
  REQUIRE(at_tau.lambda_min_gram > 0);
  CHECK(traj.final_loss() < 1e-12 * at_tau.loss);
  CHECK(traj.outcome == train::Outcome::loss_vanished);
  // Phase-1 rows are ordinary GD on everything, phase-2 rows move only the output layer at the T5 rate.
  const double n = static_cast<double>(inst.X.rows());
  const double rate = 1 - traj.phase2_step_size * at_tau.lambda_min_gram / n;
  for (const auto& row : traj.rows)
    if (row.phase == 2 && row.loss > 1e-25 * at_tau.loss)
      CHECK(row.loss <= std::pow(rate, 2.0 * static_cast<double>(row.step - 200)) * at_tau.loss * (1 + 1e-6));
}

TEST_CASE("two-phase: NEG-width (m = 6 < n = 8) plateaus above 0 and is not called a minimum (kawaguchi F6)") {
  const auto inst = test::neg_width();
  models::Mlp<double> model(inst.config);
  auto config = two_phase_config(train::Algorithm::kawaguchi_sun_two_phase);
  config.steps = 20000;
  const auto traj = train::train(model, inst.X, inst.Y, config);
  const auto& at_tau = switch_row(traj);
  CHECK(traj.final_loss() > 1e-3 * at_tau.loss);
  CHECK(traj.outcome == train::Outcome::plateau_rank_deficient);
}

TEST_CASE("alignment framework: DAA observed on POS-0, not on NEG-width") {
  for (bool positive : {true, false}) {
    const auto inst = positive ? test::pos0() : test::neg_width();
    models::Mlp<double> model(inst.config);
    auto config = two_phase_config(train::Algorithm::alignment_framework);
    config.steps = positive ? 45000 : 5000;
    const auto traj = train::train(model, inst.X, inst.Y, config);
    const auto& at_tau = switch_row(traj);
    REQUIRE(!std::isnan(at_tau.daa_residual));
    if (positive) {
      CHECK(at_tau.daa_residual < 1e-8);
      CHECK(traj.outcome == train::Outcome::loss_vanished);
    } else {
      CHECK(at_tau.daa_residual > 1e-3);
      CHECK(traj.outcome == train::Outcome::plateau_rank_deficient);
    }
  }
}
