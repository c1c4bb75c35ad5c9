#pragma once
// Multiprecision scalars used across nncert. All use et_off: with expression templates `auto` can
// capture a dangling expression (boostorg/multiprecision #198).
//
//   Float128  : 113-bit binary significand (IEEE quad layout), Boost cpp_bin_float, header only.
//   MpfrFloat : MPFR with a run-time precision (set through MpfrPrecision); correctly rounded
//               round-to-nearest for + − × ÷ √.
//   Rational  : exact GMP rationals; Integer: exact GMP integers.
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/gmp.hpp>
#include <boost/multiprecision/mpfr.hpp>

namespace nncert {

namespace bmp = boost::multiprecision;

using Float128 = bmp::number<bmp::cpp_bin_float<113, bmp::digit_base_2, void, std::int16_t, -16382, 16383>,
                             bmp::et_off>;
using MpfrFloat = bmp::number<bmp::mpfr_float_backend<0>, bmp::et_off>;
using Rational = bmp::number<bmp::gmp_rational, bmp::et_off>;
using Integer = bmp::number<bmp::gmp_int, bmp::et_off>;

// Exact conversion: every finite double is a dyadic rational m·2^e. Throws InvalidInput on NaN/Inf.
Rational to_rational(double x);

// The rational z·2^e, exactly (dyadic integers, MPFR values split by mpfr_get_z_2exp).
Rational scaled_to_rational(mpz_srcptr z, long e);

// Precision in bits of a scalar type (53 for double, 113 for Float128, the current default for MPFR).
template <class S>
int precision_bits();

// Sets the default MPFR precision (in bits) for MpfrFloat values created in this thread while alive.
class MpfrPrecision {
 public:
  explicit MpfrPrecision(int bits);
  ~MpfrPrecision();
  MpfrPrecision(const MpfrPrecision&) = delete;
  MpfrPrecision& operator=(const MpfrPrecision&) = delete;

 private:
  unsigned saved_digits10_;
};

// Bits <-> decimal digits used by Boost's MPFR backend.
unsigned mpfr_digits10_for_bits(int bits);

}  // namespace nncert
