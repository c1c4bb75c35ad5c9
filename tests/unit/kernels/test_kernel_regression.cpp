// Kernel ridge regression (issue #4 item 4): α = (K + λI)⁻¹Y through a Cholesky factor, predictions
// K(test, train)·α, and the scores. Ground truths are exact rational solutions of small systems.
#include <cmath>
#include <algorithm>
#include <random>

#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>

#include "nncert/data/fashion_mnist.hpp"
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/kernels/kernel_regression.hpp"
#include "nncert/numeric/errors.hpp"

using namespace nncert;
using namespace nncert::kernels;

TEST_CASE("ridge regression solves (K + λI)α = Y: exact 2x2 ground truth", "[kernels][ridge]") {
  // K = [[2, 1], [1, 2]], λ = 1: K + I = [[3, 1], [1, 3]], inverse (1/8)[[3, -1], [-1, 3]];
  // Y = (1, 0)ᵀ gives α = (3/8, -1/8)ᵀ exactly (every value a dyadic rational).
  MatD K(2, 2);
  K << 2, 1, 1, 2;
  MatD Y(2, 1);
  Y << 1, 0;
  const auto model = fit_kernel_ridge(K, Y, 1.0);
  CHECK(model.alpha(0, 0) == Approx(0.375).epsilon(1e-15));
  CHECK(model.alpha(1, 0) == Approx(-0.125).epsilon(1e-15));
  MatD Kt(1, 2);
  Kt << 4, 8;  // prediction 4·3/8 − 8/8 = 0.5
  CHECK(predict_kernel_ridge(Kt, model)(0, 0) == Approx(0.5).epsilon(1e-15));
}

TEST_CASE("ridge 0 interpolates distinct inputs; duplicate inputs with different targets cannot be", "[kernels][ridge]") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z;
  MatD X(12, 5), Y(12, 2);
  for (Index i = 0; i < X.size(); ++i) X.data()[i] = z(rng);
  for (Index i = 0; i < Y.size(); ++i) Y.data()[i] = z(rng);
  FcKernelSpec spec;
  spec.depth = 2;
  const MatD K = fc_kernel(X, spec, KernelKind::ntk);
  const auto exact = fit_kernel_ridge(K, Y, 0.0);
  CHECK((predict_kernel_ridge(K, exact) - Y).cwiseAbs().maxCoeff() < 1e-9);
  // Negative twin: a repeated input gives K two equal rows (up to rounding), so the two predictions
  // agree and one of the two residuals is about half the gap between their different targets.
  MatD Xd = X;
  Xd.row(3) = Xd.row(1);
  const MatD Kd = fc_kernel(Xd, spec, KernelKind::ntk);
  const auto ridged = fit_kernel_ridge(Kd, Y, 1e-3);
  CHECK(ridged.alpha.allFinite());
  const MatD fitted = predict_kernel_ridge(Kd, ridged);
  const double gap = (Y.row(3) - Y.row(1)).cwiseAbs().maxCoeff();
  REQUIRE(gap > 0.1);
  CHECK((fitted.row(3) - fitted.row(1)).cwiseAbs().maxCoeff() < 0.02 * gap);
  CHECK((fitted - Y).cwiseAbs().maxCoeff() >= 0.49 * gap);
  // A large ridge shrinks every prediction towards 0: |K α| <= ||K|| ||Y|| / λ.
  const auto shrunk = fit_kernel_ridge(K, Y, 1e8);
  CHECK(predict_kernel_ridge(K, shrunk).cwiseAbs().maxCoeff() < 1e-5);
}

TEST_CASE("ridge regression rejects bad shapes and ridges", "[kernels][ridge]") {
  const MatD K = MatD::Identity(3, 3);
  CHECK_THROWS_AS(fit_kernel_ridge(K, MatD::Ones(2, 1), 0.0), InvalidInput);
  CHECK_THROWS_AS(fit_kernel_ridge(MatD::Ones(3, 2), MatD::Ones(3, 1), 0.0), InvalidInput);
  CHECK_THROWS_AS(fit_kernel_ridge(K, MatD::Ones(3, 1), -1.0), InvalidInput);
  CHECK_THROWS_AS(fit_kernel_ridge(K, MatD::Ones(3, 1), std::nan("")), InvalidInput);
  const auto m = fit_kernel_ridge(K, MatD::Ones(3, 1), 0.0);
  CHECK_THROWS_AS(predict_kernel_ridge(MatD::Ones(2, 4), m), InvalidInput);
  CHECK_THROWS_AS(score_predictions(MatD::Ones(2, 1), MatD::Ones(3, 1)), InvalidInput);
}

