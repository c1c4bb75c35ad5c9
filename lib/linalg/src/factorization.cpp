#include "nncert/linalg/factorization.hpp"

#include <cfenv>
#include <cmath>

#include <Eigen/Cholesky>
#include <omp.h>

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace nncert::linalg {

bool EigenLltBackend::factor_lower_in_place(MatD& a) const {
  // In-place blocked LLT on the lower triangle (Eigen 3.4 LLT<Ref<>>). Eigen only tests pivot <= 0,
  // so a NaN pivot passes: check every entry of the factor and the sign of its diagonal ourselves.
  Eigen::LLT<Eigen::Ref<MatD>, Eigen::Lower> llt(a);
  if (llt.info() != Eigen::Success) return false;
  const Index n = a.rows();
  for (Index j = 0; j < n; ++j) {
    if (!(a(j, j) > 0) || !std::isfinite(a(j, j))) return false;
    for (Index i = j + 1; i < n; ++i)
      if (!std::isfinite(a(i, j))) return false;
  }
  return true;
}

const CholeskyBackend& default_cholesky_backend() {
  static const EigenLltBackend backend;
  return backend;
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
