#pragma once
// Outward-rounded interval arithmetic on double (Boost.Interval). The rounding policy never switches
// the hardware rounding mode. Each end point comes from the round-to-nearest result r = fl(x∘y) and
// the sign of its exact error, computed by an error-free transformation in round-to-nearest
// (TwoSum for ±, FMA remainders for ×, ÷, √; Ogita–Rump–Oishi 2005, Boldo–Muller 2011): the exact
// result lies on that side of r within one ulp, so the bounds are exactly those of hardware directed
// rounding (exact operations give point results). Where an error term could itself be rounded
// (near underflow) or r overflows, both ends step one ulp outward (rounding.hpp), which is valid
// in any rounding mode. Boost's rounded_arith_std (mode switch around each operation) is NOT used:
// GCC moves and merges the double operations across its mode switches even with -frounding-math
// (GCC bug 34678), and at -O3 [r, r]·[r, r] for r = −(1 − 2^-53) came out as a point interval that
// misses r² (tests/theorems/test_spec_ntk.cpp). Transcendental functions use the
// rigorous-by-widening helpers below rather than libm under directed rounding.
#include <cmath>
#include <string>

#include <boost/numeric/interval.hpp>

#include "nncert/numeric/rounding.hpp"

namespace nncert {

namespace interval_policy {
using namespace boost::numeric::interval_lib;

// r and a number with the sign of (exact − r): the lower or upper end of the exact result. A NaN
// sign (an intermediate overflowed) steps outward.
inline double end_down(double r, double error_sign) { return error_sign >= 0 ? r : next_down(r); }
inline double end_up(double r, double error_sign) { return error_sign <= 0 ? r : next_up(r); }
// The FMA remainders below are exact when nothing is near the underflow threshold (Boldo–Muller).
inline bool safe_magnitude(double v) { return std::isfinite(v) && (v == 0 || std::abs(v) >= 0x1p-900); }

// Knuth's TwoSum: a + b = r + e exactly (round-to-nearest, no overflow).
inline double two_sum_error(double a, double b, double r) {
  const double bv = r - a;
  return (a - (r - bv)) + (b - bv);
}

struct OutwardRounding : rounded_arith_exact<double> {
  double add_down(double x, double y) {
    const double r = x + y;
    return std::isfinite(r) ? end_down(r, two_sum_error(x, y, r)) : nncert::add_down(x, y);
  }
  double add_up(double x, double y) {
    const double r = x + y;
    return std::isfinite(r) ? end_up(r, two_sum_error(x, y, r)) : nncert::add_up(x, y);
  }
  double sub_down(double x, double y) { return add_down(x, -y); }
  double sub_up(double x, double y) { return add_up(x, -y); }
  // x·y = r + fma(x, y, −r) exactly when |r| >= 2^-900 (no underflow in the product's error).
  double mul_down(double x, double y) {
    const double r = x * y;
    if (x == 0 || y == 0) return r;
    return safe_magnitude(r) && r != 0 ? end_down(r, std::fma(x, y, -r)) : nncert::mul_down(x, y);
  }
  double mul_up(double x, double y) {
    const double r = x * y;
    if (x == 0 || y == 0) return r;
    return safe_magnitude(r) && r != 0 ? end_up(r, std::fma(x, y, -r)) : nncert::mul_up(x, y);
  }
  // x − q·y = fma(−q, y, x) exactly, and x/y − q = (x − q·y)/y.
  double div_sign(double x, double y, double q) { return std::fma(-q, y, x) * (y < 0 ? -1.0 : 1.0); }
  bool div_safe(double x, double q) { return safe_magnitude(x) && safe_magnitude(q) && q != 0; }
  double div_down(double x, double y) {
    const double q = x / y;
    if (x == 0 && y != 0) return q;
    return div_safe(x, q) ? end_down(q, div_sign(x, y, q)) : nncert::div_down(x, y);
  }
  double div_up(double x, double y) {
    const double q = x / y;
    if (x == 0 && y != 0) return q;
    return div_safe(x, q) ? end_up(q, div_sign(x, y, q)) : nncert::div_up(x, y);
  }
  // x − s² = fma(−s, s, x) exactly; √x − s has its sign.
  double sqrt_down(double x) {
    if (x <= 0) return 0.0;
    const double s = std::sqrt(x);
    return safe_magnitude(x) ? end_down(s, std::fma(-s, s, x)) : nncert::sqrt_down(x);
  }
  double sqrt_up(double x) {
    if (x <= 0) return 0.0;
    const double s = std::sqrt(x);
    return safe_magnitude(x) && std::isfinite(s) ? end_up(s, std::fma(-s, s, x)) : nncert::sqrt_up(x);
  }
};
using Policies = policies<save_state_nothing<OutwardRounding>, checking_base<double>>;
}  // namespace interval_policy

using Interval = boost::numeric::interval<double, interval_policy::Policies>;

// [x, x] for an exact double.
inline Interval point(double x) { return Interval(x, x); }

// Encloses exp/log/sqrt/pow results: the libm value widened by kLibmUlps steps on each side, the
// accuracy assumed of libm (fp_environment.hpp A7); sqrt is correctly rounded and widened by one.
Interval exp(const Interval& x);
Interval log(const Interval& x);
Interval sqrt(const Interval& x);
Interval pow(const Interval& base, const Interval& exponent);

std::string to_string(const Interval& x);

}  // namespace nncert
