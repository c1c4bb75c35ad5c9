// The round-to-nearest arithmetic on linalg::MatrixEnclosure keeps its invariant |exact − mid| <= rad:
// each operation is checked against exact rational arithmetic on inputs drawn from the input box.
#include <random>

#include <catch2/catch.hpp>

#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "test_support.hpp"

using namespace nncert;

namespace {

linalg::MatrixEnclosure random_enclosure(std::mt19937_64& rng, Index rows, Index cols, double rad_scale) {
  std::uniform_real_distribution<double> unif(-1, 1);
  linalg::MatrixEnclosure m{MatD(rows, cols), MatD(rows, cols)};
  for (Index i = 0; i < m.mid.size(); ++i) {
    m.mid.data()[i] = unif(rng);
    m.rad.data()[i] = rad_scale * std::abs(unif(rng));
  }
  return m;
}

// A corner of the box (sign +1 or −1 on every radius), exactly.
Mat<Rational> corner(const linalg::MatrixEnclosure& m, int sign) {
  Mat<Rational> c(m.mid.rows(), m.mid.cols());
  for (Index i = 0; i < c.size(); ++i) c.data()[i] = to_rational(m.mid.data()[i]) + sign * to_rational(m.rad.data()[i]);
  return c;
}

bool encloses(const linalg::MatrixEnclosure& e, const Mat<Rational>& exact) {
  for (Index i = 0; i < exact.rows(); ++i)
    for (Index j = 0; j < exact.cols(); ++j)
      if (abs(exact(i, j) - to_rational(e.mid(i, j))) > to_rational(e.rad(i, j))) return false;
  return true;
}

}  // namespace

TEST_CASE("a Gram enclosure contains the exact Gram of every corner of the input box", "[linalg][soundness]") {
  std::mt19937_64 rng(test::seed());
  for (int t = 0; t < 20; ++t) {
    const auto m = random_enclosure(rng, 4, 9, 1e-6);
    const auto g = linalg::gram_enclosure(m);
    const Mat<Rational> c = corner(m, t % 2 ? 1 : -1);
    REQUIRE(encloses(g, c * c.transpose()));
    REQUIRE(g.mid == g.mid.transpose());
  }
}

TEST_CASE("products, scalings, row shifts and Hadamard products of enclosures stay enclosures",
          "[linalg][soundness]") {
  std::mt19937_64 rng(test::seed());
  std::uniform_real_distribution<double> unif(-1, 1);
  for (int t = 0; t < 20; ++t) {
    const int sign = t % 2 ? 1 : -1;
    const auto a = random_enclosure(rng, 5, 7, t < 10 ? 1e-9 : 0.0);
    MatD b(7, 3);
    for (Index i = 0; i < b.size(); ++i) b.data()[i] = unif(rng);
    Mat<Rational> b_exact(7, 3);
    for (Index i = 0; i < b.size(); ++i) b_exact.data()[i] = to_rational(b.data()[i]);
    const Mat<Rational> ca = corner(a, sign);
    REQUIRE(encloses(linalg::times_exact(a, b), ca * b_exact));

    const double s_mid = unif(rng), s_rad = 1e-12;
    const Rational s = to_rational(s_mid) + sign * to_rational(s_rad);
    REQUIRE(encloses(linalg::times_scalar(a, s_mid, s_rad), ca * s));

    VecD row(7);
    for (Index i = 0; i < row.size(); ++i) row(i) = unif(rng);
    Mat<Rational> shifted = ca;
    for (Index i = 0; i < shifted.rows(); ++i)
      for (Index j = 0; j < shifted.cols(); ++j) shifted(i, j) += to_rational(row(j));
    REQUIRE(encloses(linalg::plus_row(a, row), shifted));

    const auto y = random_enclosure(rng, 5, 7, 1e-7);
    const Mat<Rational> cy = corner(y, -sign);
    REQUIRE(encloses(linalg::hadamard(a, y), ca.cwiseProduct(cy)));
  }
}

TEST_CASE("without its radius a product enclosure misses the exact product (the radius is needed)", "[linalg]") {
  std::mt19937_64 rng(11);
  auto a = random_enclosure(rng, 6, 40, 0.0);
  const MatD b = random_enclosure(rng, 40, 6, 0.0).mid;
  auto p = linalg::times_exact(a, b);
  Mat<Rational> b_exact(40, 6);
  for (Index i = 0; i < b.size(); ++i) b_exact.data()[i] = to_rational(b.data()[i]);
  REQUIRE(encloses(p, corner(a, 1) * b_exact));
  p.rad.setZero();
  REQUIRE_FALSE(encloses(p, corner(a, 1) * b_exact));
}

TEST_CASE("norm2_upper bounds the 2-norm of every corner of the box", "[linalg][soundness]") {
  std::mt19937_64 rng(test::seed());
  for (int t = 0; t < 10; ++t) {
    const auto m = random_enclosure(rng, 6, 4, 1e-3);
    const double bound = linalg::norm2_upper(m);
    for (int sign : {1, -1}) {
      const MatD c = m.mid + sign * m.rad;  // a corner, to double accuracy; the bound has slack far above u
      REQUIRE(c.jacobiSvd().singularValues()(0) <= bound);
    }
  }
}

TEST_CASE("product_enclosure over a long inner dimension (summed in panels) contains the exact product",
          "[linalg][soundness]") {
  // 1300 = two full panels of 512 and a partial one; exact products in rationals.
  std::mt19937_64 rng(test::seed());
  const MatD a = random_enclosure(rng, 3, 1300, 0.0).mid, b = random_enclosure(rng, 1300, 2, 0.0).mid;
  const auto p = linalg::product_enclosure(a, b);
  Mat<Rational> a_exact(3, 1300), b_exact(1300, 2);
  for (Index i = 0; i < a.size(); ++i) a_exact.data()[i] = to_rational(a.data()[i]);
  for (Index i = 0; i < b.size(); ++i) b_exact.data()[i] = to_rational(b.data()[i]);
  const Mat<Rational> exact = a_exact * b_exact;
  REQUIRE(encloses(p, exact));
  auto no_radius = p;
  no_radius.rad.setZero();
  REQUIRE_FALSE(encloses(no_radius, exact));  // twin: the rounding of 1300-term sums is really there
}

TEST_CASE("norm2_upper accumulated block by block bounds the 2-norm like norm2_upper of the whole",
          "[linalg][soundness]") {
  std::mt19937_64 rng(test::seed());
  for (int t = 0; t < 10; ++t) {
    const MatD m = random_enclosure(rng, 7, 45, 0.0).mid;
    linalg::Norm2UpperAccumulator acc(m.rows());
    for (Index c0 = 0; c0 < m.cols(); c0 += 10) acc.add_columns(m.middleCols(c0, std::min<Index>(10, m.cols() - c0)));
    const double whole = linalg::norm2_upper(m);
    REQUIRE(m.jacobiSvd().singularValues()(0) < acc.value());
    // The same three bounds, summed in another order: equal up to a few roundings.
    REQUIRE(std::abs(acc.value() - whole) <= 1e-13 * whole);
  }
  // Twin: a block left out lowers the bound below the true norm of a matrix carried by that block.
  MatD m = MatD::Zero(3, 20);
  m(1, 15) = 4.0;
  linalg::Norm2UpperAccumulator partial(3);
  partial.add_columns(m.leftCols(10));
  REQUIRE(partial.value() < 4.0);
}
