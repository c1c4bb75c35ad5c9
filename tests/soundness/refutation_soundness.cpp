// A verdict claims exactly what was proven, at the shift or threshold the caller gave (issue 11,
// defect class 1): adversarial shifts one ulp either side of the truth, subnormal and near-overflow
// matrices, graded diagonals. Every truth here is exact: λ_min of a diagonal or of a 2×2
// [[a, b], [b, a]] (a − |b|, evaluated in rationals), σ_min of a diagonal (min |d_i|). Asserts: no false
// "certified", no false "refuted", every certified enclosure contains the truth, and the cases the
// exact rungs can decide are decided correctly.
#include <cfloat>
#include <cmath>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "nncert/linalg/certify_spd.hpp"
#include "nncert/linalg/range_membership.hpp"
#include "nncert/linalg/sigma_min.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/rounding.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::linalg;

namespace {

// bound <= truth / bound >= truth, exactly; ±inf ends compare as the extended reals (NaN fails).
bool is_lower_bound(double bound, const Rational& truth) {
  return bound == -kInf || (std::isfinite(bound) && Rational(bound) <= truth);
}
bool is_upper_bound(double bound, const Rational& truth) {
  return bound == kInf || (std::isfinite(bound) && Rational(bound) >= truth);
}

// The verdict and the enclosure against the exact λ_min; `must_decide`: the exact rung is available
// (small n), so an inconclusive answer is a failure too.
void check_lambda(const MatD& a, const Rational& truth, double shift, bool must_decide) {
  SpdOptions o;
  o.shift = shift;
  const SpdResult r = certify_lambda_min(a, o);
  INFO("n " << a.rows() << ", truth " << truth.convert_to<double>() << ", shift " << shift << " -> "
            << to_string(r.verdict) << " [" << r.lambda_min.lower << ", " << r.lambda_min.upper << "] "
            << r.lambda_min.method << ": " << r.reason);
  const bool above = truth > Rational(shift);
  if (r.verdict == Verdict::certified) REQUIRE(above);
  if (r.verdict == Verdict::refuted) REQUIRE_FALSE(above);
  if (r.lambda_min.certified) {  // an infinite end is a (trivially) true bound
    REQUIRE(is_lower_bound(r.lambda_min.lower, truth));
    REQUIRE(is_upper_bound(r.lambda_min.upper, truth));
  }
  if (must_decide) REQUIRE(r.verdict == (above ? Verdict::certified : Verdict::refuted));
}

// Shifts one ulp below, at and one ulp above `x`, and 0 (finite ones only: a shift must be finite).
std::vector<double> adjacent_shifts(double x) {
  std::vector<double> out;
  for (double s : {next_down(x), x, next_up(x), 0.0})
    if (std::isfinite(s)) out.push_back(s);
  return out;
}

Rational min_diagonal(const MatD& a) {
  Rational m(a(0, 0));
  for (Index i = 1; i < a.rows(); ++i) m = std::min(m, Rational(a(i, i)));
  return m;
}

}  // namespace

TEST_CASE("certify-spd refutes only what it proves: the issue's three examples", "[soundness][linalg][refutation]") {
  // [[5e-324]] with shift 0: λ_min = η > 0. Refuting at next_up(0) = η used to report "λ_min <= 0".
  check_lambda(MatD::Constant(1, 1, kEta), Rational(kEta), 0.0, true);
  // The identity with shift 1 − 2^-53 (0.9999999999999999 rounds there... and 1 − 2^-52 too).
  for (Index n = 1; n <= 4; ++n) {
    check_lambda(MatD::Identity(n, n), Rational(1), next_down(1.0), true);
    check_lambda(MatD::Identity(n, n), Rational(1), 0.9999999999999999, true);
    check_lambda(MatD::Identity(n, n), Rational(1), 1.0, true);
    check_lambda(MatD::Identity(n, n), Rational(1), next_up(1.0), true);
  }
  // Negative twin: a shift at or above the truth is refuted, never certified.
  check_lambda(MatD::Constant(1, 1, kEta), Rational(kEta), kEta, true);
}

