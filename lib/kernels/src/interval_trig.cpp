#include "interval_trig.hpp"

#include <algorithm>
#include <cmath>

#include <boost/numeric/interval/constants.hpp>

#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/nan_safe.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::kernels::detail {
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
double clamp_unit(double r) { return clamp_keep_nan(r, -1.0, 1.0); }  // NaN stays NaN
}  // namespace

Interval pi_interval() { return boost::numeric::interval_lib::pi<Interval>(); }

// arccos maps [−1, 1] onto [0, π]: the widened value is intersected with [0, upper(π)].
Interval acos_point(double r) {
  const double v = std::acos(clamp_unit(r));
  const double pi_hi = pi_interval().upper();
  return Interval(at_least(widen_down(v), 0.0), clamp_keep_nan(widen_up(v), -kInf, pi_hi));
}

// arcsin maps [−1, 1] onto [−π/2, π/2].
Interval asin_point(double r) {
  const double v = std::asin(clamp_unit(r));
  const double half_pi_hi = pi_interval().upper() / 2;  // exact halving
  return Interval(at_least(widen_down(v), -half_pi_hi), clamp_keep_nan(widen_up(v), -kInf, half_pi_hi));
}

Interval asin_enclosure(const Interval& x) {
  return Interval(asin_point(x.lower()).lower(), asin_point(x.upper()).upper());
}

}  // namespace nncert::kernels::detail
