// The kernels' vectorised arcsine and angle (lib/kernels/src/fast_angle.hpp) against 200-bit MPFR.
// They give only midpoints (every bound comes from interval evaluation), but the FC and CNTK Grams'
// agreement with their references rests on them, and docs/floating-point.md states their accuracy:
// arcsin t within 1 ulp for |t| <= 1/2 with 13 coefficients, which only the Chebyshev economisation
// reaches (measured 0.57 ulp; negative twin: the Taylor series cut to the same 13 coefficients is off by
// 5·10⁵ ulps).
#include <cmath>

#include <catch2/catch.hpp>

#include "../../../lib/kernels/src/fast_angle.hpp"
#include "nncert/numeric/multiprecision.hpp"

using namespace nncert;
using kernels::detail::angle_from;
using kernels::detail::asin_small;

namespace {

// |got − exact| in units of the last place of the exact value rounded to double.
double ulps(double got, const MpfrFloat& exact) {
  const double e = exact.convert_to<double>();
  const double ulp = std::nextafter(std::abs(e), INFINITY) - std::abs(e);
  return (abs(MpfrFloat(got) - exact) / MpfrFloat(ulp)).convert_to<double>();
}

// The degree-12 truncation of arcsin's Taylor series in z = t², as many coefficients as the
// economised polynomial: what the economisation improves on.
double asin_taylor_13_terms(double t) {
  double c[13];
  double binom = 1.0;
  for (int k = 0; k < 13; ++k) {
    if (k > 0) binom = binom * (2.0 * k - 1.0) / (2.0 * k);
    c[k] = binom / (2.0 * k + 1.0);
  }
  const double z = t * t;
  double p = c[12];
  for (int k = 11; k >= 0; --k) p = std::fma(p, z, c[k]);
  return t * p;
}

}  // namespace

TEST_CASE("the economised arcsine is within 1 ulp of MPFR on [-1/2, 1/2]", "[kernels][fast-angle]") {
  const MpfrPrecision precision(200);
  double worst = 0, worst_taylor = 0;
  const int steps = 100000;
  for (int i = -steps; i <= steps; ++i) {
    // A uniform grid plus tiny arguments (the leading term t must come out exactly).
    const double t = i == 0 ? 1e-300 : 0.5 * i / steps;
    const MpfrFloat exact = asin(MpfrFloat(t));
    worst = std::max(worst, ulps(asin_small(t), exact));
    worst_taylor = std::max(worst_taylor, ulps(asin_taylor_13_terms(t), exact));
  }
  for (const double t : {0.5, -0.5, 1e-8, 3e-160, 0.49999999999999994}) {
    CHECK(ulps(asin_small(t), asin(MpfrFloat(t))) <= 1.0);
  }
  INFO("economised: " << worst << " ulp, Taylor with the same number of terms: " << worst_taylor << " ulp");
  CHECK(worst <= 1.0);
  CHECK(worst_taylor > 1e4);
}

TEST_CASE("angle_from agrees with MPFR atan2 on every branch", "[kernels][fast-angle]") {
  const MpfrPrecision precision(200);
  double worst = 0;
  // ρ = c/s from −1 to 1 through all three branches (|ρ| <= 1/2, ρ > 1/2, ρ < −1/2), over scales.
  for (const double scale : {1e-150, 1e-3, 1.0, 7.5e4, 1e150}) {
    for (int i = 0; i <= 4000; ++i) {
      const double theta = 3.141592653589793 * i / 4000;
      const double c = scale * std::cos(theta), y = scale * std::sin(theta);
      if (!(y >= 0)) continue;
      const double s = std::sqrt(y * y + c * c);
      if (!(s > 0) || !std::isfinite(s)) continue;
      // Exact atan2 of the rounded y and c the function is given.
      const MpfrFloat exact = atan2(MpfrFloat(y), MpfrFloat(c));
      worst = std::max(worst, ulps(angle_from(s, c, y), exact));
    }
  }
  INFO("worst " << worst << " ulp");
  // s carries one rounding and the far branches a square root and a quotient: a few ulps.
  CHECK(worst <= 4.0);
}