TEST_CASE("certify-spd on scaled identities c*I across the range, shifts one ulp around c",
          "[soundness][linalg][refutation]") {
  for (double c : {kEta, 2 * kEta, DBL_MIN - kEta, DBL_MIN, 0x1p-1000, 0x1p-500, 1.0, 3.0, 0x1p500, 0x1p1000,
                   DBL_MAX, -kEta, -1.0, -DBL_MAX})
    for (Index n : {1, 2, 5})
      for (double shift : adjacent_shifts(c)) check_lambda(c * MatD::Identity(n, n), Rational(c), shift, true);
}

TEST_CASE("certify-spd on graded diagonals with subnormal to near-overflow entries",
          "[soundness][linalg][refutation]") {
  std::mt19937_64 rng(test::seed() + 11);
  std::uniform_int_distribution<int> exponent(-1074, 1023);
  const int trials = 200 * test::multiplier();
  for (int t = 0; t < trials; ++t) {
    const Index n = 1 + static_cast<Index>(rng() % 6);
    MatD a = MatD::Zero(n, n);
    for (Index i = 0; i < n; ++i) {
      const double sign = rng() % 5 == 0 ? -1.0 : 1.0;
      a(i, i) = sign * std::ldexp(1.0 + static_cast<double>(rng() % 8) / 8, exponent(rng));
      if (std::isinf(a(i, i))) a(i, i) = sign * DBL_MAX;
    }
    const Rational truth = min_diagonal(a);
    INFO("seed " << test::seed() << ", trial " << t);
    for (double shift : adjacent_shifts(truth.convert_to<double>())) check_lambda(a, truth, shift, true);
  }
}

TEST_CASE("certify-spd on [[a, b], [b, a]]: lambda_min = a - |b| exactly, near overflow and underflow",
          "[soundness][linalg][refutation]") {
  struct Case {
    double a, b;
  };
  const Case cases[] = {
      {1.0, 1.0 - 0x1p-52},                   // λ_min = 2^-52: a thin margin at 1
      {1.0, 1.0},                             // singular
      {0x1.8p1023, 0x1p1023},                 // row sums overflow; λ_min = 2^1022
      {DBL_MAX, DBL_MAX},                     // singular, at the top of the range
      {DBL_MAX, next_down(DBL_MAX)},          // λ_min = ulp(DBL_MAX)
      {3 * kEta, 2 * kEta},                   // subnormal: λ_min = η
      {2 * kEta, 2 * kEta},                   // subnormal singular
      {DBL_MIN, DBL_MIN - kEta},              // λ_min = η at the normal/subnormal boundary
  };
  for (const Case& c : cases) {
    MatD m(2, 2);
    m << c.a, c.b, c.b, c.a;
    const Rational truth = Rational(c.a) - abs(Rational(c.b));
    INFO("a " << c.a << ", b " << c.b);
    // The truth is a double in every case above (a − b exact by Sterbenz or in the subnormal range).
    const double t = truth.convert_to<double>();
    REQUIRE(Rational(t) == truth);
    for (double shift : adjacent_shifts(t)) check_lambda(m, truth, shift, true);
  }
}

TEST_CASE("certify-spd on enclosures whose radius left the double range: inconclusive, not bad input",
          "[soundness][linalg][refutation]") {
  const MatD mid = MatD::Identity(3, 3);
  MatD rad = MatD::Zero(3, 3);
  rad(0, 1) = rad(1, 0) = kInf;
  const SpdResult r = certify_lambda_min(mid, rad);
  CHECK(r.verdict == Verdict::inconclusive);
  CHECK_FALSE(r.lambda_min.certified);
  rad(0, 1) = rad(1, 0) = std::nan("");
  CHECK(certify_lambda_min(mid, rad).verdict == Verdict::inconclusive);
  // Negative twin: a negative radius is malformed input.
  rad(0, 1) = rad(1, 0) = -1.0;
  CHECK_THROWS_AS(certify_lambda_min(mid, rad), InvalidInput);
  // A finite radius whose norm plus the shift overflows: no rung can prove anything, nothing throws.
  rad(0, 1) = rad(1, 0) = DBL_MAX;
  SpdOptions o;
  o.shift = DBL_MAX;
  const SpdResult wide = certify_lambda_min(mid, rad, o);
  CHECK(wide.verdict != Verdict::certified);
}

