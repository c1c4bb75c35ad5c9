#include "dyadic_integers.hpp"

#include <algorithm>
#include <cmath>

namespace nncert::linalg::detail {

MpzArray::MpzArray(std::size_t size) : data_(size) {
  for (auto& z : data_) mpz_init(z);
}
MpzArray::~MpzArray() {
  for (auto& z : data_) mpz_clear(z);
}

long double_exponent(double x) {
  int e = 0;
  (void)std::frexp(x, &e);  // x = f·2^e, f ∈ [0.5, 1): f·2^53 is an integer (53-bit significand)
  return static_cast<long>(e) - 53;
}

void double_to_scaled(mpz_ptr out, double x, long e0) {
  if (x == 0) {
    mpz_set_ui(out, 0);
    return;
  }
  int e = 0;
  const double f = std::frexp(x, &e);
  mpz_set_d(out, std::ldexp(f, 53));  // exact integer, |.| < 2^53
  const long shift = static_cast<long>(e) - 53 - e0;
  if (shift >= 0) {
    mpz_mul_2exp(out, out, static_cast<mp_bitcnt_t>(shift));
  } else {
    // Only reached when the trailing bits are zero (e0 was taken from the true exponents).
    mpz_tdiv_q_2exp(out, out, static_cast<mp_bitcnt_t>(-shift));
  }
}

DyadicParts split_dyadic(const MatD& m, MpzArray& mant) {
  DyadicParts parts;
  parts.exp.assign(static_cast<std::size_t>(m.size()), 0);
  std::size_t k = 0;
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j, ++k) {
      const double x = m(i, j);
      if (x == 0) {
        mpz_set_ui(mant[k], 0);
        continue;
      }
      int e = 0;
      const double f = std::frexp(x, &e);
      mpz_set_d(mant[k], std::ldexp(f, 53));
      parts.exp[k] = static_cast<long>(e) - 53;
      parts.min_exp = parts.any_nonzero ? std::min(parts.min_exp, parts.exp[k]) : parts.exp[k];
      parts.any_nonzero = true;
    }
  return parts;
}

DyadicParts split_dyadic(const Mat<MpfrFloat>& m, MpzArray& mant) {
  DyadicParts parts;
  parts.exp.assign(static_cast<std::size_t>(m.size()), 0);
  std::size_t k = 0;
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j, ++k) {
      mpfr_srcptr x = m(i, j).backend().data();
      if (mpfr_zero_p(x)) {
        mpz_set_ui(mant[k], 0);
        continue;
      }
      // x = mant·2^exp exactly (mpfr_get_z_2exp), for finite nonzero x.
      parts.exp[k] = static_cast<long>(mpfr_get_z_2exp(mant[k], x));
      parts.min_exp = parts.any_nonzero ? std::min(parts.min_exp, parts.exp[k]) : parts.exp[k];
      parts.any_nonzero = true;
    }
  return parts;
}

void align(MpzArray& mant, const DyadicParts& parts, long e0) {
  for (std::size_t k = 0; k < mant.size(); ++k)
    if (mpz_sgn(mant[k]) != 0) mpz_mul_2exp(mant[k], mant[k], static_cast<mp_bitcnt_t>(parts.exp[k] - e0));
}

}  // namespace nncert::linalg::detail
