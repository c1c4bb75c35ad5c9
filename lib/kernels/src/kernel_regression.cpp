#include "nncert/kernels/kernel_regression.hpp"

#include <cmath>
#include <string>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "nncert/data/accuracy.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::kernels {

RidgeModel fit_kernel_ridge(const MatD& K_train, const MatD& Y_train, double ridge) {
  if (K_train.rows() != K_train.cols()) throw InvalidInput("kernel regression: the training Gram is not square");
  if (K_train.rows() != Y_train.rows()) {
    throw InvalidInput("kernel regression: Gram has " + std::to_string(K_train.rows()) + " rows but targets have " +
                       std::to_string(Y_train.rows()));
  }
  if (!std::isfinite(ridge) || ridge < 0) throw InvalidInput("kernel regression: ridge must be finite and >= 0");
  MatD A = K_train;
  A.diagonal().array() += ridge;
  const Eigen::LLT<MatD> llt(A);
  RidgeModel model;
  model.ridge = ridge;
  if (llt.info() == Eigen::Success) model.alpha = llt.solve(Y_train);
  // Eigen's LLT reports success with a NaN factor (docs/floating-point.md#positive-definiteness-by-an-a-priori-shifted-cholesky): check finiteness.
  if (llt.info() != Eigen::Success || !model.alpha.allFinite()) {
    throw InvalidInput("kernel regression: K + ridge·I is not numerically positive definite (increase ridge)");
  }
  return model;
}

MatD predict_kernel_ridge(const MatD& K_test_train, const RidgeModel& model) {
  if (K_test_train.cols() != model.alpha.rows()) throw InvalidInput("kernel regression: test kernel has the wrong number of columns");
  return K_test_train * model.alpha;
}

RidgeScores score_predictions(const MatD& prediction, const MatD& Y_test) {
  if (prediction.rows() != Y_test.rows() || prediction.cols() != Y_test.cols() || Y_test.size() == 0) {
    throw InvalidInput("kernel regression: predictions and targets differ in shape");
  }
  RidgeScores s;
  s.mse = (prediction - regression_targets(Y_test)).squaredNorm() / static_cast<double>(Y_test.size());
  s.accuracy = data::accuracy(prediction, Y_test);
  return s;
}

MatD regression_targets(const MatD& Y) {
  if (data::classify_targets(Y) != data::TargetKind::one_hot) return Y;
  return (Y.array() - 0.1).matrix();  // 1 -> 0.9, 0 -> -0.1
}

std::string regression_target_convention(const MatD& Y) {
  switch (data::classify_targets(Y)) {
    case data::TargetKind::one_hot: return "one-hot shifted to 0.9/-0.1";
    case data::TargetKind::sign: return "pm1";
    case data::TargetKind::regression: return "regression";
  }
  return "regression";
}

KernelPrediction kernel_predict(const MatD& K_train, const MatD& K_test_train, const MatD& Y_train, const MatD& Y_test,
                                double ridge) {
  if (Y_train.cols() != Y_test.cols())
    throw InvalidInput("kernel regression: training targets have " + std::to_string(Y_train.cols()) +
                       " columns, test targets " + std::to_string(Y_test.cols()));
  KernelPrediction out;
  out.prediction = predict_kernel_ridge(K_test_train, fit_kernel_ridge(K_train, regression_targets(Y_train), ridge));
  out.scores = score_predictions(out.prediction, Y_test);
  return out;
}

KernelPrediction kernel_gd_predict(const MatD& K_train, const MatD& K_test_train, const MatD& Y_train, const MatD& Y_test,
                                   double step_size, Index steps) {
  if (K_train.rows() != K_train.cols() || K_train.rows() != Y_train.rows() || K_test_train.cols() != K_train.rows() ||
      Y_train.cols() != Y_test.cols())
    throw InvalidInput("kernel gradient descent: the kernels and targets differ in shape");
  if (!std::isfinite(step_size) || step_size <= 0 || steps < 1)
    throw InvalidInput("kernel gradient descent: needs a finite step size > 0 and at least one step");
  const Eigen::SelfAdjointEigenSolver<MatD> eig(K_train);
  if (eig.info() != Eigen::Success) throw InvalidInput("kernel gradient descent: the eigen-decomposition of K failed");
  const double n = static_cast<double>(K_train.rows());
  const double t = static_cast<double>(steps);
  VecD g(eig.eigenvalues().size());
  for (Index i = 0; i < g.size(); ++i) {
    const double lambda = eig.eigenvalues()(i);
    const double a = step_size * lambda / n;
    // 1 − (1 − a)^T = −expm1(T·log1p(−a)) without cancellation for small a (1 − a > 0); for a >= 1 the
    // factor oscillates (and diverges past a = 2, caught below); g → ηT/n as λ → 0.
    const double fitted = a < 1 ? -std::expm1(t * std::log1p(-a)) : 1 - std::pow(1 - a, t);
    g(i) = std::abs(a) < 1e-300 ? step_size * t / n : fitted / lambda;
  }
  const MatD& Q = eig.eigenvectors();
  KernelPrediction out;
  out.prediction = K_test_train * (Q * (g.asDiagonal() * (Q.transpose() * regression_targets(Y_train))));
  if (!out.prediction.allFinite())
    throw InvalidInput("kernel gradient descent: the prediction is not finite (the step size diverges: eta*lambda_max/n > 2)");
  out.scores = score_predictions(out.prediction, Y_test);
  return out;
}

}  // namespace nncert::kernels
