#include <algorithm>
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "nncert/numeric/interval.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/nan_safe.hpp"
#include "nncert/numeric/rounding.hpp"
#include "test_support.hpp"

using namespace nncert;

namespace {
// bound <= exact (bound may be -inf), and bound >= exact (bound may be +inf): overflow must round outward.
bool below(double bound, const Rational& exact) { return bound == -kInf || (std::isfinite(bound) && to_rational(bound) <= exact); }
bool above(double bound, const Rational& exact) { return bound == kInf || (std::isfinite(bound) && to_rational(bound) >= exact); }
}  // namespace

TEST_CASE("one-operation bounds enclose the exact rational result", "[numeric][soundness]") {
  std::mt19937_64 rng(test::seed());
  std::uniform_real_distribution<double> mant(-1.0, 1.0);
  std::uniform_int_distribution<int> expo(-1070, 1000);
  for (int t = 0; t < 2000 * test::multiplier(); ++t) {
    const double a = std::ldexp(mant(rng), expo(rng) / 8);
    const double b = std::ldexp(mant(rng), t % 3 == 0 ? expo(rng) : expo(rng) / 8);
    INFO("seed " << test::seed() << " a=" << a << " b=" << b);
    const Rational ra = to_rational(a), rb = to_rational(b);
    REQUIRE(below(add_down(a, b), ra + rb));
    REQUIRE(above(add_up(a, b), ra + rb));
    REQUIRE(below(sub_down(a, b), ra - rb));
    REQUIRE(above(sub_up(a, b), ra - rb));
    const double pd = mul_down(a, b), pu = mul_up(a, b);
    REQUIRE(below(pd, ra * rb));
    REQUIRE(above(pu, ra * rb));
    if (b != 0) {
      REQUIRE(below(div_down(a, b), ra / rb));
      REQUIRE(above(div_up(a, b), ra / rb));
    }
  }
}

TEST_CASE("sqrt bounds bracket the exact square root", "[numeric][soundness]") {
  std::mt19937_64 rng(test::seed());
  std::uniform_real_distribution<double> dist(0.0, 1e6);
  for (int t = 0; t < 1000; ++t) {
    const double x = dist(rng);
    const Rational rx = to_rational(x);
    const Rational lo = to_rational(sqrt_down(x)), hi = to_rational(sqrt_up(x));
    REQUIRE(lo * lo <= rx);
    REQUIRE(hi * hi >= rx);
  }
}

TEST_CASE("gamma_up bounds k u / (1 - k u) from above", "[numeric]") {
  for (double k : {1.0, 2.0, 3.0, 1001.0, 4e6, 1e12}) {
    const Rational u = to_rational(kUnitRoundoff);
    const Rational exact = Rational(static_cast<long long>(k)) * u / (1 - Rational(static_cast<long long>(k)) * u);
    REQUIRE(above(gamma_up(k), exact));
    REQUIRE(gamma_up(k) <= 1.01 * k * kUnitRoundoff / (1 - k * kUnitRoundoff));  // and it is tight
  }
  REQUIRE(std::isinf(gamma_up(0x1p52)));
}

TEST_CASE("to_rational is exact and rejects non-finite values", "[numeric]") {
  REQUIRE(to_rational(0.1) == Rational(3602879701896397LL) / Rational(36028797018963968LL));
  REQUIRE(to_rational(kEta) * Rational(bmp::pow(Integer(2), 1074)) == 1);
  REQUIRE_THROWS(to_rational(std::nan("")));
  REQUIRE_THROWS(to_rational(kInf));
}

TEST_CASE("NaN-keeping clamps and min/max never turn a NaN end into a number", "[numeric][nan]") {
  const double nan = std::nan("");
  // std::max(0.0, NaN) is 0.0: the defect these helpers exist to avoid.
  CHECK(std::max(0.0, nan) == 0.0);
  CHECK(std::isnan(max_or_nan(0.0, nan)));
  CHECK(std::isnan(max_or_nan(nan, 0.0)));
  CHECK(std::isnan(min_or_nan(1.0, nan)));
  CHECK(std::isnan(min_or_nan(nan, 1.0)));
  CHECK(std::isnan(at_least(nan, 0.0)));
  CHECK(std::isnan(clamp_keep_nan(nan, -1.0, 1.0)));
  // Twins: numbers behave as the ordinary functions.
  CHECK(max_or_nan(-2.0, 3.0) == 3.0);
  CHECK(min_or_nan(-2.0, 3.0) == -2.0);
  CHECK(at_least(-kEta, 0.0) == 0.0);
  CHECK(at_least(kEta, 0.0) == kEta);
  CHECK(clamp_keep_nan(1.5, -1.0, 1.0) == 1.0);
  CHECK(clamp_keep_nan(-1.5, -1.0, 1.0) == -1.0);
  CHECK(clamp_keep_nan(0.25, -1.0, 1.0) == 0.25);
  CHECK(max_or_nan(kInf, 1.0) == kInf);
}

TEST_CASE("interval sqrt and exp keep a NaN end", "[numeric][nan]") {
  const Interval empty(std::nan(""), std::nan(""));
  const Interval s = sqrt(empty);
  CHECK(std::isnan(s.upper()));
  const Interval ok = sqrt(Interval(-0.5, 4.0));  // twin: a negative lower end clamps at 0
  CHECK(ok.lower() == 0.0);
  CHECK(ok.upper() >= 2.0);
}
