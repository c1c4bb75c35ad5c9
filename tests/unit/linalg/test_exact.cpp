// Unit tests of the exact rungs: Bareiss PD and rank, rank mod p, exact Cholesky-witness check.
#include <cmath>

#include <Eigen/Cholesky>
#include <catch2/catch.hpp>

#include "nncert/linalg/exact.hpp"
#include "nncert/linalg/ladder.hpp"
#include "nncert/linalg/range_membership.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/numeric/errors.hpp"

using namespace nncert;
using namespace nncert::linalg;

namespace {
MatD tridiag(Index n) {
  MatD a = MatD::Zero(n, n);
  for (Index i = 0; i < n; ++i) {
    a(i, i) = 2;
    if (i + 1 < n) a(i, i + 1) = a(i + 1, i) = -1;
  }
  return a;
}
}  // namespace

TEST_CASE("is_pd_exact decides positive definiteness exactly", "[linalg][exact]") {
  MatD a(2, 2);
  a << 1, 1, 1, 1;  // singular
  REQUIRE_FALSE(is_pd_exact(a));
  a(1, 1) = 1 + 0x1p-52;  // det = 2^-52 > 0
  REQUIRE(is_pd_exact(a));
  REQUIRE_FALSE(is_pd_exact(a, 0x1p-50));  // λ_min ≈ 2^-53 < 2^-50
  // tridiag(10): λ_min = 2 − 2cos(π/11) ≈ 0.08101
  REQUIRE(is_pd_exact(tridiag(10), 0.081));
  REQUIRE_FALSE(is_pd_exact(tridiag(10), 0.0811));
  Mat<Rational> q(2, 2);
  q << Rational(1, 3), Rational(1, 5), Rational(1, 5), Rational(3, 25);  // det = 1/25 − 1/25 = 0
  REQUIRE_FALSE(is_pd_exact(q));
  q(1, 1) = Rational(4, 25);
  REQUIRE(is_pd_exact(q));
}

TEST_CASE("exact_rank and rank_mod_p", "[linalg][exact]") {
  MatD m(3, 4);
  m << 1, 2, 3, 4, 0.5, 0.25, 0.125, 1e-300, 1.5, 2.25, 3.125, 4;  // row 2 = row 0 + row 1 except 1e-300
  REQUIRE(exact_rank(m) == 3);
  REQUIRE(rank_mod_p(m) <= 3);
  m(1, 3) = 0;  // now row 2 = row 0 + row 1
  REQUIRE(exact_rank(m) == 2);
  REQUIRE(rank_mod_p(m) == 2);
  REQUIRE(exact_rank(MatD(MatD::Zero(2, 2))) == 0);
  Mat<Rational> q(2, 2);
  q << Rational(1, 3), Rational(2, 3), Rational(1, 6), Rational(1, 3);
  REQUIRE(exact_rank(q) == 1);
}

TEST_CASE("exact witness check: lambda_min >= s - ||A - sI - LL^T||_inf", "[linalg][exact]") {
  const MatD a = tridiag(10);
  const double truth = 2 - 2 * std::cos(3.14159265358979323846 / 11);
  MatD b = a;
  b.diagonal().array() -= 0.05;
  const MatD l = b.llt().matrixL();
  const Rational bound = exact_witness_lower_bound(a, 0.05, l);
  REQUIRE(bound > Rational(0.0499));
  REQUIRE(bound <= Rational(truth));
  REQUIRE(exact_check_cholesky_witness(a, 0.05, l));
  // Negative twin: a witness claiming more than the truth is rejected (bound <= λ_min always).
  MatD b2 = a;
  b2.diagonal().array() -= 0.09;  // A − 0.09I is indefinite; take a wrong "factor"
  const MatD wrong = b.llt().matrixL();
  REQUIRE(exact_witness_lower_bound(a, 0.09, wrong) < Rational(truth));
  // Rungs in isolation.
  REQUIRE(rung_witness_double(a, 0.0, 0.05).proven);
  REQUIRE(rung_witness_mpfr(a, 0.08, 0.081, 113).proven);
  REQUIRE_FALSE(rung_witness_mpfr(a, 0.0811, 0.0812, 113).proven);
  REQUIRE(rung_exact(a, 0.0811).refuted);
}

TEST_CASE("rational rounding helpers round outward", "[linalg][exact]") {
  const Rational third(1, 3);
  REQUIRE(Rational(rational_down(third)) <= third);
  REQUIRE(Rational(rational_up(third)) >= third);
  REQUIRE(rational_up(third) == std::nextafter(rational_down(third), 1.0));
  REQUIRE(rational_down(Rational(-1, 3)) == -rational_up(third));
}

TEST_CASE("rigorous Rayleigh quotient and product enclosures", "[linalg][rigorous]") {
  const MatD a = tridiag(5);
  const VecD x = VecD::Ones(5);  // xᵀAx = 2, xᵀx = 5
  REQUIRE(rayleigh_quotient_upper(a, x) >= 0.4);
  REQUIRE(rayleigh_quotient_upper(a, x) <= 0.4 + 1e-15);
  const VecD y = -x;
  REQUIRE(quadratic_form_upper(MatD(-a), y) >= -2.0);  // negative form: upper bound is >= −2
  REQUIRE(rayleigh_quotient_upper(MatD(-a), y) >= -0.4);
  MatD p(1, 2), q(2, 1);
  p << 0.1, 0.2;
  q << 0.3, 0.7;
  const auto e = product_enclosure(p, q);  // exact 0.17
  REQUIRE(Rational(e.mid(0, 0)) - Rational(e.rad(0, 0)) <= Rational(0.1) * Rational(0.3) + Rational(0.2) * Rational(0.7));
  REQUIRE(Rational(e.mid(0, 0)) + Rational(e.rad(0, 0)) >= Rational(0.1) * Rational(0.3) + Rational(0.2) * Rational(0.7));
}

TEST_CASE("certify_in_range: full row rank, least squares, exact rank", "[linalg][range]") {
  MatD h(4, 4);
  h << 1, 1, 1, 1, 1, -1, 1, -1, 1, 1, -1, -1, 1, -1, -1, 1;
  const MatD wide = h.topRows(2);
  REQUIRE(certify_in_range(wide, VecD::Ones(2)).verdict == Verdict::certified);
  const MatD tall = h.leftCols(2);  // columns orthogonal, norm 2
  VecD y = tall * VecD::Ones(2);      // in range
  auto r = certify_in_range(tall, y, 1e-12);
  INFO(r.reason);
  REQUIRE(r.verdict == Verdict::certified);
  y = h.col(2);  // orthogonal to range: residual exactly ‖y‖ = 2
  r = certify_in_range(tall, y, 1.0);
  INFO(r.reason);
  REQUIRE(r.verdict == Verdict::refuted);
  REQUIRE(r.residual.lower <= 2.0);
  REQUIRE(r.residual.upper >= 2.0);
  // Rank-deficient wide J: range is the span of one column; exact ranks decide.
  MatD d(2, 3);
  d << 1, 2, 3, 2, 4, 6;
  VecD in(2), out(2);
  in << 1, 2;
  out << 1, 3;
  REQUIRE(certify_in_range(d, in).verdict == Verdict::certified);
  REQUIRE(certify_in_range(d, out).verdict == Verdict::refuted);
  REQUIRE_THROWS_AS(certify_in_range(d, VecD::Ones(3)), InvalidInput);
}
