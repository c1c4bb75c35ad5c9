// node-scaled training (docs/theorems/caron-2023-node-scaling.md) and RFF-ResNet GD in the L² geometry
// (docs/problem-files.md#train-the-reference-trainer).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nncert/models/rff_resnet.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/train/trainer.hpp"
#include "train_fixtures.hpp"

using namespace nncert;

namespace {

struct NodeRun {
  train::Trajectory traj;
  double top_mean = 0, bottom_mean = 0;  // mean movement of the 10 largest-λ / 10 smallest-λ nodes
  double bound_violation = 0;            // max_j D_j / M_T (must be <= 1)
};

NodeRun run_nodes(double gamma) {
  const Index n = 10, d = 5, m = 200;
  MatD X = test::gaussian_matrix(n, d, 31);
  X.rowwise().normalize();
  const MatD Y = test::gaussian_matrix(n, 1, 32);
  models::ScaledShallowConfig cfg;
  cfg.input_dim = d;
  cfg.width = m;
  cfg.gamma = gamma;
  cfg.alpha = 0.5;
  cfg.seed = 33;
  models::ScaledShallowNet<double> model(cfg);
  train::TrainConfig config;
  config.algorithm = train::Algorithm::node_scaled;
  config.steps = 400;
  config.record_every = 1;  // every ‖r_t‖ enters M_T
  config.gram_every = 0;
  NodeRun run{train::train(model, X, Y, config)};
  const auto& t = run.traj;
  REQUIRE(t.node_movement.size() == m);
  REQUIRE(t.node_scale.size() == m);
  std::vector<Index> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return t.node_scale(a) > t.node_scale(b); });
  for (int i = 0; i < 10; ++i) {
    run.top_mean += t.node_movement(order[static_cast<std::size_t>(i)]) / 10;
    run.bottom_mean += t.node_movement(order[static_cast<std::size_t>(m - 1 - i)]) / 10;
  }
  // Derived by the project (docs/theorems/caron-2023-node-scaling.md), with our loss (1/(2n))‖r‖²:
  // ‖Δw_j‖ <= η√λ_j ‖r_t‖ max_i‖x_i‖/√(n d) per step, so
  // D_j = ‖w_j(T) − w_j(0)‖/√λ_j <= M_T = (η max‖x‖/√(nd)) Σ_{t<T} ‖r_t‖, ‖r_t‖ = √(2n L_t).
  double sum_r = 0;
  for (std::size_t i = 0; i + 1 < t.rows.size(); ++i) sum_r += std::sqrt(2.0 * n * t.rows[i].loss);
  const double mt = t.step_size * 1.0 / std::sqrt(static_cast<double>(n * d)) * sum_r;
  for (Index j = 0; j < m; ++j)
    run.bound_violation = std::max(run.bound_violation, t.node_movement(j) / std::sqrt(t.node_scale(j)) / mt);
  return run;
}

// Depth 4, 4 hidden units, 24 features, on 6 points in the plane (the RFF-ResNet trainer tests).
models::RffResNetConfig small_rff_resnet() {
  models::RffResNetConfig cfg;
  cfg.input_dim = 2;
  cfg.output_dim = 1;
  cfg.depth = 4;
  cfg.hidden = 4;
  cfg.features = 24;
  cfg.seed = 41;
  return cfg;
}

}  // namespace

TEST_CASE("node-scaled: small-scale nodes move less than the top nodes; D_j <= M_T (node_scaling §4)") {
  const auto run = run_nodes(0.2);
  CHECK(run.traj.final_loss() < run.traj.initial_loss());
  CHECK(run.bottom_mean < 0.2 * run.top_mean);
  CHECK(run.bound_violation <= 1.0 + 1e-12);
  REQUIRE(!run.traj.rows.empty());
  CHECK(run.traj.rows.back().node_movement_max == Approx(run.traj.node_movement.maxCoeff()));
  CHECK(run.traj.rows.back().node_movement_mean == Approx(run.traj.node_movement.mean()));
}

