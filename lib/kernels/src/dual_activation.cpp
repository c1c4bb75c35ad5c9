#include "dual_activation_impl.hpp"
#include "nncert/numeric/nan_safe.hpp"

namespace nncert::kernels::detail {
namespace {
// [max(lo, floor), max(hi, floor)] with a NaN end kept NaN (an empty interval that the finiteness
// checks downstream turn into "inconclusive"); std::max(floor, NaN) would be floor.
Interval clamped_below(const Interval& x, double floor) {
  return Interval(at_least(x.lower(), floor), at_least(x.upper(), floor));
}
}  // namespace

KappaPoint kappa_point(double r) {
  const Interval pi = pi_interval();
  const Interval rho(r);
  const Interval theta = acos_point(r);
  // 1 − r² >= 0 exactly for |r| <= 1; sqrt of an enclosure with lower end clamped at 0.
  const Interval one_minus = Interval(1.0) - rho * rho;
  const Interval sin_t = sqrt(clamped_below(one_minus, 0.0));
  const Interval k0 = (pi - theta) / pi;
  const Interval k1 = (sin_t + (pi - theta) * rho) / pi;
  return {intersect(k0, Interval(0.0, 1.0)), intersect(k1, Interval(0.0, 1.0))};
}

Dual<Interval> relu_dual_interval(const Interval& a, const Interval& b, const Interval& c) {
  const Interval ab = a * b;
  const Interval s = sqrt(clamped_below(ab, 0.0));
  if (s.upper() <= 0) {
    // Σ(x,x) or Σ(x',x') is exactly 0: the kernel is 0 and the convention θ = π/2 gives 1/4.
    return {Interval(0.0), Interval(0.25)};
  }
  Interval rho(-1.0, 1.0);
  if (s.lower() > 0) rho = intersect(c / s, Interval(-1.0, 1.0));
  const KappaPoint lo = kappa_point(rho.lower());
  const KappaPoint hi = kappa_point(rho.upper());
  Interval k0(lo.k0.lower(), hi.k0.upper());
  Interval k1(lo.k1.lower(), hi.k1.upper());
  if (s.lower() <= 0) k0 = hull(k0, Interval(0.5));  // the zero-input convention may apply
  return {s * k1 / Interval(2.0), k0 / Interval(2.0)};
}

Dual<Interval> dual_pair_interval(const ActivationParams<Interval>& p, const Interval& a, const Interval& b,
                                  const Interval& c) {
  switch (p.activation) {
    case KernelActivation::relu: return relu_dual_interval(a, b, c);
    case KernelActivation::leaky_relu:
    case KernelActivation::abs: {
      const Dual<Interval> r = relu_dual_interval(a, b, c);
      const Interval w = (Interval(1.0) - p.slope) * (Interval(1.0) - p.slope);
      return {w * r.e + p.slope * c, p.slope + w * r.edot};
    }
    case KernelActivation::identity: return {c, Interval(1.0)};
    case KernelActivation::erf: {
      const Interval one(1.0), two(2.0), four(4.0);
      const Interval prod = (one + two * a) * (one + two * b);  // >= 1 exactly (a, b >= 0)
      const Interval prod_pos = clamped_below(prod, 1.0);
      const Interval arg = intersect(two * c / sqrt(prod_pos), Interval(-1.0, 1.0));
      const Interval gap = a * b - c * c;  // >= 0 exactly
      const Interval det = one + two * a + two * b +
                           four * clamped_below(gap, 0.0);
      const Interval det_pos = clamped_below(det, 1.0);
      return {two / p.pi * asin_enclosure(arg), four / p.pi / sqrt(det_pos)};
    }
  }
  return {Interval(0.0), Interval(0.0)};
}

}  // namespace nncert::kernels::detail
