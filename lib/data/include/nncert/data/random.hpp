#pragma once
// The project's seeded random generator: identical streams on every conforming C++ implementation.
//
// Why not <random> distributions: the C++ standard fixes the output sequence of std::mt19937_64
// ([rand.predef]: its 10000th output is 9981545732273789042) but NOT the algorithms behind
// std::uniform_real_distribution or std::normal_distribution, which differ between libstdc++, libc++
// and MSVC. Everything above the raw engine is therefore defined here:
//   uniform()  = (next() >> 11) * 2^-53: the top 53 bits, an exact multiple of 2^-53 in [0, 1).
//   normal()   = Marsaglia's polar method: u = 2*uniform()-1, v = 2*uniform()-1 until
//                0 < s = u^2 + v^2 < 1; then u*f and v*f with f = sqrt(-2 log(s) / s) are two
//                independent N(0,1) draws; the second is returned by the next call.
//   log        = portable_log below: frexp splitting and a fixed atanh series using only + - * /,
//                each correctly rounded under IEEE 754 (the build forbids contraction and fast-math),
//                so even the last bit does not depend on the platform's libm.
//   uniform_int(n) = rejection sampling on next() (no modulo bias); shuffle = Fisher-Yates from the
//                last position down, using uniform_int.
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "nncert/numeric/types.hpp"

namespace nncert::data {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // The next raw 64-bit output of std::mt19937_64.
  std::uint64_t next() { return engine_(); }
  // Uniform on [0, 1), a multiple of 2^-53.
  double uniform();
  // Standard normal N(0, 1) (Marsaglia polar).
  double normal();
  // Uniform on {0, ..., n-1}; n >= 1.
  std::uint64_t uniform_int(std::uint64_t n);
  // Fisher-Yates shuffle of `v` in place.
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      const auto j = static_cast<std::size_t>(uniform_int(i));
      std::swap(v[i - 1], v[j]);
    }
  }
  // rows x cols matrix of N(0, stddev^2) draws, filled in row-major order ((0,0), (0,1), ...).
  MatD normal_matrix(Index rows, Index cols, double stddev);

 private:
  std::mt19937_64 engine_;
  std::optional<double> spare_normal_;
};

// Natural logarithm of x > 0, the same bits on every IEEE-754 platform (see above); relative error
// of a few ulp (the tests compare with std::log to 1e-15). Used by Rng::normal and synthetic data.
double portable_log(double x);
// e^x with the same portability (argument reduction by ln 2 split in two parts, fixed Taylor series
// of degree 17, exact scaling by ldexp); relative error of a few ulp (tested to 1e-15).
double portable_exp(double x);
// tanh(x) = sign(x) (1 - t) / (1 + t), t = e^{-2|x|}; for |x| < 0.55, where 1 - t cancels, t - 1
// comes from a fixed Taylor series of e^y - 1 instead. Relative error tested to 1e-15.
double portable_tanh(double x);

}  // namespace nncert::data
