#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "data_test_util.hpp"
#include "nncert/data/random.hpp"

using namespace nncert::data;

TEST_CASE("std::mt19937_64's 10000th output is the value the C++ standard requires", "[data][random]") {
  // [rand.predef]/6: a default-constructed mt19937_64's 10000th invocation produces 9981545732273789042.
  std::mt19937_64 e;
  for (int i = 1; i < 10000; ++i) e();
  CHECK(e() == 9981545732273789042ull);
  // Rng(5489) is that engine (5489 is the default seed).
  Rng r(5489);
  for (int i = 1; i < 10000; ++i) r.next();
  CHECK(r.next() == 9981545732273789042ull);
}

TEST_CASE("Rng reproduces its golden streams", "[data][random]") {
  // Golden values computed by this implementation when it was written (nncert data layer, first
  // version); next() values are std::mt19937_64(42)'s outputs, fixed by the standard. Any change
  // here changes every synthetic data set and every initialisation: do not update casually.
  Rng r(42);
  CHECK(r.next() == 13930160852258120406ull);
  CHECK(r.next() == 11788048577503494824ull);
  CHECK(r.next() == 13874630024467741450ull);
  Rng u(42);
  CHECK(u.uniform() == 0.75515553295453897);
  CHECK(u.uniform() == 0.63903139385469743);
  CHECK(u.uniform() == 0.7521452007480266);
  // uniform() is the top 53 bits of next(), times 2^-53.
  CHECK(0.75515553295453897 == static_cast<double>(13930160852258120406ull >> 11) * 0x1.0p-53);
  Rng g(42);
  CHECK(g.normal() == 1.2938204232729367);
  CHECK(g.normal() == 0.70498826642085988);
  CHECK(g.normal() == 0.39797739618378869);
  CHECK(g.normal() == -0.57409480672026136);
  Rng k(7);
  std::vector<std::uint64_t> ints;
  for (int i = 0; i < 5; ++i) ints.push_back(k.uniform_int(10));
  CHECK(ints == std::vector<std::uint64_t>{5, 0, 8, 6, 1});
  // Negative twin: another seed gives another stream.
  Rng other(43);
  CHECK(other.next() != 13930160852258120406ull);
}

TEST_CASE("Rng distributions have the right moments and ranges", "[data][random]") {
  Rng r(nncert::test::seed());
  const int m = 200000;
  double s1 = 0, s2 = 0, s4 = 0, us = 0;
  double umin = 1, umax = 0;
  for (int i = 0; i < m; ++i) {
    const double z = r.normal();
    s1 += z;
    s2 += z * z;
    s4 += z * z * z * z;
    const double u = r.uniform();
    umin = std::min(umin, u);
    umax = std::max(umax, u);
    us += u;
  }
  INFO("seed " << nncert::test::seed());
  // Standard errors: mean 1/sqrt(m) = 0.0022, E z^2 sqrt(2/m) = 0.0032, E z^4 sqrt(96/m) = 0.022; 5 sigma.
  CHECK(std::fabs(s1 / m) < 0.012);
  CHECK(std::fabs(s2 / m - 1) < 0.016);
  CHECK(std::fabs(s4 / m - 3) < 0.11);
  CHECK(std::fabs(us / m - 0.5) < 0.004);
  CHECK(umin >= 0.0);
  CHECK(umax < 1.0);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) ++counts[r.uniform_int(7)];
  for (int c : counts) CHECK(std::abs(c - 10000) < 500);  // sd ~ 93
  CHECK_THROWS_AS(r.uniform_int(0), nncert::InvalidInput);
}

TEST_CASE("Rng::shuffle permutes and normal_matrix fills row-major", "[data][random]") {
  std::vector<int> v(50);
  std::iota(v.begin(), v.end(), 0);
  Rng r(3);
  r.shuffle(v);
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> id(50);
  std::iota(id.begin(), id.end(), 0);
  CHECK(sorted == id);
  CHECK(v != id);
  Rng a(11), b(11);
  const nncert::MatD m = a.normal_matrix(2, 3, 2.0);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) CHECK(m(i, j) == 2.0 * b.normal());
  CHECK_THROWS_AS(a.normal_matrix(2, 2, -1.0), nncert::InvalidInput);
}

TEST_CASE("portable_log, portable_exp, portable_tanh agree with libm to 1e-15", "[data][random]") {
  double worst_log = 0, worst_exp = 0, worst_tanh = 0;
  for (double x = 1e-300; x < 1e300; x *= 1.37) {
    const double ref = std::log(x);
    if (ref != 0) worst_log = std::max(worst_log, std::fabs(portable_log(x) - ref) / std::fabs(ref));
  }
  for (double x = 0.5; x < 2.0; x += 1.0 / 1024 + 1e-9)
    if (std::log(x) != 0) worst_log = std::max(worst_log, std::fabs(portable_log(x) - std::log(x)) / std::fabs(std::log(x)));
  for (double x = -700; x < 700; x += 0.0137)
    worst_exp = std::max(worst_exp, std::fabs(portable_exp(x) - std::exp(x)) / std::exp(x));
  for (double x = -25; x < 25; x += 0.000731) {
    const double t = std::tanh(x);
    if (t != 0) worst_tanh = std::max(worst_tanh, std::fabs(portable_tanh(x) - t) / std::fabs(t));
  }
  for (double x = 1e-300; x < 1e-3; x *= 3.1) worst_tanh = std::max(worst_tanh, std::fabs(portable_tanh(x) - std::tanh(x)) / std::tanh(x));
  INFO("log " << worst_log << " exp " << worst_exp << " tanh " << worst_tanh);
  CHECK(worst_log < 1e-15);
  CHECK(worst_exp < 1e-15);
  CHECK(worst_tanh < 1e-15);
  CHECK(portable_log(1.0) == 0.0);
  CHECK(portable_exp(0.0) == 1.0);
  CHECK(portable_log(0.0) == -INFINITY);
  CHECK(std::isnan(portable_log(-1.0)));
  CHECK(portable_exp(1000.0) == INFINITY);
  CHECK(portable_exp(-1000.0) == 0.0);
  CHECK(portable_tanh(50.0) == 1.0);
  CHECK(portable_tanh(-50.0) == -1.0);
  CHECK(portable_tanh(0.0) == 0.0);
}
