// Gradient flow: the closed form of a linear model, and agreement with tiny-step GD (first order).
#include <catch2/catch.hpp>

#include <cmath>

#include "nncert/train/trainer.hpp"
#include "train_fixtures.hpp"

using namespace nncert;

TEST_CASE("gradient flow: matches the closed form of a linear model f = X theta") {
  // f(x) = wᵀx: the closed form and its plateau are in train_fixtures.hpp (LinearFlow).
  const test::LinearFlow flow;
  models::Mlp<double> model(flow.config);

  train::TrainConfig config;
  config.algorithm = train::Algorithm::gradient_flow;
  config.step_size = 0.05;  // horizon t = steps·η = 10
  config.steps = 200;
  config.record_every = 10;
  config.rtol = 1e-11;
  config.atol = 1e-14;
  const auto traj = train::train(model, flow.X, flow.Y, config);
  REQUIRE(traj.rows.size() == 21);
  CHECK(traj.rows.back().time == Approx(10.0).epsilon(1e-14));
  for (const auto& row : traj.rows) {
    INFO("t = " << row.time);
    CHECK(row.loss == Approx(flow.loss_at(row.time)).epsilon(1e-8));
  }
  // The limit is the least-squares plateau, not 0: the trainer must not call it vanished.
  CHECK(flow.loss_at(1e9) > 1e-3);
  CHECK(traj.outcome != train::Outcome::loss_vanished);
}

TEST_CASE("gradient flow: GD with a small step approaches it at first order") {
  const auto inst = test::pos0();
  const auto run = [&](train::Algorithm algorithm, double eta, Index steps) {
    models::Mlp<double> model(inst.config);
    train::TrainConfig config;
    config.algorithm = algorithm;
    config.step_size = eta;
    config.steps = steps;
    config.record_every = steps;
    config.gram_every = 0;
    config.rtol = 1e-10;
    config.atol = 1e-14;
    return train::train(model, inst.X, inst.Y, config);
  };
  const auto flow = run(train::Algorithm::gradient_flow, 0.01, 100);  // t = 1
  const auto coarse = run(train::Algorithm::gd, 0.01, 100);
  const auto fine = run(train::Algorithm::gd, 0.001, 1000);
  REQUIRE(flow.rows.back().time == Approx(1.0));
  REQUIRE(fine.rows.back().time == Approx(1.0));
  const double e_coarse = std::abs(coarse.final_loss() - flow.final_loss());
  const double e_fine = std::abs(fine.final_loss() - flow.final_loss());
  CHECK(e_fine < 1e-2 * flow.final_loss());
  // First order: ten times smaller step, about ten times smaller gap (at least 5x).
  CHECK(e_fine * 5 < e_coarse);
  CHECK(flow.final_loss() < flow.initial_loss());
}
