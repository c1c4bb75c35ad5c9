// mpfr_product: the threaded MPFR matrix product works at the caller's MpfrPrecision (not MPFR's global
// default of 53 bits) and agrees exactly with Eigen's coefficient-wise product (same roundings).
#include <catch2/catch.hpp>

#include <random>

#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/mpfr_product.hpp"
#include "test_support.hpp"

using namespace nncert;

TEST_CASE("mpfr_product honours the caller's precision", "[numeric][mpfr]") {
  const MpfrPrecision precision(200);
  // (1 + 2^-100)² = 1 + 2^-99 + 2^-200: at 200 bits the product differs from 1 + 2^-99 by rounding
  // only (|error| <= 2^-199), at 53 bits it would be exactly 1.
  Mat<MpfrFloat> a(1, 1), b(1, 1);
  a(0, 0) = 1 + ldexp(MpfrFloat(1), -100);
  b(0, 0) = a(0, 0);
  const Mat<MpfrFloat> c = mpfr_product(a, b);
  const MpfrFloat excess = c(0, 0) - 1;
  CHECK(abs(excess - ldexp(MpfrFloat(1), -99)) <= ldexp(MpfrFloat(1), -199));
  CHECK(mpfr_get_prec(c(0, 0).backend().data()) == mpfr_get_prec(a(0, 0).backend().data()));
}

TEST_CASE("mpfr_product equals Eigen's coefficient-wise MPFR product", "[numeric][mpfr]") {
  const MpfrPrecision precision(256);
  std::mt19937_64 rng(test::seed());
  std::normal_distribution<double> g;
  for (const auto& [n, k, m] : {std::tuple<Index, Index, Index>{5, 7, 3}, {1, 1, 1}, {16, 33, 9}, {4, 0, 2}}) {
    Mat<MpfrFloat> a(n, k), b(k, m);
    for (Index i = 0; i < a.size(); ++i) a.data()[i] = MpfrFloat(g(rng)) / 3;
    for (Index i = 0; i < b.size(); ++i) b.data()[i] = MpfrFloat(g(rng)) / 7;
    const Mat<MpfrFloat> c = mpfr_product(a, b);
    REQUIRE(c.rows() == n);
    REQUIRE(c.cols() == m);
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < m; ++j) {
        MpfrFloat s = 0;
        for (Index t = 0; t < k; ++t) s = s + a(i, t) * b(t, j);  // the same roundings, in order
        CHECK(c(i, j) == s);
      }
  }
}
