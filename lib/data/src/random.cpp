#include "nncert/data/random.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "nncert/numeric/errors.hpp"

namespace nncert::data {
namespace {

// ln 2 split as in fdlibm: kLn2Hi has 32 trailing zero bits, so k * kLn2Hi is exact for |k| < 2^20.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;

// e^y - 1 for |y| <= 1.1 by the Taylor series, nested (Horner) form, degree 22:
// the first omitted term is below 1.1^23 / 23! < 1e-21.
double expm1_small(double y) {
  double p = 1.0;
  for (int k = 22; k >= 2; --k) p = 1.0 + y * p / k;
  return y * p;
}

}  // namespace

double portable_log(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // exact: x = m 2^e, m in [1/2, 1)
  if (m < kSqrtHalf) {
    m *= 2.0;  // exact
    --e;
  }
  // m in [1/sqrt2, sqrt2): log m = 2 atanh(z), z = (m-1)/(m+1), |z| < 0.1716, z^2 < 0.0295.
  // m - 1 is exact (Sterbenz). Series sum_{k>=0} z^{2k} / (2k+1) to k = 12: omitted < 0.0295^13 < 1e-19.
  const double z = (m - 1.0) / (m + 1.0);
  const double w = z * z;
  double p = 1.0 / 25.0;
  for (int k = 11; k >= 0; --k) p = p * w + 1.0 / (2 * k + 1);
  const double log_m = 2.0 * z * p;
  const double de = static_cast<double>(e);
  return de * kLn2Hi + (de * kLn2Lo + log_m);
}

double portable_exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  // x = k ln2 + r, |r| <= ln2/2 (+ rounding); k * kLn2Hi exact, so r is accurate.
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  // e^r by the Taylor series of degree 17, nested: omitted term < 0.35^18 / 18! < 1e-23.
  double p = 1.0;
  for (int j = 17; j >= 1; --j) p = 1.0 + r * p / j;
  return std::ldexp(p, static_cast<int>(k));  // exact scaling by 2^k (one rounding if subnormal)
}

double portable_tanh(double x) {
  if (std::isnan(x)) return x;
  const double a = std::fabs(x);
  double t;
  if (a > 20.0) {
    t = 1.0;  // 1 - tanh(20) < 1e-17 < u/2: the rounded value is 1
  } else if (a < 0.55) {
    const double em1 = expm1_small(-2.0 * a);  // e^{-2a} - 1, no cancellation
    t = -em1 / (2.0 + em1);
  } else {
    const double e = portable_exp(-2.0 * a);
    t = (1.0 - e) / (1.0 + e);
  }
  return x < 0 ? -t : t;
}

double Rng::uniform() {
  // Top 53 bits times 2^-53: every multiple of 2^-53 in [0, 1) equally likely; exact.
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double Rng::normal() {
  if (spare_normal_) {
    const double v = *spare_normal_;
    spare_normal_.reset();
    return v;
  }
  for (;;) {
    const double u = 2.0 * uniform() - 1.0;
    const double v = 2.0 * uniform() - 1.0;
    const double s = u * u + v * v;
    if (s >= 1.0 || s == 0.0) continue;
    const double f = std::sqrt(-2.0 * portable_log(s) / s);  // sqrt is correctly rounded (IEEE)
    spare_normal_ = v * f;
    return u * f;
  }
}

std::uint64_t Rng::uniform_int(std::uint64_t n) {
  if (n == 0) throw InvalidInput("Rng::uniform_int: n must be positive");
  // Reject the lowest (2^64 mod n) raw values so that the remaining range is a multiple of n.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t r = next();
    if (r >= threshold) return r % n;
  }
}

MatD Rng::normal_matrix(Index rows, Index cols, double stddev) {
  if (rows < 0 || cols < 0 || !(stddev >= 0) || !std::isfinite(stddev))
    throw InvalidInput("Rng::normal_matrix: need rows, cols >= 0 and a finite stddev >= 0, got " +
                       std::to_string(rows) + ", " + std::to_string(cols) + ", " +
                       std::to_string(stddev));
  MatD m(rows, cols);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) m(i, j) = stddev * normal();
  return m;
}

}  // namespace nncert::data
