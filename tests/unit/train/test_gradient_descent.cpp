// Fixed-step GD: the exact linear rate of docs/theorems/kawaguchi-sun-2021-expressivity.md#tests-that-pin-it T5, the automatic step size,
// determinism and the CSV file.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>

#include "nncert/train/trainer.hpp"
#include "test_support.hpp"
#include "train_fixtures.hpp"

using namespace nncert;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool identical(const train::Trajectory& a, const train::Trajectory& b) {
  if (a.rows.size() != b.rows.size()) return false;
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    const auto &x = a.rows[i], &y = b.rows[i];
    if (x.step != y.step || x.phase != y.phase || !same_bits(x.time, y.time) || !same_bits(x.loss, y.loss) ||
        !same_bits(x.grad_norm_sq, y.grad_norm_sq) || !same_bits(x.lambda_min_gram, y.lambda_min_gram) ||
        !same_bits(x.lambda_min_certified, y.lambda_min_certified) ||
        !same_bits(x.distance_from_init, y.distance_from_init))
      return false;
  }
  return a.final_params.size() == b.final_params.size() &&
         std::memcmp(a.final_params.data(), b.final_params.data(),
                     sizeof(double) * static_cast<std::size_t>(a.final_params.size())) == 0;
}

}  // namespace

TEST_CASE("gd: training only the output layer follows the exact rate (1 - eta lambda_min/n)^(2t) (kawaguchi T5)") {
  const auto inst = test::pos0();
  models::Mlp<double> model(inst.config);
  const double n = static_cast<double>(inst.X.rows());
  // G = J_S J_Sᵀ for S = the output weights: constant while the features are frozen.
  const MatD G = model.ntk_gram_block(inst.X, "output");
  const Eigen::SelfAdjointEigenSolver<MatD> eig(G);
  const double lmin = eig.eigenvalues()(0), lmax = eig.eigenvalues()(G.rows() - 1);
  REQUIRE(lmin > 0);
  const double eta = n / lmax;
  const double rate = 1 - eta * lmin / n;  // per step, on ‖r‖
  // Steps for the bound to pass 1e-17: rate^(2t) <= 1e-17.
  const auto steps = static_cast<Index>(std::ceil(std::log(1e-17) / (2 * std::log(rate))));
  REQUIRE(steps < 400000);

  train::TrainConfig config;
  config.algorithm = train::Algorithm::gd;
  config.block = "output";
  config.step_size = eta;
  config.steps = steps;
  config.record_every = std::max<Index>(1, steps / 400);
  config.gram_every = 0;
  const auto traj = train::train(model, inst.X, inst.Y, config);
  const double l0 = traj.initial_loss();
  REQUIRE(traj.rows.size() > 10);
  for (const auto& row : traj.rows) {
    // Bound plus the rounding floor of evaluating the loss (relative 1e-9, absolute 1e-28·L0).
    const double bound = std::pow(rate, 2.0 * static_cast<double>(row.step)) * l0;
    INFO("step " << row.step << " loss " << row.loss << " bound " << bound);
    CHECK(row.loss <= bound * (1 + 1e-9) + 1e-28 * l0);
  }
  CHECK(traj.final_loss() < 1e-16 * l0);
  CHECK(traj.outcome == train::Outcome::loss_vanished);

  // Negative twin: the rate with λ_min replaced by 2λ_min is too fast and must be violated somewhere.
  bool violated = false;
  const double too_fast = 1 - eta * 2 * lmin / n;
  for (const auto& row : traj.rows)
    if (row.step > 0 && row.loss > 1e-20 * l0 &&
        row.loss > std::pow(too_fast, 2.0 * static_cast<double>(row.step)) * l0 * (1 + 1e-9))
      violated = true;
  CHECK(violated);
}

TEST_CASE("gd: the automatic step size decreases the loss monotonically; a step 20x larger does not") {
  auto inst = test::kawaguchi_instance(12, 3, 16, 5, models::Activation::softplus);
  models::Mlp<double> model(inst.config);
  train::TrainConfig config;
  config.algorithm = train::Algorithm::gd;
  config.steps = 300;
  config.record_every = 1;
  config.gram_every = 0;
  const auto traj = train::train(model, inst.X, inst.Y, config);
  REQUIRE(traj.step_size > 0);
  CHECK_THAT(traj.step_size_rule, Catch::Contains("auto"));
  for (std::size_t i = 1; i < traj.rows.size(); ++i) CHECK(traj.rows[i].loss <= traj.rows[i - 1].loss);
  CHECK(traj.final_loss() < 0.5 * traj.initial_loss());

  models::Mlp<double> model2(inst.config);
  config.step_size = 20 * traj.step_size;
  const auto wild = train::train(model2, inst.X, inst.Y, config);
  bool increased = wild.outcome == train::Outcome::diverged;
  for (std::size_t i = 1; i < wild.rows.size(); ++i) increased |= wild.rows[i].loss > wild.rows[i - 1].loss;
  CHECK(increased);
}

