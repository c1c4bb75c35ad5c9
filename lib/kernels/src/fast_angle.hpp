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
#include <cstddef>
#include <utility>

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

// Horner's rule, one FMA (one rounding) per step, written out at compile time: GCC does not fully
// unroll a 23-step loop, and a loop left inside the callers' `omp simd` loops stops them vectorising.
template <std::size_t... K>
inline double asin_poly(double z, std::index_sequence<K...>) {
  double poly = kAsin.c[kAsinTerms - 1];
  ((poly = std::fma(poly, z, kAsin.c[kAsinTerms - 2 - K])), ...);
  return poly;
}

// arcsin t for |t| <= 1/2 (+ rounding).
inline double asin_small(double t) {
  return t * asin_poly(t * t, std::make_index_sequence<kAsinTerms - 1>{});
}

// θ = atan2(y, c) ∈ [0, π] for y >= 0, s = √(y² + c²) > 0 and ρ = c/s (the caller may have it
// from a precomputed 1/s). Both far branches share t = y/√(2s(s + |c|)): one square root, one division.
inline double angle_from(double s, double c, double y, double rho) {
  const double t_far = y / std::sqrt(2.0 * s * (s + std::abs(c)));
  // Each select has one comparison for its mask, and every branch's value is computed first: nested
  // or short-circuit conditions, or a conditional division, keep GCC from vectorising the callers.
  const bool far = std::abs(rho) > 0.5;
  const double t = far ? t_far : rho;
  const double as = asin_small(t);
  const double theta_pos = 2.0 * as;
  const double theta_neg = kPi - theta_pos;
  const double theta_mid = kHalfPi - as;
  const double theta_far = rho > 0.0 ? theta_pos : theta_neg;
  return far ? theta_far : theta_mid;
}

inline double angle_from(double s, double c, double y) { return angle_from(s, c, y, c / s); }

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

// Relu duals E[relu relu], E[1 1] for (a, b, c) (see dual_activation_impl.hpp), given s = √(ab) and
// inv_s = 1/s (the FC loop has both from per-row and per-column roots: no division or root here
// beyond θ's). s = 0 gives e = 0, edot = 1/4 (θ = π/2).
inline ReluDual relu_dual_fast(double a, double b, double c, double s, double inv_s) {
  const double y = std::sqrt(gap_ab_cc(a, b, c));
  const bool ok = s > 0.0;
  double cos_t = c * inv_s;
  cos_t = cos_t > 1.0 ? 1.0 : (cos_t < -1.0 ? -1.0 : cos_t);
  double sin_t = y * inv_s;
  sin_t = sin_t > 1.0 ? 1.0 : sin_t;
  // Evaluated unconditionally, then selected: under -ftrapping-math GCC will not if-convert a
  // conditional division or root, and a branch keeps the loop from vectorising.
  const double theta_any = angle_from(s, c, y, cos_t);
  const double theta = ok ? theta_any : kHalfPi;
  const double k0 = (kPi - theta) * (1.0 / (2.0 * kPi));
  const double e = s * (sin_t + (kPi - theta) * cos_t) * (1.0 / (2.0 * kPi));
  return {ok ? e : 0.0, ok ? k0 : 0.25};
}

inline ReluDual relu_dual_fast(double a, double b, double c) {
  const double s = std::sqrt(a * b);
  return relu_dual_fast(a, b, c, s, 1.0 / s);
}

}  // namespace nncert::kernels::detail
