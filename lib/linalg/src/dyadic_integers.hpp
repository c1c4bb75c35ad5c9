#pragma once
// Private: exact integer images of dyadic matrices. Every finite double (and every MPFR value) is
// m·2^e with integer m, so with e0 = min exponent, x = (m·2^{e − e0})·2^{e0} exactly.
#include <gmp.h>
#include <mpfr.h>

#include <vector>

#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::linalg::detail {

// An owning array of GMP integers (raw mpz_t for speed in the inner loops: mpz_addmul, no temporaries).
class MpzArray {
 public:
  explicit MpzArray(std::size_t size);
  ~MpzArray();
  MpzArray(const MpzArray&) = delete;
  MpzArray& operator=(const MpzArray&) = delete;
  mpz_ptr operator[](std::size_t i) { return data_[i]; }
  mpz_srcptr operator[](std::size_t i) const { return data_[i]; }
  std::size_t size() const { return data_.size(); }

 private:
  std::vector<mpz_t> data_;
};

// Mantissa and exponent of one value: x = mant·2^exp (mant = 0 for x = 0, exp then irrelevant).
struct DyadicParts {
  std::vector<long> exp;  // per entry
  bool any_nonzero = false;
  long min_exp = 0;
};

// Fills `mant` (size rows·cols, row-major) and returns the exponents.
DyadicParts split_dyadic(const MatD& m, MpzArray& mant);
DyadicParts split_dyadic(const Mat<MpfrFloat>& m, MpzArray& mant);

// mant[i] <<= exp[i] − e0 for every entry, so that the array holds the integers value·2^{-e0}.
void align(MpzArray& mant, const DyadicParts& parts, long e0);

// x·2^{-e0} as an integer for a double x whose exponent is >= e0 (exact).
void double_to_scaled(mpz_ptr out, double x, long e0);
long double_exponent(double x);  // the exponent of x = m·2^e with odd... (any valid e); x != 0

}  // namespace nncert::linalg::detail
