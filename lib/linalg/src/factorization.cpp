#include "nncert/linalg/factorization.hpp"

#include <cfenv>
#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <lapacke.h>
#include <omp.h>

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

extern "C" char* openblas_get_config(void);  // OpenBLAS's build and run-time core, e.g. "OpenBLAS 0.3.21 ..."
extern "C" int openblas_get_num_threads(void);

namespace nncert::linalg {

namespace {

// The contract's success condition: every computed entry of the lower factor finite, its diagonal > 0.
bool lower_factor_is_finite_positive(const MatD& a) {
  const Index n = a.rows();
  for (Index j = 0; j < n; ++j) {
    if (!(a(j, j) > 0) || !std::isfinite(a(j, j))) return false;
    for (Index i = j + 1; i < n; ++i)
      if (!std::isfinite(a(i, j))) return false;
  }
  return true;
}

}  // namespace

bool EigenLltBackend::factor_lower_in_place(MatD& a) const {
  // In-place blocked LLT on the lower triangle (Eigen 3.4 LLT<Ref<>>). Eigen only tests pivot <= 0,
  // so a NaN pivot passes: check every entry of the factor and the sign of its diagonal ourselves.
  Eigen::LLT<Eigen::Ref<MatD>, Eigen::Lower> llt(a);
  if (llt.info() != Eigen::Success) return false;
  return lower_factor_is_finite_positive(a);
}

bool LapackCholeskyBackend::factor_lower_in_place(MatD& a) const {
  const Index n = a.rows();
  if (n > std::numeric_limits<lapack_int>::max()) return EigenLltBackend().factor_lower_in_place(a);
  if (n == 0) return true;
  // The _work variant skips LAPACKE's NaN scan of the input; info != 0 means a pivot <= 0 or NaN.
  const lapack_int info =
      LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', static_cast<lapack_int>(n), a.data(), static_cast<lapack_int>(n));
  if (info != 0) return false;
  return lower_factor_is_finite_positive(a);
}

const CholeskyBackend& default_cholesky_backend() {
  static const LapackCholeskyBackend backend;
  return backend;
}

int blas_thread_count() { return openblas_get_num_threads(); }

std::string linear_algebra_description() {
  return "Cholesky " + default_cholesky_backend().name() + " (" + openblas_get_config() + "); Eigen products";
}

void cholesky_solve_in_place(const MatD& l, VecD& b) {
  const auto lower = l.triangularView<Eigen::Lower>();
  lower.solveInPlace(b);
  lower.transpose().solveInPlace(b);
}

bool ensure_workers_round_to_nearest() {
  int bad = 0;
#pragma omp parallel reduction(+ : bad)
  {
    if (std::fegetround() != FE_TONEAREST) std::fesetround(FE_TONEAREST);
#if defined(__x86_64__)
    const unsigned csr = _mm_getcsr();
    if (csr & 0x8040u) _mm_setcsr(csr & ~0x8040u);  // clear FTZ and DAZ: gradual underflow
    if (_mm_getcsr() & 0x8040u) ++bad;
#endif
    if (std::fegetround() != FE_TONEAREST) ++bad;
  }
  return bad == 0;
}

}  // namespace nncert::linalg
