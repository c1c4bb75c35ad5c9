#pragma once
// Exact power-of-two balancing of a matrix for the certifiers: λ_i(2^e A) = 2^e λ_i(A) and
// σ_i(2^e K) = 2^e σ_i(K) exactly, so a matrix near overflow (whose Gershgorin sums, ‖K‖_F², Gram or
// a-priori traces overflow) or near underflow can be decided on a scaled copy and its bounds scaled
// back, rounded outward.
#include <cmath>
#include <limits>

#include "nncert/numeric/rounding.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::linalg::detail {

// The exponent e with max |m_ij|·2^e in [1, 2); 0 for a zero matrix.
inline int balancing_exponent(const MatD& m) {
  const double big = m.cwiseAbs().maxCoeff();
  if (big == 0 || !std::isfinite(big)) return 0;
  int exp2 = 0;
  std::frexp(big, &exp2);  // big = f·2^exp2, f ∈ [1/2, 1)
  return 1 - exp2;
}

// x·2^e is exact (no rounding into the subnormal range, no overflow).
inline bool scales_exactly(double x, int e) {
  const double y = std::ldexp(x, e);
  return std::isfinite(y) && std::ldexp(y, -e) == x;
}

// Scales m by 2^e in place when every entry scales exactly; otherwise leaves m unchanged, returns false.
inline bool scale_in_place_if_exact(MatD& m, int e) {
  if (e == 0) return true;
  if (e < 0)  // scaling up (e > 0) from max |m_ij| < 2^(1−e) cannot overflow or round
    for (Index i = 0; i < m.size(); ++i)
      if (!scales_exactly(m.data()[i], e)) return false;
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = std::ldexp(m.data()[i], e);
  return true;
}

// x·2^{-e} rounded down / up. ldexp rounds (to nearest) only into the subnormal range, and scaling
// the result back up by 2^e is then exact, so one comparison tells the side. On overflow a lower
// bound becomes DBL_MAX (still below the true value), an upper bound +inf.
inline double unscale_down(double x, int e) {
  if (e == 0 || !std::isfinite(x)) return x;
  double y = std::ldexp(x, -e);
  if (std::isinf(y)) return y > 0 ? std::numeric_limits<double>::max() : y;
  if (std::ldexp(y, e) > x) y = next_down(y);
  return y;
}
inline double unscale_up(double x, int e) {
  if (e == 0 || !std::isfinite(x)) return x;
  double y = std::ldexp(x, -e);
  if (std::isinf(y)) return y < 0 ? std::numeric_limits<double>::lowest() : y;
  if (std::ldexp(y, e) < x) y = next_up(y);
  return y;
}

}  // namespace nncert::linalg::detail
