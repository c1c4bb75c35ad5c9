#pragma once
// Rigorous enclosures of the matrices the verifiers certify, as midpoint-radius pairs: every entry of
// the exact real matrix M (the network evaluated in exact arithmetic at the given double parameters
// and data) satisfies |M − mid| <= rad entrywise.
//
// Only round-to-nearest arithmetic is used (thread-safe, any summation order, FMA or not); the error
// terms follow Higham, Accuracy and Stability of Numerical Algorithms (2nd ed.), §3.1–3.5:
//   (E1) fl(a ∘ b) = (a ∘ b)(1 + δ) + ε, |δ| <= u, |ε| <= η/2 (gradual underflow, assumption A3);
//   (E2) for a k-term dot product computed in any order, |fl(aᵀb) − aᵀb| <= γ_k |a|ᵀ|b| + k·η;
//   (E3) a sum of k nonnegative terms computed in RN satisfies exact <= (fl(sum) + k·η)/(1 − γ_k).
// Elementary functions (exp, log1p, tanh, erf, cos, sqrt from glibc, Boost.Math and Eigen) are held
// to the one accuracy assumption of fp_environment.hpp (A7); activation_value_error and
// activation_derivative_error turn it into the budget each activation's midpoint carries.
#include <string>

#include "nncert/models/model_config.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::verifiers {

struct MatrixEnclosure {
  MatD mid;
  MatD rad;  // >= 0 entrywise
};

// J_S(θ) of an Mlp (sample-major rows i·k + o) for a named block ("all", "output", "layer:K",
// "layer:K.bias", "output.bias", "wide", "into-wide"), at parameters theta (θ0 when empty).
MatrixEnclosure mlp_jacobian_enclosure(const models::MlpConfig& config, const VecD& theta, const MatD& X,
                                       const std::string& block);

// The features of an Mlp at parameters theta (θ0 when empty): layer 0 the input X, 1..L−1 the hidden
// activations h^l (n × m_l), L the output f(X) (n × k); same error model as the Jacobian enclosure.
MatrixEnclosure mlp_feature_enclosure(const models::MlpConfig& config, const VecD& theta, const MatD& X, Index layer);

// J(W) of a ScaledShallowNet with respect to W, at parameters theta (W0 when empty).
MatrixEnclosure scaled_shallow_jacobian_enclosure(const models::ScaledShallowConfig& config, const VecD& theta,
                                                  const MatD& X);

// Φ(A X) of an RffResNet: the features every residual reads at Θ = 0 (all states equal A x there),
// N×p, scaled by the residual scale c (so that G = Φ Φᵀ is the c²-scaled Gram of spec §3).
MatrixEnclosure rff_feature_enclosure(const models::RffResNetConfig& config, const MatD& X);

// Bounds of |σ(z) − value| and |σ'(z) − derivative| for the models' double evaluations
// value = activation_value(a, z), derivative = activation_derivative(a, z) (leaky slope 0.01 or any
// slope: piecewise-linear activations are exact up to one product). Under (A7).
double activation_value_error(models::Activation a, double z, double value);
double activation_derivative_error(models::Activation a, double z, double derivative);

// The Gram M Mᵀ of an enclosed matrix, enclosed.
MatrixEnclosure gram_enclosure(const MatrixEnclosure& m);

// Upper bound of ||rad||_2 (via sqrt(||rad||_1 ||rad||_inf)), rounded up.
double spectral_norm_upper(const MatD& rad);

// Upper bound of ||M||_2 over the enclosure: ||mid||_F + ||rad||_2 bound, rounded up.
double norm2_upper(const MatrixEnclosure& m);

}  // namespace nncert::verifiers