namespace {

// σ_min verdicts against the exact min |d_i| of a (rectangular) diagonal.
void check_sigma(const MatD& j, const Rational& truth, double threshold) {
  const SigmaResult r = certify_sigma_min(j, threshold);
  INFO(j.rows() << "x" << j.cols() << ", truth " << truth.convert_to<double>() << ", threshold " << threshold
                << " -> " << to_string(r.verdict) << " [" << r.sigma_min.lower << ", " << r.sigma_min.upper << "] "
                << r.sigma_min.method << ": " << r.reason);
  const bool above = truth > Rational(threshold);
  if (r.verdict == Verdict::certified) REQUIRE(above);
  if (r.verdict == Verdict::refuted) REQUIRE_FALSE(above);
  if (r.sigma_min.certified) {
    REQUIRE(is_lower_bound(r.sigma_min.lower, truth));
    REQUIRE(is_upper_bound(r.sigma_min.upper, truth));
  }
}

}  // namespace

TEST_CASE("sigma-min near overflow and underflow: an overflowing route hands over to the next",
          "[soundness][linalg][refutation]") {
  MatD d = MatD::Zero(2, 2);
  d(0, 0) = 1.2e154;
  d(1, 1) = 1.3e154;  // ‖K‖_F² overflows in the Gram route's radius
  const SigmaResult big = certify_sigma_min(d);
  CHECK(big.verdict == Verdict::certified);
  check_sigma(d, Rational(1.2e154), 0.0);
  check_sigma(d, Rational(1.2e154), 1e154);
  check_sigma(d, Rational(1.2e154), 1.3e154);
  // The threshold's square overflows: the Gram route cannot be used, the SVD route refutes.
  MatD small(2, 2);
  small << 1, 2, 3, 4;  // σ_min = √(15 − √221) ≈ 0.366
  const SigmaResult huge_threshold = certify_sigma_min(small, 1e160);
  CHECK(huge_threshold.verdict == Verdict::refuted);
  CHECK(certify_sigma_min(small, 0.3).verdict == Verdict::certified);  // its twin below the truth

  std::mt19937_64 rng(test::seed() + 23);
  std::uniform_int_distribution<int> exponent(-1074, 1023);
  const int trials = 100 * test::multiplier();
  for (int t = 0; t < trials; ++t) {
    const Index m = 1 + static_cast<Index>(rng() % 4);
    const Index k = m + static_cast<Index>(rng() % 3);
    MatD j = MatD::Zero(m, k);
    Rational truth;
    for (Index i = 0; i < m; ++i) {
      // A common scale with a small spread keeps the case within reach of both routes, across the range.
      const int e0 = exponent(rng);
      j(i, i) = std::ldexp(1.0 + static_cast<double>(rng() % 16) / 16, std::min(1023, e0));
      if (rng() % 2) j(i, i) = -j(i, i);
      if (i == 0 || abs(Rational(j(i, i))) < truth) truth = abs(Rational(j(i, i)));
    }
    if (rng() % 2) j.transposeInPlace();
    const double tv = truth.convert_to<double>();
    INFO("seed " << test::seed() << ", trial " << t);
    for (double threshold : {0.0, next_down(tv), tv, next_up(tv), tv / 2, tv * 2}) check_sigma(j, truth, threshold);
  }
}

TEST_CASE("sigma-min on an interval box whose radius overflows: inconclusive", "[soundness][linalg][refutation]") {
  const MatD mid = MatD::Identity(2, 3);
  MatD rad = MatD::Zero(2, 3);
  rad(0, 2) = kInf;
  const SigmaResult r = certify_sigma_min(mid, rad, 0.5);
  CHECK(r.verdict == Verdict::inconclusive);
  rad(0, 2) = 0.0;
  rad(1, 2) = 0x1p-60;  // twin: a tiny radius still certifies
  CHECK(certify_sigma_min(mid, rad, 0.5).verdict == Verdict::certified);
}

TEST_CASE("range membership with subnormal residuals: exact decisions", "[soundness][linalg][refutation]") {
  MatD j = MatD::Zero(2, 2);
  j(0, 0) = 1.0;
  VecD in_range(2), off_range(2);
  in_range << 1.0, 0.0;
  off_range << 1.0, kEta;  // residual exactly η > 0
  CHECK(certify_in_range(j, in_range).verdict == Verdict::certified);
  CHECK(certify_in_range(j, off_range).verdict == Verdict::refuted);
  const RangeResult tol = certify_in_range(j, off_range, kEta);  // residual η <= η: not refuted
  CHECK(tol.verdict != Verdict::refuted);
}
