#pragma once
// Gaussian expectations of the supported activations (docs/kernels.md#fully-connected-kernels) in any scalar: double and
// Boost.Multiprecision types through one template, nncert::Interval through rigorous overloads that
// use monotonicity (κ0, κ1 and arcsin increase with their argument). All expectations are the
// unnormalised E[φ(u)φ(v)], E[φ'(u)φ'(v)] for (u, v) ~ N(0, [[a, c], [c, b]]); callers multiply by σ_w².
#include <algorithm>
#include <cmath>
#include <type_traits>

#include <boost/math/constants/constants.hpp>

#include "interval_trig.hpp"
#include "nncert/kernels/activation.hpp"
#include "nncert/numeric/interval.hpp"
#include "nncert/numeric/nan_safe.hpp"

namespace nncert::kernels::detail {

template <class S>
struct Dual {
  S e;     // E[φ(u)φ(v)]
  S edot;  // E[φ'(u)φ'(v)]
};

template <class S>
struct ActivationParams {
  KernelActivation activation = KernelActivation::relu;
  S slope{0};  // α of leaky_relu (−1 for abs)
  S pi{0};
};

template <class S>
S pi_value() {
  if constexpr (std::is_same_v<S, Interval>) {
    return pi_interval();
  } else {
    return boost::math::constants::pi<S>();
  }
}

template <class S>
ActivationParams<S> make_activation_params(KernelActivation activation, double leaky_slope) {
  ActivationParams<S> p;
  p.activation = activation;
  p.slope = activation == KernelActivation::abs ? S(-1) : S(leaky_slope);
  p.pi = pi_value<S>();
  return p;
}

// c_σ in S (exact for relu/abs/identity; rigorous enclosure for Interval).
template <class S>
S c_sigma_in(const ActivationParams<S>& p) {
  switch (p.activation) {
    case KernelActivation::relu: return S(2);
    case KernelActivation::leaky_relu: return S(2) / (S(1) + p.slope * p.slope);
    case KernelActivation::abs:
    case KernelActivation::identity: return S(1);
    case KernelActivation::erf:
      if constexpr (std::is_same_v<S, Interval>) {
        return p.pi / (Interval(2.0) * asin_enclosure(Interval(2.0) / Interval(3.0)));
      } else {
        using std::asin;
        return p.pi / (S(2) * asin(S(2) / S(3)));
      }
  }
  return S(1);
}

// ---------------------------------------------------------------- double / multiprecision

// Arc-cosine duals of relu: E[relu·relu] = s(sin θ + (π − θ)cos θ)/(2π), E[1{u>0}1{v>0}] = (π − θ)/(2π),
// θ = atan2(√max(ab − c², 0), c) (stable near ρ = 1). s = 0 (a zero input): θ = π/2 by convention.
template <class S>
Dual<S> relu_dual_point(const S& a, const S& b, const S& c, const S& pi) {
  using std::atan2;
  using std::max;
  using std::min;
  using std::sqrt;
  const S ab = a * b;
  const S s = sqrt(ab);
  const S two_pi = S(2) * pi;
  if (!(s > S(0))) return {S(0), (pi - pi / S(2)) / two_pi};
  const S y = sqrt(max(S(ab - c * c), S(0)));
  const S theta = atan2(y, c);
  // NaN-keeping clamps: a NaN (a variance that left the range) must not become ±1 (rounding.hpp).
  const S cos_t = clamp_keep_nan(S(c / s), S(-1), S(1));
  const S sin_t = clamp_keep_nan(S(y / s), S(-1), S(1));
  return {s * (sin_t + (pi - theta) * cos_t) / two_pi, (pi - theta) / two_pi};
}

template <class S>
Dual<S> dual_pair_point(const ActivationParams<S>& p, const S& a, const S& b, const S& c) {
  using std::asin;
  using std::max;
  using std::min;
  using std::sqrt;
  switch (p.activation) {
    case KernelActivation::relu: return relu_dual_point(a, b, c, p.pi);
    case KernelActivation::leaky_relu:
    case KernelActivation::abs: {
      // φ = (1−α)relu + α·id: E[φφ] = (1−α)²E[relu relu] + α(1−α)(E[relu(u)v] + E[u relu(v)]) + α²c,
      // E[relu(u)v] = c/2 by the symmetry (u,v) -> (−u,−v); E[φ'φ'] = α + (1−α)²E[1{u>0}1{v>0}].
      const Dual<S> r = relu_dual_point(a, b, c, p.pi);
      const S w = (S(1) - p.slope) * (S(1) - p.slope);
      return {w * r.e + p.slope * c, p.slope + w * r.edot};
    }
    case KernelActivation::identity: return {c, S(1)};
    case KernelActivation::erf: {
      // E[erf u erf v] = (2/π)arcsin(2c/√((1+2a)(1+2b))); E[erf'u erf'v] = (4/π)/√((1+2a)(1+2b) − 4c²),
      // and (1+2a)(1+2b) − 4c² = 1 + 2a + 2b + 4(ab − c²) >= 1 for a covariance.
      const S prod = (S(1) + S(2) * a) * (S(1) + S(2) * b);
      const S arg = clamp_keep_nan(S(S(2) * c / sqrt(prod)), S(-1), S(1));
      const S det = S(1) + S(2) * a + S(2) * b + S(4) * max(S(a * b - c * c), S(0));
      return {S(2) / p.pi * asin(arg), S(4) / p.pi / sqrt(det)};
    }
  }
  return {S(0), S(0)};
}

// Same expectations at u = v (ρ = 1): relu a/2, 1/2; leaky a(1+α²)/2, (1+α²)/2; identity a, 1;
// erf (2/π)arcsin(2a/(1+2a)), (4/π)/√(1+4a).
template <class S>
Dual<S> dual_self_point(const ActivationParams<S>& p, const S& a) {
  using std::asin;
  using std::sqrt;
  switch (p.activation) {
    case KernelActivation::relu: return {a / S(2), S(1) / S(2)};
    case KernelActivation::leaky_relu:
    case KernelActivation::abs: {
      const S m = (S(1) + p.slope * p.slope) / S(2);
      return {a * m, m};
    }
    case KernelActivation::identity: return {a, S(1)};
    case KernelActivation::erf: {
      if constexpr (std::is_same_v<S, Interval>) {
        const Interval arg = Interval(2.0) * a / (Interval(1.0) + Interval(2.0) * a);
        return {Interval(2.0) / p.pi * asin_enclosure(intersect(arg, Interval(-1.0, 1.0))),
                Interval(4.0) / p.pi / sqrt(Interval(1.0) + Interval(4.0) * a)};
      } else {
        return {S(2) / p.pi * asin(S(S(2) * a / (S(1) + S(2) * a))), S(4) / p.pi / sqrt(S(1) + S(4) * a)};
      }
    }
  }
  return {S(0), S(0)};
}

// ---------------------------------------------------------------- outward-rounded intervals

// κ0(ρ) = (π − arccos ρ)/π and κ1(ρ) = (√(1−ρ²) + (π − arccos ρ)ρ)/π at a double point, enclosed.
struct KappaPoint {
  Interval k0, k1;
};
KappaPoint kappa_point(double r);

// Rigorous relu duals for an interval covariance. Exact (a, b, c) is a covariance, so ab − c² >= 0
// and |ρ| <= 1: the enclosure of ρ = c/√(ab) is intersected with [−1, 1]. κ0 and κ1 increase with ρ
// (dκ1/dρ = κ0 >= 0, dκ0/dρ = 1/(π√(1−ρ²)) > 0), so their ranges are the values at the ends.
Dual<Interval> relu_dual_interval(const Interval& a, const Interval& b, const Interval& c);

Dual<Interval> dual_pair_interval(const ActivationParams<Interval>& p, const Interval& a, const Interval& b,
                                  const Interval& c);

template <class S>
Dual<S> dual_pair(const ActivationParams<S>& p, const S& a, const S& b, const S& c) {
  if constexpr (std::is_same_v<S, Interval>) {
    return dual_pair_interval(p, a, b, c);
  } else {
    return dual_pair_point(p, a, b, c);
  }
}

template <class S>
Dual<S> dual_self(const ActivationParams<S>& p, const S& a) {
  return dual_self_point(p, a);
}

}  // namespace nncert::kernels::detail
