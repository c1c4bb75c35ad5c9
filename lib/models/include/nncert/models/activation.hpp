#pragma once
// Activation functions σ and their derivatives σ', for every scalar of the models.
//   relu z⁺ (σ'(0) := 0), leaky_relu (z > 0 ? z : slope·z, σ'(0) := slope),
//   softplus log(1 + eᶻ) = max(z, 0) + log1p(e^(−|z|)) (no overflow), σ' = sigmoid,
//   tanh, sigmoid 1/(1 + e^(−z)) (evaluated without overflow), erf, identity,
//   gelu z·Φ(z) with Φ(z) = (1 + erf(z/√2))/2 exactly, σ' = Φ(z) + z·e^(−z²/2)/√(2π).
#include <optional>

#include "nncert/models/model_config.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::models {

template <class S>
S activation_value(Activation activation, const S& z, double leaky_slope = 0.01);
template <class S>
S activation_derivative(Activation activation, const S& z, double leaky_slope = 0.01);

// Elementwise σ(Z); when `derivative` is not null it receives σ'(Z).
template <class S>
Mat<S> apply_activation(Activation activation, const Mat<S>& z, double leaky_slope, Mat<S>* derivative);

// sup|σ'| and sup|σ''| over R, each rounded up to the stated decimal; std::nullopt when σ is not C²
// with bounded σ'' (relu, leaky-relu: σ' jumps at 0). Used by the local-PL tail bounds (verifier and
// checker state these constants once, here).
struct ActivationCurvature {
  double s1;
  double s2;
};
std::optional<ActivationCurvature> activation_curvature(Activation activation);

}  // namespace nncert::models
