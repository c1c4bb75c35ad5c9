#include "nncert/numeric/rounding.hpp"

#include <cfenv>
#include <stdexcept>

namespace nncert {

double gamma_up(double k) {
  // γ_k = k·u/(1 − k·u). Numerator rounded up, denominator rounded down: the quotient rounded up
  // is >= the exact value. k·u with u a power of two is exact unless it underflows (it cannot here).
  const double ku = mul_up(k, kUnitRoundoff);
  if (!(ku < 0.5)) return kInf;
  return div_up(ku, sub_down(1.0, ku));
}

RoundingModeGuard::RoundingModeGuard(int mode) : saved_(std::fegetround()) {
  if (std::fesetround(mode) != 0) throw std::runtime_error("fesetround failed");
}

RoundingModeGuard::~RoundingModeGuard() { std::fesetround(saved_); }

}  // namespace nncert
