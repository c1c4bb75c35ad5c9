#pragma once
// Branch-free, vectorisable angle evaluation for the double fast paths (FC and CNTK loops under
// `#pragma omp simd`). libm's acos/atan2 are scalar calls; this is a few ulps accurate and lets GCC
// emit AVX2 code. Its accuracy matters only for speed/quality: every rigorous bound comes from the
// separate interval evaluation (fc_kernel_enclosure.cpp, cntk.cpp).
//
// θ = atan2(y, c) with s = √(y² + c²) supplied by the caller. Range reduction to an arcsin argument
// t ∈ [0, 1/2] without cancellation:
//   ρ = c/s ∈ [−1/2, 1/2]:  θ = π/2 − arcsin ρ
//   ρ > 1/2:                θ = 2·arcsin √((1−ρ)/2),     (1−ρ)/2 = y²/(2s(s+c))
//   ρ < −1/2:               θ = π − 2·arcsin √((1+ρ)/2), (1+ρ)/2 = y²/(2s(s−c))
// arcsin t = t·Σ_k c_k t^{2k}, c_k = (2k)!/(4^k (k!)² (2k+1)); with t² <= 1/4 the 24-term Taylor
// polynomial has tail <= c_24·4^−24/(1 − 1/4) < 1e-17 relative.
#include <cmath>

namespace nncert::kernels::detail {

inline constexpr int kAsinTerms = 24;

struct AsinCoefficients {
  double c[kAsinTerms];
  constexpr AsinCoefficients() : c{} {
    double binom = 1.0;  // (2k)!/(4^k (k!)²)
    for (int k = 0; k < kAsinTerms; ++k) {
      if (k > 0) binom = binom * (2.0 * k - 1.0) / (2.0 * k);
      c[k] = binom / (2.0 * k + 1.0);
    }
  }
};
inline constexpr AsinCoefficients kAsin{};

inline constexpr double kPi = 3.141592653589793;
inline constexpr double kHalfPi = 1.5707963267948966;

// arcsin t for |t| <= 1/2 (+ rounding).
inline double asin_small(double t) {
  const double z = t * t;
  double poly = kAsin.c[kAsinTerms - 1];
  for (int k = kAsinTerms - 2; k >= 0; --k) poly = std::fma(poly, z, kAsin.c[k]);  // one rounding per step
  return t * poly;
}

// θ = atan2(y, c) ∈ [0, π] for y >= 0 and s = √(y² + c²) > 0.
inline double angle_from(double s, double c, double y) {
  const double rho = c / s;
  const double t_pos = y / std::sqrt(2.0 * s * (s + c));
  const double t_neg = y / std::sqrt(2.0 * s * (s - c));
  const bool pos = rho > 0.5;
  const bool neg = rho < -0.5;
  const double t = pos ? t_pos : (neg ? t_neg : rho);
  const double as = asin_small(t);
  return pos ? 2.0 * as : (neg ? kPi - 2.0 * as : kHalfPi - as);
}

// ab − c² with one rounding error relative to ab plus one of c² (Kahan's trick with FMA: c² = w + e
// exactly), clamped at 0 — accurate even when ρ is close to ±1.
inline double gap_ab_cc(double a, double b, double c) {
  const double w = c * c;
  const double e = std::fma(c, c, -w);
  const double f = std::fma(a, b, -w);
  const double g = f - e;
  return g > 0.0 ? g : 0.0;
}

struct ReluDual {
  double e, edot;
};

// Relu duals E[relu relu], E[1 1] for (a, b, c) (see dual_activation_impl.hpp). s = 0 gives e = 0,
// edot = 1/4 (θ = π/2).
inline ReluDual relu_dual_fast(double a, double b, double c) {
  const double ab = a * b;
  const double s = std::sqrt(ab);
  const double y = std::sqrt(gap_ab_cc(a, b, c));
  const bool ok = s > 0.0;
  const double theta = ok ? angle_from(s, c, y) : kHalfPi;
  double cos_t = c / s;
  cos_t = cos_t > 1.0 ? 1.0 : (cos_t < -1.0 ? -1.0 : cos_t);
  double sin_t = y / s;
  sin_t = sin_t > 1.0 ? 1.0 : sin_t;
  const double k0 = (kPi - theta) * (1.0 / (2.0 * kPi));
  const double e = s * (sin_t + (kPi - theta) * cos_t) * (1.0 / (2.0 * kPi));
  return {ok ? e : 0.0, ok ? k0 : 0.25};
}

}  // namespace nncert::kernels::detail
