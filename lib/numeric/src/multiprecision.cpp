#include "nncert/numeric/multiprecision.hpp"

#include <cmath>

#include "nncert/numeric/errors.hpp"

namespace nncert {

Rational to_rational(double x) {
  if (!std::isfinite(x)) throw InvalidInput("to_rational: value is not finite");
  return Rational(x);  // mpq_set_d: exact for every finite double
}

Rational scaled_to_rational(mpz_srcptr z, long e) {
  mpq_t q;
  mpq_init(q);
  mpq_set_z(q, z);
  if (e >= 0)
    mpq_mul_2exp(q, q, static_cast<mp_bitcnt_t>(e));
  else
    mpq_div_2exp(q, q, static_cast<mp_bitcnt_t>(-e));
  Rational r(q);
  mpq_clear(q);
  return r;
}

unsigned mpfr_digits10_for_bits(int bits) {
  // Boost's MPFR backend converts digits10 d to bits as ceil(d·log2(10)) + 1 or so; asking for one
  // extra decimal digit guarantees at least `bits` bits.
  return static_cast<unsigned>(std::ceil(bits * 0.30102999566398120)) + 1;
}

template <>
int precision_bits<double>() {
  return 53;
}
template <>
int precision_bits<Float128>() {
  return 113;
}
template <>
int precision_bits<MpfrFloat>() {
  return static_cast<int>(mpfr_get_default_prec());
}

MpfrPrecision::MpfrPrecision(int bits) : saved_digits10_(MpfrFloat::default_precision()) {
  MpfrFloat::default_precision(mpfr_digits10_for_bits(bits));
}

MpfrPrecision::~MpfrPrecision() { MpfrFloat::default_precision(saved_digits10_); }

}  // namespace nncert