TEST_CASE("node-scaled: with NTK scaling (gamma = 1) no node group moves much more than another") {
  const auto run = run_nodes(1.0);
  CHECK(run.bottom_mean > 0.3 * run.top_mean);
  CHECK(run.bottom_mean < 3.0 * run.top_mean);
  CHECK(run.bound_violation <= 1.0 + 1e-12);
}

TEST_CASE("rff-resnet-gd: Theta_k <- Theta_k - eta L dF/dTheta_k, norms in the L2 metric") {
  const models::RffResNetConfig cfg = small_rff_resnet();
  const MatD X = test::gaussian_matrix(6, 2, 42);
  const MatD Y = test::gaussian_matrix(6, 1, 43);
  models::RffResNet<double> model(cfg);
  models::RffResNet<double> reference(cfg);
  const auto g0 = reference.squared_loss_and_gradient(X, Y);
  train::TrainConfig config;
  config.algorithm = train::Algorithm::rff_resnet_gd;
  config.step_size = 0.05;
  config.steps = 1;
  config.record_every = 1;
  const auto traj = train::train(model, X, Y, config);
  const VecD expected = reference.params() - 0.05 * 4.0 * g0.gradient;
  CHECK((traj.final_params - expected).norm() <= 1e-15 * (1 + expected.norm()));
  REQUIRE(traj.rows.size() == 2);
  CHECK(traj.rows[0].grad_norm_sq == Approx(4.0 * g0.gradient.squaredNorm()).epsilon(1e-14));
  CHECK(traj.rows[1].distance_from_init == Approx(0.05 * 4.0 * g0.gradient.norm() / 2.0).epsilon(1e-12));
  // Twin: the same model under plain gd moves L times less.
  models::RffResNet<double> plain(cfg);
  config.algorithm = train::Algorithm::gd;
  const auto gd = train::train(plain, X, Y, config);
  CHECK((gd.final_params - reference.params()).norm() ==
        Approx((traj.final_params - reference.params()).norm() / 4.0).epsilon(1e-12));
  // A recipe on the wrong model kind is bad input.
  models::Mlp<double> mlp(test::pos0().config);
  config.algorithm = train::Algorithm::rff_resnet_gd;
  CHECK_THROWS_AS(train::train(mlp, test::pos0().X, test::pos0().Y, config), InvalidInput);
}

TEST_CASE("rff-resnet-flow integrates the L2 gradient flow: GD with small steps converges to it") {
  const models::RffResNetConfig cfg = small_rff_resnet();
  const MatD X = test::gaussian_matrix(6, 2, 42);
  const MatD Y = test::gaussian_matrix(6, 1, 43);
  const VecD theta0 = models::RffResNet<double>(cfg).params();
  // The flow to t = 0.5 (Dormand-Prince, tight tolerances) against explicit Euler = GD with
  // eta = 0.5/K: Euler's global error is O(eta), so halving eta halves the gap.
  models::RffResNet<double> flow_model(cfg);
  train::TrainConfig flow;
  flow.algorithm = train::Algorithm::rff_resnet_flow;
  flow.step_size = 0.05;
  flow.steps = 10;
  flow.record_every = 5;
  flow.rtol = 1e-12;
  flow.atol = 1e-14;
  const VecD theta_flow = train::train(flow_model, X, Y, flow).final_params;
  auto euler_gap = [&](Index k) {
    models::RffResNet<double> m(cfg);
    train::TrainConfig gd;
    gd.algorithm = train::Algorithm::rff_resnet_gd;
    gd.step_size = 0.5 / static_cast<double>(k);
    gd.steps = k;
    gd.record_every = k;
    return (train::train(m, X, Y, gd).final_params - theta_flow).norm();
  };
  const double moved = (theta_flow - theta0).norm();
  REQUIRE(moved > 1e-3);
  const double gap200 = euler_gap(200), gap400 = euler_gap(400);
  CHECK(gap200 < 0.05 * moved);
  CHECK(gap400 / gap200 == Approx(0.5).margin(0.05));
  // Twin: the Euclidean gradient flow (metric weight 1 instead of L = 4) reaches a different point.
  models::RffResNet<double> euclid(cfg);
  flow.algorithm = train::Algorithm::gradient_flow;
  CHECK((train::train(euclid, X, Y, flow).final_params - theta_flow).norm() > 10 * gap200);
}
