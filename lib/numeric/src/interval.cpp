#include "nncert/numeric/interval.hpp"

#include <cmath>

#include <fmt/format.h>

#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/nan_safe.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert {
namespace {
// kLibmUlps: the accuracy assumed of libm (fp_environment.hpp A7).

double widen_down(double x) {
  for (int i = 0; i < kLibmUlps; ++i) x = next_down(x);
  return x;
}
double widen_up(double x) {
  for (int i = 0; i < kLibmUlps; ++i) x = next_up(x);
  return x;
}
}  // namespace

// exp is increasing: [exp(lo), exp(hi)], each end widened outward; exp > 0 always.
Interval exp(const Interval& x) {
  return Interval(at_least(widen_down(std::exp(x.lower())), 0.0), widen_up(std::exp(x.upper())));
}

// log is increasing on (0, inf); a non-positive lower end gives -inf.
Interval log(const Interval& x) {
  const double lo = x.lower() <= 0 ? -kInf : widen_down(std::log(x.lower()));
  return Interval(lo, widen_up(std::log(x.upper())));
}

// sqrt is correctly rounded (IEEE 754), so one ulp outward suffices.
Interval sqrt(const Interval& x) {
  // A NaN end stays NaN (sqrt_down/sqrt_up of NaN are NaN): std::max(0.0, NaN) would be 0.
  return Interval(sqrt_down(at_least(x.lower(), 0.0)), sqrt_up(at_least(x.upper(), 0.0)));
}

// base^e = exp(e·log base) for base > 0.
Interval pow(const Interval& base, const Interval& exponent) { return exp(exponent * log(base)); }

std::string to_string(const Interval& x) { return fmt::format("[{:.17g}, {:.17g}]", x.lower(), x.upper()); }

}  // namespace nncert
