#pragma once
// A·B for MPFR matrices at the calling thread's default precision (MpfrPrecision is per thread), each
// term rounded once and added to a preallocated accumulator (one more rounding), columns spread over
// the OpenMP threads: Eigen's coefficient-wise product of et_off MPFR numbers allocates and copies a
// temporary for every term, and runs on one core; this made the 256-bit re-evaluations of
// `nncert check` about 4× slower.
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert {

Mat<MpfrFloat> mpfr_product(const Mat<MpfrFloat>& a, const Mat<MpfrFloat>& b);

}  // namespace nncert
