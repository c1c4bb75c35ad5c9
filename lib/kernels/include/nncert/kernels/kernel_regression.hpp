#pragma once
// Kernel ridge regression: α = (K + λI)⁻¹Y through a Cholesky factor of K + λI, predictions
// K(test, train)·α. λ = 0 is the exact interpolation of Arora et al. (needs K positive definite).
#include "nncert/numeric/types.hpp"

namespace nncert::kernels {

struct RidgeModel {
  MatD alpha;  // n_train × k
  double ridge = 0.0;
};

// Throws InvalidInput if shapes disagree, λ < 0, or K + λI is not numerically positive definite.
RidgeModel fit_kernel_ridge(const MatD& K_train, const MatD& Y_train, double ridge);

MatD predict_kernel_ridge(const MatD& K_test_train, const RidgeModel& model);

struct RidgeScores {
  double mse = 0.0;       // mean over entries of (prediction − target)²
  double accuracy = 0.0;  // k = 1: sign agreement (targets ±1); k > 1: argmax agreement
};

RidgeScores score_predictions(const MatD& prediction, const MatD& Y_test);

}  // namespace nncert::kernels
