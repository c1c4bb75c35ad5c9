// [train] prune_keep (train/pruning.hpp): the trained scaled-shallow net pruned to its k largest-scale
// nodes. A hand-checked net where each input activates exactly one node, the tie order of γ = 1, k = m
// reproducing the unpruned net bit for bit, and the rejected inputs (negative twins).
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <string>

#include "nncert/data/accuracy.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/train/pruning.hpp"
#include "nncert/train/trainer.hpp"
#include "train_fixtures.hpp"

using namespace nncert;

namespace {

// m = 3 nodes in d = 2, γ = 0, α = 1/2: λ̃_j ∝ j^(−2), so λ = (36, 9, 4)/49 and √λ = (6, 3, 2)/7.
// W rows w_1 = (1, 0), w_2 = (0, 1), w_3 = (−1, −1); pre-activations are w_j·x/√2. Input a = (1, 0)
// activates node 1 only (z = 1/√2; node 2 has z = 0, node 3 z < 0), b = (0, 1) node 2 only, and
// c = (−1, −1)/√2 node 3 only (z = 1). With the first seed whose three output signs are all +1, a kept
// node votes +1 on its input and a dropped one leaves f = 0 there, which the sign rule reads as −1.
models::ScaledShallowNet<double> hand_net() {
  models::ScaledShallowConfig cfg;
  cfg.input_dim = 2;
  cfg.width = 3;
  cfg.gamma = 0.0;
  cfg.alpha = 0.5;
  for (std::uint64_t seed = 0;; ++seed) {
    cfg.seed = seed;
    models::ScaledShallowNet<double> net(cfg);
    if ((net.output_signs().array() == 1.0).all()) {
      VecD w(6);
      w << 1, 0, 0, 1, -1, -1;
      net.set_params(w);
      return net;
    }
  }
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("pruning: keeps the largest scales, hand-checked accuracies and losses") {
  const auto net = hand_net();
  // Training rows: a once, b twice, c four times, all labelled +1. Keeping node 1 alone classifies
  // a correctly (1/7); nodes 1-2 add b (3/7); all three nodes add c (7/7). Keeping the SMALLEST
  // scales instead would give 4/7 at k = 1: the twin that the ordering must not match.
  const double c = 1.0 / std::sqrt(2.0);
  MatD X(7, 2);
  X << 1, 0, 0, 1, 0, 1, -c, -c, -c, -c, -c, -c, -c, -c;
  const MatD Y = MatD::Constant(7, 1, 1.0);
  data::HeldOut test;
  test.X = MatD(1, 2);
  test.X << -c, -c;
  test.Y = MatD::Constant(1, 1, 1.0);

  const auto pruned = train::evaluate_pruned(net, X, Y, &test, {1, 2, 3});
  REQUIRE(pruned.size() == 3);
  CHECK(pruned[0].keep == 1);
  CHECK(pruned[0].train_accuracy == Approx(1.0 / 7.0).epsilon(0));
  CHECK(pruned[1].train_accuracy == Approx(3.0 / 7.0).epsilon(0));
  CHECK(pruned[2].train_accuracy == 1.0);
  CHECK(pruned[0].test_accuracy == 0.0);
  CHECK(pruned[1].test_accuracy == 0.0);
  CHECK(pruned[2].test_accuracy == 1.0);
  CHECK(pruned[0].train_accuracy != Approx(4.0 / 7.0));
  // Outputs: node j on its input gives √λ_j·relu(z) with z = 1/√2 for a and b (w·x = 1, /√d) and
  // z = (c + c)/√2 = 1 for c. Losses (1/(2n))Σ(f − 1)², n = 7, with √λ = (6, 3, 2)/7:
  const double fa = 6.0 / 7.0 * c, fb = 3.0 / 7.0 * c, fc = 2.0 / 7.0;
  const double loss1 = ((fa - 1) * (fa - 1) + 2 + 4) / 14.0;
  const double loss2 = ((fa - 1) * (fa - 1) + 2 * (fb - 1) * (fb - 1) + 4) / 14.0;
  const double loss3 = ((fa - 1) * (fa - 1) + 2 * (fb - 1) * (fb - 1) + 4 * (fc - 1) * (fc - 1)) / 14.0;
  CHECK(pruned[0].train_loss == Approx(loss1).epsilon(1e-14));
  CHECK(pruned[1].train_loss == Approx(loss2).epsilon(1e-14));
  CHECK(pruned[2].train_loss == Approx(loss3).epsilon(1e-14));
  CHECK(pruned[1].test_loss == Approx(0.5).epsilon(1e-15));  // f = 0 on c: (0 − 1)²/2
  CHECK(pruned[2].test_loss == Approx((fc - 1) * (fc - 1) / 2).epsilon(1e-14));
  // Results follow the order asked for.
  const auto reversed = train::evaluate_pruned(net, X, Y, &test, {3, 1});
  CHECK(reversed[0].keep == 3);
  CHECK(reversed[0].train_accuracy == 1.0);
  CHECK(reversed[1].train_accuracy == pruned[0].train_accuracy);
}

TEST_CASE("pruning: order is lambda descending, equal scales in index order") {
  VecD lambda(5);
  lambda << 0.1, 0.4, 0.1, 0.3, 0.1;
  CHECK(train::pruning_order(lambda) == std::vector<Index>{1, 3, 0, 2, 4});
  // γ = 1: every λ_j = 1/m exactly, so pruning keeps nodes 0..k−1.
  models::ScaledShallowConfig cfg;
  cfg.input_dim = 3;
  cfg.width = 6;
  cfg.gamma = 1.0;
  const models::ScaledShallowNet<double> net(cfg);
  CHECK(train::pruning_order(net.lambdas()) == std::vector<Index>{0, 1, 2, 3, 4, 5});
  // γ = 0: the power law decreases in j, so the order is again the index order, now by scale.
  cfg.gamma = 0.0;
  const models::ScaledShallowNet<double> power(cfg);
  CHECK(train::pruning_order(power.lambdas()) == std::vector<Index>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("pruning: k = m is the trained net itself, bit for bit") {
  const Index n = 30, d = 6, m = 40;
  MatD X = test::gaussian_matrix(n, d, 71);
  X.rowwise().normalize();
  MatD Y = test::gaussian_matrix(n, 1, 72).array().sign().matrix();
  data::HeldOut held;
  held.X = test::gaussian_matrix(20, d, 73);
  held.X.rowwise().normalize();
  held.Y = test::gaussian_matrix(20, 1, 74).array().sign().matrix();
  for (const double gamma : {0.0, 0.5, 1.0}) {
    models::ScaledShallowConfig cfg;
    cfg.input_dim = d;
    cfg.width = m;
    cfg.gamma = gamma;
    cfg.alpha = 0.5;
    cfg.seed = 5;
    models::ScaledShallowNet<double> net(cfg);
    train::TrainConfig config;
    config.algorithm = train::Algorithm::node_scaled;
    config.steps = 50;
    config.step_size = 0.5;
    config.gram_every = 0;
    config.prune_keep = {1, 10, m};
    const auto traj = train::train(net, X, Y, config, {}, &held);
    REQUIRE(traj.pruning.size() == 3);
    const auto& full = traj.pruning.back();
    CHECK(full.keep == m);
    const MatD f = net.forward(X), ft = net.forward(held.X);
    CHECK(full.train_loss == (f - Y).squaredNorm() / (2.0 * n));
    CHECK(full.train_loss == traj.final_loss());
    CHECK(full.train_accuracy == traj.final_train_accuracy());
    CHECK(full.test_accuracy == traj.final_test_accuracy());
    CHECK(full.test_loss == traj.final_test_loss());
    CHECK(full.test_loss == (ft - held.Y).squaredNorm() / 40.0);
    // Negative twin: keeping one node is not the trained net.
    CHECK(traj.pruning.front().train_loss != traj.final_loss());
  }
}

TEST_CASE("pruning: bad prune_keep values are rejected naming the file and line") {
  const auto parse = [](const std::string& text) {
    const auto problem = data::parse_problem_text(text, "p.toml");
    return train::parse_train_config(data::require_section(problem, "train"), "p.toml");
  };
  CHECK(parse("[train]\nprune_keep = [5, 1, 20]\n").prune_keep == std::vector<Index>{1, 5, 20});
  CHECK(parse("[train]\n").prune_keep.empty());
  for (const char* bad : {"[]", "[0]", "[-3]", "[2, 2]", "[1.5]", "5", "[\"1\"]"}) {
    const std::string message = error_of([&] { parse(std::string("[train]\nsteps = 3\nprune_keep = ") + bad + "\n"); });
    INFO(bad);
    CHECK(message.rfind("p.toml:3: [train].prune_keep", 0) == 0);
  }
  const auto check = [](const std::string& text) {
    const auto problem = data::parse_problem_text(text, "q.toml");
    train::check_prune_keep(train::parse_train_config(data::require_section(problem, "train"), "q.toml"), problem);
  };
  const std::string scaled = "[model]\nkind = \"scaled-shallow\"\nwidth = 10\n[train]\n";
  CHECK(error_of([&] { check(scaled + "prune_keep = [1, 10]\n"); }).empty());
  CHECK(error_of([&] { check(scaled + "steps = 2\n"); }).empty());
  CHECK(error_of([&] { check(scaled + "prune_keep = [1, 11]\n"); }).rfind("q.toml:5: [train].prune_keep keeps 11", 0) == 0);
  const std::string mlp = "[model]\nwidths = [2, 3, 1]\n[train]\nprune_keep = [1]\n";
  CHECK(error_of([&] { check(mlp); }).rfind("q.toml:4: [train].prune_keep needs [model] kind = \"scaled-shallow\"", 0) == 0);
  CHECK(!error_of([&] { check("[train]\nprune_keep = [1]\n"); }).empty());
  // The trainer's own guard: another model kind, or a count beyond the width.
  models::MlpConfig mc;
  mc.widths = {2, 3, 1};
  const models::Mlp<double> mlp_net(mc);
  CHECK_THROWS_AS(train::evaluate_pruned(mlp_net, MatD::Zero(1, 2), MatD::Ones(1, 1), nullptr, {1}), InvalidInput);
  models::ScaledShallowConfig cfg;
  cfg.input_dim = 2;
  cfg.width = 3;
  const models::ScaledShallowNet<double> net(cfg);
  CHECK_THROWS_AS(train::evaluate_pruned(net, MatD::Zero(1, 2), MatD::Ones(1, 1), nullptr, {4}), InvalidInput);
  CHECK_THROWS_AS(train::evaluate_pruned(net, MatD::Zero(1, 2), MatD::Ones(1, 1), nullptr, {0}), InvalidInput);
  const auto none = train::evaluate_pruned(net, MatD::Zero(1, 2), MatD::Ones(1, 1), nullptr, {3});
  CHECK(std::isnan(none[0].test_accuracy));
}
