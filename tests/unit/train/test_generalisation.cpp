// The trainer's generalisation columns (trajectory.hpp): train accuracy for classification targets,
// test loss and accuracy on held-out rows, each equal to an independent recomputation from the
// trained network; regression targets and runs without test rows record nothing.
#include <catch2/catch.hpp>

#include <cmath>

#include "nncert/data/accuracy.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/train/trainer.hpp"
#include "train_fixtures.hpp"

using namespace nncert;

namespace {

// ±1 labels from the sign of the first coordinate (a separable problem a tanh net learns).
MatD sign_targets(const MatD& X) {
  MatD Y(X.rows(), 1);
  for (Index i = 0; i < X.rows(); ++i) Y(i, 0) = X(i, 0) > 0 ? 1.0 : -1.0;
  return Y;
}

train::TrainConfig short_gd(Index steps) {
  train::TrainConfig config;
  config.algorithm = train::Algorithm::gd;
  config.step_size = 0.1;
  config.steps = steps;
  config.record_every = 10;
  config.gram_every = 0;
  config.certify_every = 0;
  return config;
}

}  // namespace

TEST_CASE("trainer: accuracy and test loss at every row equal a recomputation from the network",
          "[train][generalisation]") {
  const MatD X = test::gaussian_matrix(24, 3, 5), Xt = test::gaussian_matrix(16, 3, 6);
  const MatD Y = sign_targets(X);
  data::HeldOut held{Xt, sign_targets(Xt), {}};
  models::MlpConfig config;
  config.widths = {3, 12, 1};
  config.activation = models::Activation::tanh;
  config.bias = true;
  config.seed = 4;
  models::Mlp<double> model(config);
  const auto traj = train::train(model, X, Y, short_gd(100), {}, &held);
  REQUIRE(traj.rows.size() == 11);
  CHECK(traj.test_rows == 16);
  // The last row is at the final θ, which the model holds after train().
  const MatD f = model.forward(X), ft = model.forward(Xt);
  const auto& last = traj.rows.back();
  CHECK(last.train_accuracy == data::accuracy(f, Y).value());
  CHECK(last.test_accuracy == data::accuracy(ft, held.Y).value());
  double sum = 0;  // (1/(2m)) Σ (f − y)², summed here in a plain loop
  for (Index i = 0; i < Xt.rows(); ++i) sum += (ft(i, 0) - held.Y(i, 0)) * (ft(i, 0) - held.Y(i, 0));
  CHECK(last.test_loss == Approx(sum / 32.0).epsilon(1e-13));
  // Learning happened on the training rows, and the training itself is unchanged by observing
  // the test rows: the same run without them has bit-identical losses and parameters.
  CHECK(last.train_accuracy > traj.rows.front().train_accuracy);
  models::Mlp<double> again(config);
  const auto plain = train::train(again, X, Y, short_gd(100));
  REQUIRE(plain.rows.size() == traj.rows.size());
  for (std::size_t r = 0; r < plain.rows.size(); ++r) CHECK(plain.rows[r].loss == traj.rows[r].loss);
  CHECK(plain.final_params == traj.final_params);
  CHECK(std::isnan(plain.rows.back().test_loss));
  CHECK(std::isnan(plain.rows.back().test_accuracy));
  CHECK(plain.rows.back().train_accuracy == last.train_accuracy);
  CHECK(plain.test_rows == 0);
}

TEST_CASE("trainer: regression targets record a test loss but no accuracy; bad test shapes are refused",
          "[train][generalisation]") {
  const MatD X = test::gaussian_matrix(10, 2, 7), Y = test::gaussian_matrix(10, 1, 8);
  data::HeldOut held{test::gaussian_matrix(5, 2, 9), test::gaussian_matrix(5, 1, 10), {}};
  models::MlpConfig config;
  config.widths = {2, 8, 1};
  config.activation = models::Activation::tanh;
  config.seed = 1;
  models::Mlp<double> model(config);
  const auto traj = train::train(model, X, Y, short_gd(20), {}, &held);
  for (const auto& row : traj.rows) {
    CHECK(std::isnan(row.train_accuracy));
    CHECK(std::isnan(row.test_accuracy));
    CHECK(std::isfinite(row.test_loss));
  }
  data::HeldOut wrong{test::gaussian_matrix(5, 3, 9), test::gaussian_matrix(5, 1, 10), {}};
  models::Mlp<double> other(config);
  CHECK_THROWS_AS(train::train(other, X, Y, short_gd(20), {}, &wrong), InvalidInput);
}