TEST_CASE("scores: MSE, sign accuracy for one output, argmax accuracy for several", "[kernels][ridge]") {
  MatD p(4, 1), y(4, 1);
  p << 0.5, -0.2, 2.0, -1.0;
  y << 1, 1, 1, -1;  // signs agree on rows 0, 2, 3
  const auto s = score_predictions(p, y);
  CHECK(s.accuracy == 0.75);
  CHECK(s.mse == Approx((0.25 + 1.44 + 1.0 + 0.0) / 4).epsilon(1e-15));
  MatD P(2, 3), Yc(2, 3);
  P << 0.1, 0.7, 0.2, 0.5, 0.4, 0.1;
  Yc << 0, 1, 0, 0, 0, 1;  // argmax agrees on row 0 only
  CHECK(score_predictions(P, Yc).accuracy == 0.5);
}

TEST_CASE("NTK regression on Fashion-MNIST separates T-shirts from trousers; shuffled labels do not generalise",
          "[kernels][ridge][fashion-mnist]") {
  // Classes 0 (T-shirt/top) and 1 (trouser) are visually distinct: a depth-2 ReLU NTK regressor
  // trained on 200 images classifies 200 unseen test images well above chance. The negative twin
  // trains on the same images with labels shuffled: the test accuracy must stay near chance.
  data::FashionMnist train, test;
  try {
    train = data::read_fashion_mnist("train");
    test = data::read_fashion_mnist("test");
  } catch (const InvalidInput& e) {
    FAIL("Fashion-MNIST is needed (Debian's dataset-fashion-mnist): " << e.what());
  }
  auto pick = [](const data::FashionMnist& fm, Index count, MatD& X, MatD& Y) {
    const MatD all = fm.images();
    X.resize(count, all.cols());
    Y.resize(count, 1);
    Index k = 0;
    for (Index i = 0; i < all.rows() && k < count; ++i) {
      const int label = fm.labels[static_cast<std::size_t>(i)];
      if (label != 0 && label != 1) continue;
      X.row(k) = all.row(i) / 255.0;
      Y(k++, 0) = label == 0 ? 1.0 : -1.0;
    }
    REQUIRE(k == count);
  };
  MatD Xtr, Ytr, Xte, Yte;
  pick(train, 200, Xtr, Ytr);
  pick(test, 200, Xte, Yte);
  FcKernelSpec spec;
  spec.depth = 2;
  const MatD K = fc_kernel(Xtr, spec, KernelKind::ntk);
  const MatD Kx = fc_kernel_cross(Xte, Xtr, spec, KernelKind::ntk);
  const auto fitted = fit_kernel_ridge(K, Ytr, 1e-3 * K.diagonal().mean());
  const auto good = score_predictions(predict_kernel_ridge(Kx, fitted), Yte);
  CHECK(good.accuracy >= 0.9);
  MatD Yshuffled = Ytr;
  std::shuffle(Yshuffled.data(), Yshuffled.data() + Yshuffled.size(), std::mt19937_64(11));
  const auto shuffled = score_predictions(
      predict_kernel_ridge(Kx, fit_kernel_ridge(K, Yshuffled, 1e-3 * K.diagonal().mean())), Yte);
  CHECK(shuffled.accuracy <= 0.7);
  CHECK(shuffled.mse > good.mse);
}

TEST_CASE("kernel_predict: one-hot targets regressed as 0.9/-0.1 keep the argmax of the unshifted solve",
          "[kernels][ridge]") {
  // A positive definite Gram (diagonally dominant) of 5 training points and 3 test points, 3 classes.
  MatD K(5, 5);
  K << 4, 1, 0.5, 0, 0.2,  //
      1, 4, 1, 0.3, 0,     //
      0.5, 1, 4, 1, 0.1,   //
      0, 0.3, 1, 4, 1,     //
      0.2, 0, 0.1, 1, 4;
  MatD Kx(3, 5);
  Kx << 1, 0.2, 0.1, 0, 0,  //
      0, 0.1, 1.5, 0.2, 0,   //
      0, 0, 0.1, 0.4, 1.2;
  MatD Y = MatD::Zero(5, 3), Yt = MatD::Zero(3, 3);
  const int train_labels[] = {0, 0, 1, 2, 2}, test_labels[] = {0, 1, 1};
  for (Index i = 0; i < 5; ++i) Y(i, train_labels[i]) = 1;
  for (Index i = 0; i < 3; ++i) Yt(i, test_labels[i]) = 1;
  CHECK(regression_targets(Y) == (Y.array() - 0.1).matrix());
  CHECK(regression_target_convention(Y) == "one-hot shifted to 0.9/-0.1");
  const auto shifted = kernel_predict(K, Kx, Y, Yt, 0.0);
  // Reference: an LU solve of the unshifted targets, minus the common row term 0.1·K_x K⁻¹ 1.
  const MatD plain = Kx * K.partialPivLu().solve(Y);
  const VecD common = Kx * K.partialPivLu().solve(VecD::Ones(5));
  for (Index i = 0; i < 3; ++i)
    for (Index j = 0; j < 3; ++j) CHECK(shifted.prediction(i, j) == Approx(plain(i, j) - 0.1 * common(i)).epsilon(1e-12));
  // Rows 0 and 1 are predicted right (classes 0 and 1), row 2 as class 2 (its largest kernel value
  // is with training point 4, class 2): accuracy 2/3 with or without the shift.
  CHECK(shifted.scores.accuracy.value() == Approx(2.0 / 3.0).epsilon(1e-15));
  CHECK(score_predictions(plain, Yt).accuracy.value() == Approx(2.0 / 3.0).epsilon(1e-15));
  // ±1 and regression targets are regressed unchanged.
  MatD s(2, 1);
  s << 1, -1;
  CHECK(regression_targets(s) == s);
  CHECK(regression_target_convention(s) == "pm1");
  CHECK_THROWS_AS(kernel_predict(K, Kx, Y, MatD::Zero(3, 2), 0.0), InvalidInput);
}

