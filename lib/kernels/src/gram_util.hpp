#pragma once
// Shared helpers of the Gram computations.
#include <string>

#include "nncert/numeric/types.hpp"

namespace nncert::kernels::detail {

// InvalidInput "<what>: entry (i, j) is not finite" for the first NaN/Inf.
void require_finite(const MatD& X, const std::string& what);

// The lower triangle (diagonal included) of X·Xᵀ; the strict upper triangle is unspecified.
MatD lower_gram(const MatD& X);

// Copies the strict lower triangle onto the upper one (cache-blocked).
void mirror_lower(MatD& K);

// Enclosure of the raw inner products xᵢᵀxⱼ: |g_ij − xᵢᵀxⱼ| <= r_ij (lower triangle and diagonal
// valid); see fc_kernel_enclosure.cpp for the bound.
struct RawGramEnclosure {
  MatD g;
  MatD r;
};
RawGramEnclosure raw_gram_enclosure(const MatD& X);

// rad_ij >= |exact − mid_ij| for exact ∈ [lo_ij, hi_ij]: max(hi − mid, mid − lo) rounded up.
double radius_about(double mid, double lo, double hi);

}  // namespace nncert::kernels::detail
