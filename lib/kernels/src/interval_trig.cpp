#include "interval_trig.hpp"

#include <algorithm>
#include <cmath>

#include <boost/numeric/interval/constants.hpp>

#include "nncert/numeric/rounding.hpp"

namespace nncert::kernels::detail {
namespace {
constexpr int kLibmUlps = 4;  // margin over glibc's documented <= 1 ulp for acos/asin

double widen_down(double x) {
  for (int i = 0; i < kLibmUlps; ++i) x = next_down(x);
  return x;
}
double widen_up(double x) {
  for (int i = 0; i < kLibmUlps; ++i) x = next_up(x);
  return x;
}
double clamp_unit(double r) { return std::min(1.0, std::max(-1.0, r)); }
}  // namespace

Interval pi_interval() { return boost::numeric::interval_lib::pi<Interval>(); }

// arccos maps [−1, 1] onto [0, π]: the widened value is intersected with [0, upper(π)].
Interval acos_point(double r) {
  const double v = std::acos(clamp_unit(r));
  const double pi_hi = pi_interval().upper();
  return Interval(std::max(0.0, widen_down(v)), std::min(pi_hi, widen_up(v)));
}

// arcsin maps [−1, 1] onto [−π/2, π/2].
Interval asin_point(double r) {
  const double v = std::asin(clamp_unit(r));
  const double half_pi_hi = pi_interval().upper() / 2;  // exact halving
  return Interval(std::max(-half_pi_hi, widen_down(v)), std::min(half_pi_hi, widen_up(v)));
}

Interval asin_enclosure(const Interval& x) {
  return Interval(asin_point(x.lower()).lower(), asin_point(x.upper()).upper());
}

}  // namespace nncert::kernels::detail
