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
// arcsin t = t·g(t²) with g(z) = Σ_k c_k z^k, c_k = (2k)!/(4^k (k!)² (2k+1)); here z = t² <= 1/4.
#include <cmath>
#include <cstddef>
#include <utility>

namespace nncert::kernels::detail {

// arcsin t = t + t·z·h(z) with h(z) = (g(z) − 1)/z = Σ_k c_{k+1} z^k ∈ [1/6, 0.19]: the leading term t is
// exact, so the result is within about half an ulp plus the (small, z-weighted) error of h.
// h on z ∈ [0, 1/4] is a polynomial of degree 12 in u = 8z − 1 ∈ [−1, 1]: its Chebyshev expansion
// truncated (Chebyshev economisation). h's nearest singularity is at z = 1, so the Chebyshev
// coefficients a_j of h((1 + u)/8) fall like 15.5^−j (a_12 = 2.1e-16, a_13 = 1.3e-17): dropping j > 12
// changes z·h by less than 3.6e-18, below a hundredth of an ulp of arcsin t / t. The Taylor series in z
// converges only like 4^−k and needed 24 terms; this needs 13 coefficients (one FMA each).
// They are computed at compile time, in long double, from 40 Taylor terms (tail below 1e-25): Taylor
// in z → monomials in u → Chebyshev basis → truncate → monomials in u.
inline constexpr int kAsinDegree = 12;

struct AsinCoefficients {
  static constexpr int kTaylor = 40;
  double m[kAsinDegree + 1];
  constexpr AsinCoefficients() : m{} {
    long double in_u[kTaylor] = {};  // h as a polynomial in u
    long double binom = 1.0L;        // (2k)!/(4^k (k!)²)
    for (int k = 1; k <= kTaylor; ++k) {
      binom = binom * (2.0L * k - 1.0L) / (2.0L * k);
      long double term = binom / (2.0L * k + 1.0L);  // c_k, the coefficient of z^{k−1} in h
      for (int i = 0; i < k - 1; ++i) term /= 8.0L;  // z^{k−1} = (1 + u)^{k−1} / 8^{k−1}
      long double choose = 1.0L;                     // C(k − 1, j)
      for (int j = 0; j <= k - 1; ++j) {
        in_u[j] += term * choose;
        choose = choose * static_cast<long double>(k - 1 - j) / static_cast<long double>(j + 1);
      }
    }
    // u^k in the Chebyshev basis (u·T_0 = T_1, u·T_j = (T_{j+1} + T_{j−1})/2), accumulated.
    long double cheb[kTaylor] = {}, power[kTaylor] = {};
    power[0] = 1.0L;
    for (int k = 0; k < kTaylor; ++k) {
      for (int j = 0; j < kTaylor; ++j) cheb[j] += in_u[k] * power[j];
      long double next[kTaylor] = {};
      next[1] += power[0];
      for (int j = 1; j + 1 < kTaylor; ++j) {
        next[j + 1] += power[j] / 2.0L;
        next[j - 1] += power[j] / 2.0L;
      }
      for (int j = 0; j < kTaylor; ++j) power[j] = next[j];
    }
    // Σ_{j <= 12} a_j T_j(u) back to monomials (T_{j+1} = 2u·T_j − T_{j−1}).
    long double out[kAsinDegree + 1] = {}, t_prev[kAsinDegree + 1] = {}, t_cur[kAsinDegree + 1] = {};
    t_prev[0] = 1.0L;
    t_cur[1] = 1.0L;
    out[0] = cheb[0];
    for (int j = 1; j <= kAsinDegree; ++j) {
      for (int i = 0; i <= kAsinDegree; ++i) out[i] += cheb[j] * t_cur[i];
      long double t_next[kAsinDegree + 1] = {};
      for (int i = 0; i <= kAsinDegree; ++i) {
        if (i + 1 <= kAsinDegree) t_next[i + 1] += 2.0L * t_cur[i];
        t_next[i] -= t_prev[i];
      }
      for (int i = 0; i <= kAsinDegree; ++i) {
        t_prev[i] = t_cur[i];
        t_cur[i] = t_next[i];
      }
    }
    for (int i = 0; i <= kAsinDegree; ++i) m[i] = static_cast<double>(out[i]);
  }
};
inline constexpr AsinCoefficients kAsin{};

inline constexpr double kPi = 3.141592653589793;
inline constexpr double kHalfPi = 1.5707963267948966;

// Horner's rule in u = 8z − 1, one FMA (one rounding) per step, written out at compile time: GCC does
// not fully unroll the loop, and a loop left inside the callers' `omp simd` loops stops them vectorising.
template <std::size_t... K>
inline double asin_poly(double z, std::index_sequence<K...>) {
  const double u = std::fma(8.0, z, -1.0);
  double poly = kAsin.m[kAsinDegree];
  ((poly = std::fma(poly, u, kAsin.m[kAsinDegree - 1 - K])), ...);
  return poly;
}

// arcsin t for |t| <= 1/2 (+ rounding): t + (t·z)·h(z).
inline double asin_small(double t) {
  const double z = t * t;
  return std::fma(t * z, asin_poly(z, std::make_index_sequence<kAsinDegree>{}), t);
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
