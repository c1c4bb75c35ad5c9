// Unit tests of certify_lambda_min (point and interval form) and the a-priori shifted Cholesky.
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "nncert/linalg/apriori_cholesky.hpp"
#include "nncert/linalg/certify_spd.hpp"
#include "nncert/linalg/exact.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/rounding.hpp"
#include "test_support.hpp"

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
// A = B Bᵀ with an integer n×(n−1) matrix B: exactly singular, positive semidefinite, exact in double.
MatD singular_gram(std::mt19937_64& rng, Index n) {
  std::uniform_int_distribution<int> d(-9, 9);
  MatD b(n, n - 1);
  for (Index i = 0; i < b.size(); ++i) b.data()[i] = d(rng);
  return b * b.transpose();
}
}  // namespace

TEST_CASE("certify_lambda_min encloses lambda_min of tridiag(-1,2,-1)", "[linalg][spd]") {
  // n = 10: λ_min = 2 − 2cos(π/11) (closed form), digits from long double evaluation.
  const double truth = 2 - 2 * std::cos(3.14159265358979323846 / 11);
  const auto r = certify_lambda_min(tridiag(10));
  INFO(r.reason);
  REQUIRE(r.verdict == Verdict::certified);
  REQUIRE(r.lambda_min.certified);
  REQUIRE(r.lambda_min.lower <= truth * (1 + 1e-15));
  REQUIRE(r.lambda_min.upper >= truth * (1 - 1e-15));
  REQUIRE(r.lambda_min.lower >= 0.5 * truth);
  REQUIRE(r.lambda_min.upper <= 2 * truth);
}

TEST_CASE("certify_lambda_min refutes when the shift is above lambda_min", "[linalg][spd]") {
  SpdOptions o;
  o.shift = 0.1;  // λ_min ≈ 0.081 < 0.1
  const auto r = certify_lambda_min(tridiag(10), o);
  INFO(r.reason);
  REQUIRE(r.verdict == Verdict::refuted);
  REQUIRE(r.lambda_min.upper <= 0.1);
}

TEST_CASE("certify_lambda_min refutes an indefinite matrix and a negative diagonal", "[linalg][spd]") {
  MatD a(2, 2);
  a << 1, 2, 2, 1;  // eigenvalues 3, −1
  auto r = certify_lambda_min(a);
  REQUIRE(r.verdict == Verdict::refuted);
  REQUIRE(r.lambda_min.certified);
  REQUIRE(r.lambda_min.lower <= -1);
  REQUIRE(r.lambda_min.upper >= -1);
  MatD d = MatD::Identity(3, 3);
  d(2, 2) = -1e-300;
  REQUIRE(certify_lambda_min(d).verdict == Verdict::refuted);
}

TEST_CASE("certify_lambda_min never certifies an exactly singular Gram matrix", "[linalg][spd]") {
  std::mt19937_64 rng(test::seed());
  for (int t = 0; t < 20; ++t) {
    const MatD a = singular_gram(rng, 2 + t % 7);
    const auto r = certify_lambda_min(a);
    INFO("trial " << t << ": " << r.reason);
    REQUIRE(r.verdict != Verdict::certified);
    REQUIRE(r.verdict == Verdict::refuted);  // small n: the exact rung decides
  }
}

TEST_CASE("certify_lambda_min certifies a singular Gram plus 2^-40 I only through the ladder", "[linalg][spd]") {
  std::mt19937_64 rng(test::seed() + 1);
  const MatD b = singular_gram(rng, 12);
  MatD a = b;
  a.diagonal().array() += 0x1p-40;  // λ_min = 2^-40 exactly (B Bᵀ has a null vector), exact in double
  REQUIRE(a.diagonal() != b.diagonal());
  const auto r = certify_lambda_min(a);
  INFO(r.reason << " / " << r.lambda_min.method);
  REQUIRE(r.verdict == Verdict::certified);
  REQUIRE(r.lambda_min.lower <= 0x1p-40);
  REQUIRE(r.lambda_min.upper >= 0x1p-40);
  SpdOptions o;
  o.shift = 0x1p-40;  // λ_min > 2^-40 is false: must not be certified
  REQUIRE(certify_lambda_min(a, o).verdict == Verdict::refuted);
}

TEST_CASE("the a-priori shift c matters: without it a float Cholesky accepts singular matrices",
          "[linalg][spd][break-on-purpose]") {
  // Break it on purpose: a plain Cholesky (c = 0) of an exactly singular B Bᵀ often runs to completion
  // because rounding leaves the last pivot slightly positive. The shifted test must reject every one.
  std::mt19937_64 rng(test::seed() + 2);
  int plain_accepted = 0;
  for (int t = 0; t < 200; ++t) {
    const MatD a = singular_gram(rng, 6 + t % 10);
    MatD f = a;
    if (default_cholesky_backend().factor_lower_in_place(f)) ++plain_accepted;
    REQUIRE_FALSE(prove_lambda_min_above(a, 0).proven);
    REQUIRE_FALSE(is_pd_exact(a));
  }
  REQUIRE(plain_accepted > 0);
}