TEST_CASE("gd: two runs with the same seed and thread count are identical bit for bit") {
  const auto inst = test::pos0(3);
  train::TrainConfig config;
  config.algorithm = train::Algorithm::kawaguchi_sun_two_phase;
  config.steps = 400;
  config.tau = 100;
  config.record_every = 20;
  config.certify_every = 5;
  config.threads = 1;
  models::Mlp<double> a(inst.config), b(inst.config);
  const auto ta = train::train(a, inst.X, inst.Y, config);
  const auto tb = train::train(b, inst.X, inst.Y, config);
  CHECK(identical(ta, tb));
  // Twin: another perturbation seed changes the trajectory after the switch.
  config.seed = 1;
  models::Mlp<double> c(inst.config);
  const auto tc = train::train(c, inst.X, inst.Y, config);
  CHECK_FALSE(identical(ta, tc));
}

TEST_CASE("gd: certified lambda_min at checkpoints is positive for POS-0 and never for NEG-width") {
  for (bool positive : {true, false}) {
    const auto inst = positive ? test::pos0() : test::neg_width();
    models::Mlp<double> model(inst.config);
    train::TrainConfig config;
    config.block = "output";
    config.steps = 20;
    config.record_every = 10;
    config.certify_every = 1;
    const auto traj = train::train(model, inst.X, inst.Y, config);
    REQUIRE(traj.rows.size() == 3);
    for (const auto& row : traj.rows) {
      CHECK(row.lambda_min_certified_ok == positive);
      if (positive) {
        CHECK(row.lambda_min_certified > 0);
        CHECK(row.lambda_min_certified <= row.lambda_min_gram * (1 + 1e-12));
      }
    }
  }
}

TEST_CASE("trajectory csv: header names the columns, one line per row, 17 significant digits") {
  const auto inst = test::pos0();
  models::Mlp<double> model(inst.config);
  train::TrainConfig config;
  config.steps = 10;
  config.record_every = 5;
  const auto traj = train::train(model, inst.X, inst.Y, config);
  const auto dir = test::make_temp_dir("train_csv");
  const auto path = std::filesystem::path(dir) / "trajectory.csv";
  train::write_trajectory_csv(path, traj);
  std::ifstream in(path);
  std::string header, line;
  std::getline(in, header);
  CHECK(header.rfind("step,time,phase,loss,grad_norm_sq,pl_ratio", 0) == 0);
  std::size_t lines = 0;
  double first_loss = 0;
  while (std::getline(in, line)) {
    if (lines == 0) {
      std::stringstream ss(line);
      std::string cell;
      for (int c = 0; c < 4; ++c) std::getline(ss, cell, ',');
      first_loss = std::stod(cell);
    }
    ++lines;
  }
  CHECK(lines == traj.rows.size());
  CHECK(first_loss == traj.rows.front().loss);  // exact round trip
  std::filesystem::remove_all(dir);
}

TEST_CASE("gd on upper layers evaluates only the tail of the net, bit-identical to full passes") {
  // The trainer computes the frozen layers' output once per segment (engine.hpp SetEvaluator); each
  // step must still equal, bit for bit, a step that runs the whole net and takes ∇_S L from it.
  auto inst = test::kawaguchi_instance(8, 3, 10, 17);
  inst.config.widths = {3, 5, 10, 4, 1};
  const std::vector<std::vector<std::string>> sets{{"output"}, {"layer:3", "output.bias"}, {"layer:2"}};
  for (const auto& names : sets) {
    std::string block = names[0];
    for (std::size_t i = 1; i < names.size(); ++i) block += "+" + names[i];
    models::Mlp<double> model(inst.config);
    models::Mlp<double> reference(inst.config);
    train::TrainConfig config;
    config.algorithm = train::Algorithm::gd;
    config.block = block;
    config.step_size = 0.05;
    config.steps = 25;
    config.record_every = 5;
    const auto traj = train::train(model, inst.X, inst.Y, config);
    VecD theta = reference.params();
    std::vector<models::ParameterBlock> parts;
    for (const auto& name : names) parts.push_back(reference.block(name));
    for (int s = 0; s < 25; ++s) {
      const auto lg = reference.squared_loss_and_gradient(inst.X, inst.Y);
      for (const auto& b : parts) theta.segment(b.offset, b.size) -= 0.05 * lg.gradient.segment(b.offset, b.size);
      reference.set_params(theta);
    }
    const double loss = reference.squared_loss_and_gradient(inst.X, inst.Y).loss;
    INFO("block " << block);
    CHECK(traj.final_params == theta);
    CHECK(traj.rows.back().loss == loss);
  }
}
