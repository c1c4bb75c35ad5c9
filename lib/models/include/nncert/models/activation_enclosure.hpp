#pragma once
// Rigorous enclosures of σ(Z) and σ'(Z) for an enclosed pre-activation Z, and the evaluation-error
// budget of the double activations, under the libm accuracy assumption (fp_environment.hpp A7).
#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::models {

// Bounds of |σ(z) − value| and |σ'(z) − derivative| for the models' double evaluations
// value = activation_value(a, z), derivative = activation_derivative(a, z) (leaky slope 0.01 or any
// slope: piecewise-linear activations are exact up to one product). Under (A7).
double activation_value_error(Activation a, double z, double value);
double activation_derivative_error(Activation a, double z, double derivative);

// H ∋ σ(Z) and D ∋ σ'(Z) for every Z in the enclosure z (entrywise; σ'(0) follows the models'
// convention where the enclosure is the single point 0).
void activation_enclosure(Activation a, double leaky_slope, const linalg::MatrixEnclosure& z,
                          linalg::MatrixEnclosure& h, linalg::MatrixEnclosure& d);

}  // namespace nncert::models
