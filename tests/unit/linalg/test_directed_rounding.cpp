// The directed-rounding kernels of rigorous_eval.cpp against exact rationals. Besides enclosing the
// exact value, the upward and downward results must differ whenever the sum is inexact: if the
// compiler moved the arithmetic out of the FE_UPWARD/FE_DOWNWARD region (GCC bug 34678), both would
// be the round-to-nearest value and this canary fails.
#include <random>

#include <catch2/catch.hpp>

#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/numeric/multiprecision.hpp"

using namespace nncert;
using namespace nncert::linalg;

namespace {
VecD random_vector(Index n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-20, 20);
  VecD v(n);
  for (Index i = 0; i < n; ++i) v(i) = std::ldexp(mantissa(rng), exponent(rng));
  return v;
}
}  // namespace

TEST_CASE("directed-rounding sums enclose the exact value and differ when it is inexact", "[linalg][soundness]") {
  std::mt19937_64 rng(20261125);
  int inexact = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const Index n = 3 + trial % 29;
    const VecD x = random_vector(n, rng);
    Rational exact = 0;
    for (Index i = 0; i < n; ++i) exact += Rational(x(i)) * Rational(x(i));
    const double lo = squared_norm_lower(x), hi = squared_norm_upper(x);
    REQUIRE(Rational(lo) <= exact);
    REQUIRE(exact <= Rational(hi));
    if (Rational(lo) != exact || Rational(hi) != exact) {
      ++inexact;
      CHECK(lo < hi);
    }
    MatD a(n, n);
    for (Index j = 0; j < n; ++j) a.col(j) = random_vector(n, rng);
    Rational form = 0;
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < n; ++j) form += Rational(x(i)) * Rational(a(i, j)) * Rational(x(j));
    REQUIRE(form <= Rational(quadratic_form_upper(a, x)));
    REQUIRE(-form <= Rational(quadratic_form_upper(MatD(-a), x)));
  }
  CHECK(inexact > 150);  // random data: nearly every sum rounds
}
