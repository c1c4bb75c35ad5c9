#include <cmath>

#include "data_test_util.hpp"
#include "nncert/data/random.hpp"
#include "nncert/data/synthetic.hpp"

using nncert::Index;
using nncert::MatD;
using namespace nncert::data;
using namespace nncert::test;

TEST_CASE("synthetic generators are reproducible from the seed", "[data][synthetic]") {
  CHECK(make_sphere(20, 5, 1).sha256_x == make_sphere(20, 5, 1).sha256_x);
  CHECK(make_sphere(20, 5, 1).sha256_x != make_sphere(20, 5, 2).sha256_x);
  CHECK(make_gaussian(20, 5, 1).sha256_y == make_gaussian(20, 5, 1).sha256_y);
  CHECK(make_gaussian(20, 5, 1).sha256_x != make_gaussian(20, 5, 2).sha256_x);
  CHECK(make_two_moons(20, 0.1, 3).sha256_x == make_two_moons(20, 0.1, 3).sha256_x);
  CHECK(make_two_moons(20, 0.1, 3).sha256_x != make_two_moons(20, 0.1, 4).sha256_x);
  CHECK(make_teacher(20, 5, 4, 1).sha256_y == make_teacher(20, 5, 4, 1).sha256_y);
  CHECK(make_teacher(20, 5, 4, 1).sha256_y != make_teacher(20, 5, 4, 2).sha256_y);
  // Golden hashes computed by this implementation when it was written; they pin the documented draw
  // order and the portable Rng. A change here changes every certificate's data hash.
  CHECK(make_sphere(5, 3, 1).sha256_x == "69f756a23825507c8b12e3e79fc31027afa5646645d604eeeb26edc858950d63");
  CHECK(make_teacher(5, 3, 4, 1).sha256_y == "71a59dbb874ef32a144af19c791c097c0b38d7d1ad45cf299f6d57ed1d8b5fc7");
  CHECK(make_sphere(5, 3, 1).name == "synthetic:sphere");
}

TEST_CASE("sphere rows have unit norm; hyperplane targets match labels", "[data][synthetic]") {
  for (const Index d : {1, 2, 10, 100}) {
    const Dataset ds = make_sphere(200, d, seed());
    REQUIRE(ds.n() == 200);
    REQUIRE(ds.d() == d);
    REQUIRE(ds.k() == 1);
    for (Index i = 0; i < ds.n(); ++i) {
      INFO("d " << d << " row " << i);
      CHECK(std::fabs(ds.X.row(i).norm() - 1.0) <= 1e-15);
      CHECK(ds.labels[static_cast<std::size_t>(i)] == (ds.Y(i, 0) >= 0 ? 1 : 0));
      CHECK(std::fabs(ds.Y(i, 0)) <= 1.0 + 1e-12);  // |<w,x>|/||w|| <= ||x|| = 1
    }
  }
  // Both labels occur (the hyperplane passes through 0).
  const Dataset ds = make_sphere(200, 3, 5);
  int ones = 0;
  for (int l : ds.labels) ones += l;
  CHECK(ones > 50);
  CHECK(ones < 150);
}

TEST_CASE("gaussian inputs have unit variance; same seed, same hyperplane", "[data][synthetic]") {
  const Dataset ds = make_gaussian(4000, 3, seed());
  for (Index j = 0; j < 3; ++j) {
    const double mean = ds.X.col(j).mean();
    const double var = (ds.X.col(j).array() - mean).square().mean();
    CHECK(std::fabs(mean) < 0.08);  // 5 standard errors (1/sqrt(4000) = 0.016)
    CHECK(std::fabs(var - 1) < 0.12);
  }
  // The hyperplane is drawn before the inputs: with the same seed and d it is the same for any n,
  // and so are the first rows.
  const Dataset small = make_gaussian(10, 3, seed());
  CHECK(small.X == ds.X.topRows(10));
  CHECK(small.Y == ds.Y.topRows(10));
}

TEST_CASE("two moons: alternating labels on the two half circles", "[data][synthetic]") {
  const Dataset ds = make_two_moons(300, 0.0, 9);
  REQUIRE(ds.d() == 2);
  for (Index i = 0; i < ds.n(); ++i) {
    const double x = ds.X(i, 0), y = ds.X(i, 1);
    INFO("row " << i);
    CHECK(ds.labels[static_cast<std::size_t>(i)] == i % 2);
    CHECK(ds.Y(i, 0) == i % 2);
    if (i % 2 == 0) {
      CHECK(std::fabs(x * x + y * y - 1) < 1e-14);
      CHECK(y >= 0);
    } else {
      CHECK(std::fabs((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5) - 1) < 1e-14);
      CHECK(y <= 0.5);
    }
  }
  // Noise moves points off the curves.
  const Dataset noisy = make_two_moons(300, 0.1, 9);
  double off = 0;
  for (Index i = 0; i < noisy.n(); i += 2) off += std::fabs(noisy.X.row(i).norm() - 1);
  CHECK(off / 150 > 0.02);
  require_invalid([] { make_two_moons(10, -1, 1); }, {"noise"});
}

TEST_CASE("teacher targets are the documented tanh network", "[data][synthetic]") {
  const Index n = 7, d = 4, width = 3;
  const Dataset ds = make_teacher(n, d, width, 13);
  // Recompute from the documented draw order: W (width x d, sd 1/sqrt d), a (sd 1/sqrt width), X.
  Rng rng(13);
  const MatD W = rng.normal_matrix(width, d, 1.0 / std::sqrt(double(d)));
  const MatD a = rng.normal_matrix(width, 1, 1.0 / std::sqrt(double(width)));
  const MatD X = rng.normal_matrix(n, d, 1.0);
  CHECK(ds.X == X);
  for (Index i = 0; i < n; ++i) {
    double f = 0;
    for (Index h = 0; h < width; ++h) {
      double pre = 0;
      for (Index j = 0; j < d; ++j) pre += W(h, j) * X(i, j);
      f += a(h, 0) * std::tanh(pre);
    }
    CHECK(std::fabs(ds.Y(i, 0) - f) <= 1e-14);
  }
  // Noise changes Y but not X; bad sizes are rejected.
  const Dataset noisy = make_teacher(n, d, width, 13, 0.5);
  CHECK(noisy.X == ds.X);
  CHECK(noisy.Y != ds.Y);
  require_invalid([] { make_teacher(5, 3, 0, 1); }, {"teacher_width"});
  require_invalid([] { make_sphere(0, 3, 1); }, {"synthetic:sphere", "n >= 1"});
  require_invalid([] { make_gaussian(3, 0, 1); }, {"d >= 1"});
}