TEST_CASE("interval form: the claim holds for every matrix in the box", "[linalg][spd][interval]") {
  const MatD mid = MatD::Identity(4, 4);
  MatD rad = MatD::Constant(4, 4, 0.1);
  auto r = certify_lambda_min(mid, rad);  // ‖rad‖₂ = 0.4: λ_min >= 0.6
  REQUIRE(r.verdict == Verdict::certified);
  REQUIRE(r.lambda_min.lower <= 0.6);
  REQUIRE(r.lambda_min.lower >= 0.59);
  // Negative twin: rad = 0.3 contains the singular X = I − 0.25·ones... (‖rad‖ = 1.2 > 1): not certified.
  rad.setConstant(0.3);
  r = certify_lambda_min(mid, rad);
  REQUIRE(r.verdict != Verdict::certified);
  // Every X in ⟨−I, 0.1⟩ has λ_min <= −1 + 0.1: refuted.
  r = certify_lambda_min(MatD(-mid), MatD::Constant(4, 4, 0.1));
  REQUIRE(r.verdict == Verdict::refuted);
}

TEST_CASE("certify_lambda_min rejects bad input with a message", "[linalg][spd][input]") {
  MatD a(2, 2);
  a << 1, 0.5, 0.5000000001, 1;
  REQUIRE_THROWS_WITH(certify_lambda_min(a), Catch::Contains("matrix is not symmetric: A(1,0) != A(0,1)"));
  REQUIRE_THROWS_AS(certify_lambda_min(MatD(2, 3)), InvalidInput);
  REQUIRE_THROWS_AS(certify_lambda_min(MatD(0, 0)), InvalidInput);
  MatD n = MatD::Identity(2, 2);
  n(0, 0) = std::nan("");
  REQUIRE_THROWS_AS(certify_lambda_min(n), InvalidInput);
  REQUIRE_THROWS_AS(certify_lambda_min(MatD::Identity(2, 2), MatD::Constant(2, 2, -1)), InvalidInput);
}

TEST_CASE("the a-priori shift dominates Rump's constant and INTLAB isspd's, in exact arithmetic", "[linalg][apriori]") {
  // References (apriori_cholesky.cpp): Rump, BIT 46 (2006), Cor. 2.4:
  //   c_R = γ_{n+1}/(1 − γ_{n+1})·tr(A) + 4n(2(n+1) + max A_ii)η,  γ_k = ku/(1 − ku);
  // INTLAB isspd: c_I = Σ_i (n+2)u·A_ii + 6n(n + max A_ii)η (t_i = n − 1 entries left of the diagonal).
  // Both evaluated exactly; the shift nncert uses must be >= both. Diagonals include subnormal ones,
  // where only the η-term carries the bound, and huge ones.
  const Rational u = Rational(kUnitRoundoff);  // 2^-53, exact
  const Rational eta = Rational(kEta);          // 2^-1074, exact
  for (const Index n : {Index(1), Index(2), Index(7), Index(100), Index(1500)}) {
    for (const double scale : {5e-324, 1e-310, 1e-200, 1.0, 3.0, 1e200}) {
      MatD a = MatD::Zero(n, n);
      for (Index i = 0; i < n; ++i) a(i, i) = scale * static_cast<double>(1 + i % 3);
      const double k = static_cast<double>(n) + 3;  // the backends' γ index (factorization.hpp)
      const double c = apriori_shift(a, 0.0, k);
      // The smallest subnormals do not survive the downward-rounded A_ii − 0: the test is then not
      // applied at all (+inf), which is conservative.
      if (!std::isfinite(c)) {
        REQUIRE(scale < 1e-300);
        continue;
      }
      Rational trace = 0, max_diag = 0;
      for (Index i = 0; i < n; ++i) {
        trace += Rational(a(i, i));
        if (Rational(a(i, i)) > max_diag) max_diag = Rational(a(i, i));
      }
      const Rational nn = Rational(static_cast<long long>(n));
      const Rational gamma = (nn + 1) * u / (1 - (nn + 1) * u);
      const Rational rump = gamma / (1 - gamma) * trace + 4 * nn * (2 * (nn + 1) + max_diag) * eta;
      const Rational intlab = (nn + 2) * u * trace + 6 * nn * (nn + max_diag) * eta;
      INFO("n = " << n << ", scale = " << scale);
      REQUIRE(Rational(c) >= rump);
      REQUIRE(Rational(c) >= intlab);
    }
  }
}
