#include "nncert/numeric/mpfr_product.hpp"

#include <mpfr.h>

#include <Eigen/Core>

namespace nncert {

Mat<MpfrFloat> mpfr_product(const Mat<MpfrFloat>& a, const Mat<MpfrFloat>& b) {
  const Index n = a.rows(), m = b.cols(), k = a.cols();
  // Row-major copy of A so that both operands of each dot product are read contiguously.
  const Eigen::Matrix<MpfrFloat, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> ar = a;
  Mat<MpfrFloat> c(n, m);  // entries created here, at this thread's default precision
  if (c.size() == 0) return c;
  // The working precision is that of C's entries: Boost's per-thread default (MpfrPrecision), which is
  // not MPFR's own global default (mpfr_get_default_prec()).
  const mpfr_prec_t prec = mpfr_get_prec(c(0, 0).backend().data());
  if (k == 0) {
    c.setZero();
    return c;
  }
  // Columns are spread over the OpenMP threads. Workers never create MpfrFloat objects (whose default
  // precision is per thread): they use raw accumulators of the caller's precision and only read A, B
  // and write distinct entries of C.
#pragma omp parallel
  {
    mpfr_t acc, term;
    mpfr_init2(acc, prec);
    mpfr_init2(term, prec);
#pragma omp for schedule(dynamic, 1)
    for (Index j = 0; j < m; ++j) {
      for (Index i = 0; i < n; ++i) {
        mpfr_set_zero(acc, 1);
        for (Index t = 0; t < k; ++t) {
          mpfr_mul(term, ar(i, t).backend().data(), b(t, j).backend().data(), MPFR_RNDN);
          mpfr_add(acc, acc, term, MPFR_RNDN);
        }
        mpfr_set(c(i, j).backend().data(), acc, MPFR_RNDN);
      }
    }
    mpfr_clear(term);
    mpfr_clear(acc);
  }
  return c;
}

}  // namespace nncert
