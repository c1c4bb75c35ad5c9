// Gradient flow: the closed form of a linear model, and agreement with tiny-step GD (first order).
#include <catch2/catch.hpp>

#include <cmath>

#include <Eigen/Eigenvalues>

#include "nncert/train/trainer.hpp"
#include "train_fixtures.hpp"

using namespace nncert;

TEST_CASE("gradient flow: matches the closed form of a linear model f = X theta") {
  // f(x) = wᵀx (widths {4, 1}, no bias): J = X, dr/dt = −(1/n) X Xᵀ r, so with X Xᵀ = Q Λ Qᵀ
  //   L(t) = (1/(2n)) Σ_i e^{−2tλ_i/n} (q_iᵀ r_0)².   p = 4 < n = 6: two λ_i are 0 (a plateau).
  const Index n = 6, d = 4;
  const MatD X = test::gaussian_matrix(n, d, 21);
  const MatD Y = test::gaussian_matrix(n, 1, 22);
  models::MlpConfig cfg;
  cfg.widths = {d, 1};
  cfg.bias = false;
  cfg.seed = 23;
  models::Mlp<double> model(cfg);
  const VecD r0 = model.forward(X).col(0) - Y.col(0);
  const Eigen::SelfAdjointEigenSolver<MatD> eig(X * X.transpose());
  const VecD c = eig.eigenvectors().transpose() * r0;
  const auto closed_form = [&](double t) {
    double l = 0;
    for (Index i = 0; i < n; ++i)
      l += std::exp(-2 * t * std::max(eig.eigenvalues()(i), 0.0) / static_cast<double>(n)) * c(i) * c(i);
    return l / (2 * static_cast<double>(n));
  };

  train::TrainConfig config;
  config.algorithm = train::Algorithm::gradient_flow;
  config.step_size = 0.05;  // horizon t = steps·η = 10
  config.steps = 200;
  config.record_every = 10;
  config.rtol = 1e-11;
  config.atol = 1e-14;
  const auto traj = train::train(model, X, Y, config);
  REQUIRE(traj.rows.size() == 21);
  CHECK(traj.rows.back().time == Approx(10.0).epsilon(1e-14));
  for (const auto& row : traj.rows) {
    INFO("t = " << row.time);
    CHECK(row.loss == Approx(closed_form(row.time)).epsilon(1e-8));
  }
  // The limit is the least-squares plateau, not 0: the trainer must not call it vanished.
  CHECK(closed_form(1e9) > 1e-3);
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
