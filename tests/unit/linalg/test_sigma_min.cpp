// Unit tests of certify_sigma_min: Hadamard rows have exactly known singular values.
#include <cmath>
#include <random>

#include <Eigen/QR>
#include <catch2/catch.hpp>

#include "nncert/linalg/sigma_min.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::linalg;

namespace {
MatD sylvester_hadamard(Index n) {  // n a power of two; H Hᵀ = n I exactly
  MatD h = MatD::Ones(1, 1);
  while (h.rows() < n) {
    MatD next(2 * h.rows(), 2 * h.rows());
    next << h, h, h, -h;
    h = next;
  }
  return h;
}
// lower <= sqrt(q) <= upper, decided exactly with rationals.
bool contains_sqrt(const Enclosure& e, const Rational& q) {
  const Rational lo(e.lower), hi(e.upper);
  return (e.lower <= 0 || lo * lo <= q) && hi >= 0 && hi * hi >= q;
}
MatD with_condition(std::mt19937_64& rng, Index n, Index p, double kappa) {
  std::normal_distribution<double> g;
  MatD a(n, n), b(p, p);
  for (Index i = 0; i < a.size(); ++i) a.data()[i] = g(rng);
  for (Index i = 0; i < b.size(); ++i) b.data()[i] = g(rng);
  const MatD u = a.householderQr().householderQ();
  const MatD v = MatD(b.householderQr().householderQ()).leftCols(n);
  VecD s(n);
  for (Index i = 0; i < n; ++i) s(i) = std::pow(kappa, -static_cast<double>(i) / static_cast<double>(n - 1));
  return u * s.asDiagonal() * v.transpose();
}
}  // namespace

TEST_CASE("sigma_min of scaled Hadamard rows is enclosed and certified", "[linalg][sigma]") {
  const MatD j = 3 * sylvester_hadamard(8).topRows(4);  // J Jᵀ = 72 I: σ_min = sqrt(72)
  const auto r = certify_sigma_min(j);
  INFO(r.reason);
  REQUIRE(r.verdict == Verdict::certified);
  REQUIRE(r.sigma_min.certified);
  REQUIRE(contains_sqrt(r.sigma_min, Rational(72)));
  REQUIRE(r.rank_lower == 4);
  REQUIRE(r.rank_upper == 4);
  // Tall version: same singular values.
  const auto t = certify_sigma_min(MatD(j.transpose()));
  REQUIRE(t.verdict == Verdict::certified);
  REQUIRE(contains_sqrt(t.sigma_min, Rational(72)));
  // Threshold above sqrt(72) ≈ 8.485: refuted.
  REQUIRE(certify_sigma_min(j, 8.5).verdict == Verdict::refuted);
  REQUIRE(certify_sigma_min(j, 8.4).verdict == Verdict::certified);
}

TEST_CASE("a rank-deficient twin is refuted with its exact rank", "[linalg][sigma]") {
  MatD j = sylvester_hadamard(8).topRows(4);
  j.row(3) = j.row(1) + 2 * j.row(2);  // rank 3
  const auto r = certify_sigma_min(j);
  INFO(r.reason);
  REQUIRE(r.verdict == Verdict::refuted);
  REQUIRE(r.rank_upper == 3);
  REQUIRE(r.rank_lower == 3);
}

TEST_CASE("sigma_min is certified up to condition number 1e6 (Gram) and beyond (SVD route)", "[linalg][sigma]") {
  std::mt19937_64 rng(test::seed());
  for (double kappa : {1e2, 1e6, 1e8, 1e10}) {
    const MatD j = with_condition(rng, 30, 90, kappa);
    const auto r = certify_sigma_min(j);
    INFO("kappa " << kappa << ": " << r.reason << " / " << r.sigma_min.method);
    REQUIRE(r.verdict == Verdict::certified);
    REQUIRE(r.sigma_min.lower <= r.sigma_min.upper);
    REQUIRE(r.sigma_min.lower >= 0.5 / kappa);  // σ_min ≈ 1/κ by construction (up to rounding of J)
    REQUIRE(r.sigma_min.upper <= 2 / kappa);
  }
}

TEST_CASE("interval sigma_min holds for the whole box", "[linalg][sigma][interval]") {
  const MatD mid = 3 * sylvester_hadamard(8).topRows(4);
  auto r = certify_sigma_min(mid, MatD::Constant(4, 8, 0.01), 0);
  REQUIRE(r.verdict == Verdict::certified);
  REQUIRE(r.sigma_min.lower <= std::sqrt(72.0) - 0.01);
  // A box containing a rank-deficient matrix cannot be certified.
  MatD rad = MatD::Zero(4, 8);
  rad.row(3).setConstant(3);  // row 3 may be zero
  r = certify_sigma_min(mid, rad, 0);
  REQUIRE(r.verdict != Verdict::certified);
}

TEST_CASE("certify_sigma_min rejects bad input", "[linalg][sigma][input]") {
  REQUIRE_THROWS_AS(certify_sigma_min(MatD(0, 3)), InvalidInput);
  MatD j = MatD::Ones(2, 3);
  j(1, 2) = INFINITY;
  REQUIRE_THROWS_AS(certify_sigma_min(j), InvalidInput);
  REQUIRE_THROWS_AS(certify_sigma_min(MatD::Ones(2, 3), -1.0), InvalidInput);
}
