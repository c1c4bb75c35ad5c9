#pragma once
// Kernel ridge regression: α = (K + λI)⁻¹Y through a Cholesky factor of K + λI, predictions
// K(test, train)·α. λ = 0 is the exact interpolation of Arora et al. (needs K positive definite;
// `nncert kernel --predict` allows it only once λ_min(K) > 0 is certified).
//
// Multi-class targets follow Arora et al. (2019)'s released CNTK code: the regression targets are the
// one-hot vectors shifted to 0.9 for the true class and −0.1 elsewhere (regression_targets), and the
// predicted class is the argmax of the predicted vector. The shift does not change the predicted
// class: it subtracts 0.1·K_*K⁻¹1 from every column of a row alike, so only the MSE depends on it.
#include <optional>
#include <string>

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
  double mse = 0.0;  // mean over entries of (prediction − target)²
  // data::accuracy's conventions: one-hot targets by argmax, ±1 targets by sign (f > 0 says +1);
  // nullopt for regression targets.
  std::optional<double> accuracy;
};

// `Y_test` are the targets as encoded by [data] (one-hot, ±1 or regression values); the MSE is taken
// against regression_targets(Y_test), the accuracy against Y_test.
RidgeScores score_predictions(const MatD& prediction, const MatD& Y_test);

// One-hot targets (data::classify_targets) shifted to 0.9 / −0.1; any other targets unchanged.
MatD regression_targets(const MatD& Y);
// "one-hot shifted to 0.9/-0.1", "pm1" or "regression": which convention regression_targets applied.
std::string regression_target_convention(const MatD& Y);

struct KernelPrediction {
  MatD prediction;  // m × k: K(test, train)·(K + λI)⁻¹·regression_targets(Y_train)
  RidgeScores scores;
};

// Fits on (K_train, regression_targets(Y_train)) with `ridge` and scores the test predictions.
KernelPrediction kernel_predict(const MatD& K_train, const MatD& K_test_train, const MatD& Y_train, const MatD& Y_test,
                                double ridge);

// Gradient descent with the kernel for `steps` steps of size η on (1/2n)‖f − Y‖², from f = 0: the
// infinite-width limit of a net in the NTK regime trained as long (its mean, the initial output being
// a zero-mean Gaussian process). f_T(X) = (I − (I − ηK/n)^T)·Y and f_T(x*) = K(x*, X)·K⁻¹(I − (I −
// ηK/n)^T)·Y = K(x*, X)·Q·diag(g(λᵢ))·Qᵀ·Y with K = QΛQᵀ and g(λ) = (1 − (1 − ηλ/n)^T)/λ, which tends
// to ηT/n as λ → 0, so no inverse of K is formed. Targets and scores as kernel_predict (the 0.9/−0.1
// shift subtracts one vector from every column alike and leaves the argmax unchanged).
KernelPrediction kernel_gd_predict(const MatD& K_train, const MatD& K_test_train, const MatD& Y_train, const MatD& Y_test,
                                   double step_size, Index steps);

}  // namespace nncert::kernels
