#include "nncert/kernels/kernel_regression.hpp"

#include <cmath>
#include <string>

#include <Eigen/Cholesky>

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
  s.mse = (prediction - Y_test).squaredNorm() / static_cast<double>(Y_test.size());
  Index correct = 0;
  for (Index i = 0; i < Y_test.rows(); ++i) {
    if (Y_test.cols() == 1) {
      correct += (prediction(i, 0) >= 0) == (Y_test(i, 0) >= 0) ? 1 : 0;
    } else {
      Index a = 0, b = 0;
      prediction.row(i).maxCoeff(&a);
      Y_test.row(i).maxCoeff(&b);
      correct += a == b ? 1 : 0;
    }
  }
  s.accuracy = static_cast<double>(correct) / static_cast<double>(Y_test.rows());
  return s;
}

}  // namespace nncert::kernels
