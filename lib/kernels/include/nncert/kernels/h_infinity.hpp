#pragma once
// Du et al.'s Gram of a two-layer ReLU net with a fixed ±1 output layer (docs/kernels.md#the-h-gram-of-du-et-al):
//   H∞_ij = E_{w~N(0,I)}[x_iᵀx_j·1{wᵀx_i >= 0, wᵀx_j >= 0}] = x_iᵀx_j·(π − θ_ij)/(2π),
// θ_ij the angle between x_i and x_j (scale-invariant, so the formula holds for any norms; the
// theorem itself asks for unit norms). Identity: 2H∞ = Σ⁰ ⊙ Σ̇¹ of the paper-scaled ReLU NTK.
#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::kernels {

MatD h_infinity(const MatD& X);

template <class S>
Mat<S> h_infinity_reference(const Mat<S>& X);

// h_infinity(X) with a rigorous entrywise error bound (outward-rounded interval re-evaluation).
linalg::MatrixEnclosure h_infinity_enclosure(const MatD& X);

}  // namespace nncert::kernels