TEST_CASE("kernel gradient descent: exact 2x2 ground truth, the singular limit, and the limit of many steps",
          "[kernels][ridge][gd]") {
  // K = [[2, 1], [1, 2]] has the eigenvector (1, -1) with eigenvalue 1. Y = (1, -1)ᵀ lies along it, so
  // with η = 0.5, n = 2, T = 2: f_T(X) = (1 − (1 − ηλ/n)^T)·Y = (1 − 0.75²)·Y = 0.4375·Y, and the test
  // row K(x*, X) = (2, 1) (x* = x_1) predicts f_T(x_1) = 0.4375 (dyadic: exact up to the eigensolver).
  MatD K(2, 2);
  K << 2, 1, 1, 2;
  MatD Y(2, 1);
  Y << 1, -1;
  MatD Kt(1, 2);
  Kt << 2, 1;
  const MatD Yt = MatD::Constant(1, 1, 1.0);
  CHECK(kernel_gd_predict(K, Kt, Y, Yt, 0.5, 2).prediction(0, 0) == Approx(0.4375).epsilon(1e-14));
  // Singular K = [[1, 1], [1, 1]]: Y = (1, -1)ᵀ is in its null space, where GD moves f(x*) by
  // (ηT/n)·K(x*, X)·Y per the limit g(0) = ηT/n; with K(x*, X) = (1, 0): 0.5·2/2 = 0.5. No inverse of K.
  MatD S(2, 2);
  S << 1, 1, 1, 1;
  MatD St(1, 2);
  St << 1, 0;
  CHECK(kernel_gd_predict(S, St, Y, Yt, 0.5, 2).prediction(0, 0) == Approx(0.5).epsilon(1e-12));
  // Many steps of size n/λ_max on a positive definite K converge to exact regression (ridge 0).
  std::mt19937_64 rng(3);
  std::normal_distribution<double> z;
  MatD X(6, 4), Xt(3, 4), Y6(6, 1), Y3(3, 1);
  for (Index i = 0; i < X.size(); ++i) X(i) = z(rng);
  for (Index i = 0; i < Xt.size(); ++i) Xt(i) = z(rng);
  for (Index i = 0; i < 6; ++i) Y6(i, 0) = z(rng);
  for (Index i = 0; i < 3; ++i) Y3(i, 0) = z(rng);
  const MatD G = X * X.transpose() + MatD::Identity(6, 6);
  const MatD C = Xt * X.transpose();
  const double lambda_max = Eigen::SelfAdjointEigenSolver<MatD>(G).eigenvalues()(5);
  const MatD exact = kernel_predict(G, C, Y6, Y3, 0.0).prediction;
  const MatD long_run = kernel_gd_predict(G, C, Y6, Y3, 6.0 / lambda_max, 100000).prediction;
  CHECK((long_run - exact).cwiseAbs().maxCoeff() <= 1e-9 * exact.cwiseAbs().maxCoeff());
  // The twin: a few steps are far from it, and past η = 2n/λ_max the descent diverges (InvalidInput).
  CHECK((kernel_gd_predict(G, C, Y6, Y3, 6.0 / lambda_max, 2).prediction - exact).cwiseAbs().maxCoeff() > 1e-3);
  CHECK_THROWS_AS(kernel_gd_predict(G, C, Y6, Y3, 3 * 6.0 / lambda_max, 5000), InvalidInput);
  CHECK_THROWS_AS(kernel_gd_predict(G, C, Y6, Y3, 0.0, 10), InvalidInput);
}
