#pragma once
// Shared helpers of the Gram computations.
#include <string>

#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::kernels::detail {

// InvalidInput "<what>: entry (i, j) is not finite" for the first NaN/Inf.
void require_finite(const MatD& X, const std::string& what);

// RangeExceeded "<what> leaves the double range (entry (i, j) is NaN/inf)" for the first non-finite
// entry of a computed kernel: a kernel output is never written with a non-finite number.
void require_finite_result(const MatD& K, const std::string& what);

// RangeExceeded unless every nonzero row x of X has ‖x‖² (as the double Gram computes it) in
// [DBL_MIN, 2^511]: below, the squared norm underflows (to 0 or a subnormal with few correct bits);
// above, products of two squared norms overflow. Valid inputs, but the double kernel cannot
// represent them; the message names the row and the limit.
void require_representable_row_norms(const MatD& X, const std::string& what);

// Kernels positively homogeneous of degree 2 in the data (K(tX) = t²·K(X) for t > 0: the bias-free
// ReLU / leaky / abs / identity recursions, H∞, the CNTK) are evaluated on 2^e·X and scaled back by
// 4^-e: every step of their recursions is then scaled by a power of two, so the result is the same
// up to the final scaling, which is exact unless the kernel itself leaves the double range.
// homogeneous_exponent: e with max |x_ij|·2^e in [2^200, 2^201) when max |x_ij| is outside
// [2^-64, 2^201) (ordinary data is left alone) and every entry scales exactly; 0 otherwise.
int homogeneous_exponent(const MatD& X);
MatD scaled_by_power_of_two(const MatD& X, int e);
// K·4^-e; RangeExceeded when an entry overflows or a diagonal entry of a Gram (gram = true; for a
// cross kernel: the largest entry) that is positive underflows below DBL_MIN.
MatD unscale_kernel(const MatD& K, int e, bool gram, const std::string& what);
// The enclosure of K scaled back: mid·4^-e, and a radius that covers [mid − rad, mid + rad]·4^-e
// rounded outward.
linalg::MatrixEnclosure unscale_enclosure(const linalg::MatrixEnclosure& g, int e, const std::string& what);

// The lower triangle (diagonal included) of X·Xᵀ; the strict upper triangle is unspecified.
MatD lower_gram(const MatD& X);

// Copies the strict lower triangle onto the upper one (cache-blocked), then require_finite_result:
// the finiteness test rides on the mirror's pass over the lower triangle (the upper one is a copy), so
// a Gram is read once instead of twice (at n = 20000 a whole pass over 3.2 GB cost about 0.4 s).
void mirror_lower_require_finite(MatD& K, const std::string& what);

// Enclosure of the raw inner products xᵢᵀxⱼ: |mid_ij − xᵢᵀxⱼ| <= rad_ij on the lower triangle and
// diagonal only (the strict upper triangle of both is unspecified); see fc_kernel_enclosure.cpp for
// the bound.
linalg::MatrixEnclosure raw_gram_enclosure(const MatD& X);

// rad_ij >= |exact − mid_ij| for exact ∈ [lo_ij, hi_ij]: max(hi − mid, mid − lo) rounded up.
double radius_about(double mid, double lo, double hi);

}  // namespace nncert::kernels::detail
