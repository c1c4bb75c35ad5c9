#include "gram_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/memory_policy.hpp"
#include "nncert/numeric/nan_safe.hpp"
#include "nncert/numeric/range_error.hpp"
#include "nncert/numeric/rounding.hpp"

// The Fortran BLAS symbol of the generic libblas.so.3 (whichever backend it points at); the trailing
// arguments are the hidden lengths of the two character arguments.
extern "C" void dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha, const double* a,
                       const int* lda, const double* beta, double* c, const int* ldc, std::size_t uplo_len,
                       std::size_t trans_len);

namespace nncert::kernels::detail {
namespace {
constexpr Index kMaxBlasInt = 2147483647;
}  // namespace


void require_finite(const MatD& X, const std::string& what) {
  if (X.rows() == 0 || X.cols() == 0) throw InvalidInput(what + " is empty");
  for (Index j = 0; j < X.cols(); ++j) {
    for (Index i = 0; i < X.rows(); ++i) {
      if (!std::isfinite(X(i, j))) {
        throw InvalidInput(what + ": entry (" + std::to_string(i) + ", " + std::to_string(j) + ") is not finite");
      }
    }
  }
}

void require_finite_result(const MatD& K, const std::string& what) {
  for (Index j = 0; j < K.cols(); ++j)
    for (Index i = 0; i < K.rows(); ++i)
      if (!std::isfinite(K(i, j)))
        throw RangeExceeded(what + " leaves the double range: entry (" + std::to_string(i) + ", " +
                            std::to_string(j) + ") is " + (std::isnan(K(i, j)) ? "NaN" : "infinite"));
}

void require_representable_row_norms(const MatD& X, const std::string& what) {
  for (Index i = 0; i < X.rows(); ++i) {
    if (!(X.row(i).array() != 0).any()) continue;  // a zero row is exact
    const double sq = X.row(i).squaredNorm();
    if (!(sq >= 0x1p-1022))
      throw RangeExceeded(what + ": the squared norm of row " + std::to_string(i) +
                          " underflows below 2.2e-308 (the kernel is not representable in double)");
    if (!(sq <= 0x1p511))
      throw RangeExceeded(what + ": the squared norm of row " + std::to_string(i) +
                          " exceeds 2^511 = 6.7e153 (products of two squared norms would overflow)");
  }
}

int homogeneous_exponent(const MatD& X) {
  const double big = X.cwiseAbs().maxCoeff();
  if (!(big > 0) || !std::isfinite(big) || (big >= 0x1p-64 && big < 0x1p201)) return 0;
  int exp2 = 0;
  std::frexp(big, &exp2);  // big = f·2^exp2, f ∈ [1/2, 1)
  // big·2^e ∈ [2^200, 2^201): squared norms up to d·2^402 stay below the 2^511 the recursions need
  // (d < 2^100), and the smaller rows keep as much room as possible above the underflow threshold.
  const int e = 201 - exp2;
  if (e < 0)  // scaling down may round an entry into the subnormal range: then do not scale
    for (Index i = 0; i < X.size(); ++i)
      if (std::ldexp(std::ldexp(X.data()[i], e), -e) != X.data()[i]) return 0;
  return e;
}

MatD scaled_by_power_of_two(const MatD& X, int e) {
  MatD out(X.rows(), X.cols());
  for (Index i = 0; i < X.size(); ++i) out.data()[i] = std::ldexp(X.data()[i], e);
  return out;
}

MatD unscale_kernel(const MatD& K, int e, bool gram, const std::string& what) {
  MatD out(K.rows(), K.cols());
  for (Index i = 0; i < K.size(); ++i) {
    out.data()[i] = std::ldexp(K.data()[i], -2 * e);
    if (std::isinf(out.data()[i]))
      throw RangeExceeded(what + " overflows above 1.8e308 (the data are scaled by about 2^" + std::to_string(-e) + ")");
  }
  auto underflows = [&](Index i, Index j) { return K(i, j) > 0 && out(i, j) < 0x1p-1022; };
  bool lost = false;
  if (gram) {
    for (Index i = 0; i < K.rows() && !lost; ++i) lost = underflows(i, i);
  } else if (K.size() > 0) {
    Index i = 0, j = 0;
    K.cwiseAbs().maxCoeff(&i, &j);
    lost = K(i, j) != 0 && std::abs(out(i, j)) < 0x1p-1022;
  }
  if (lost)
    throw RangeExceeded(what + " underflows below 2.2e-308 (the data are scaled by about 2^" + std::to_string(-e) + ")");
  return out;
}

linalg::MatrixEnclosure unscale_enclosure(const linalg::MatrixEnclosure& g, int e, const std::string& what) {
  linalg::MatrixEnclosure out;
  out.mid = unscale_kernel(g.mid, e, true, what);
  out.rad.resize(g.rad.rows(), g.rad.cols());
  for (Index i = 0; i < g.mid.size(); ++i) {
    // K_exact ∈ [mid − rad, mid + rad] for the scaled data, so K_exact·4^-e lies between these two
    // ends scaled by 4^-e, each rounded outward (ldexp rounds only into the subnormal range; one step
    // covers it).
    const double lo = next_down(std::ldexp(sub_down(g.mid.data()[i], g.rad.data()[i]), -2 * e));
    const double hi = next_up(std::ldexp(add_up(g.mid.data()[i], g.rad.data()[i]), -2 * e));
    out.rad.data()[i] = radius_about(out.mid.data()[i], lo, hi);
  }
  return out;
}

MatD lower_gram(const MatD& X) {
  const Index n = X.rows(), d = X.cols();
  MatD G = uninitialised_matrix(n, n);  // huge pages: a 4000² Gram is 128 MB of first touches
  if (n == 0) return G;
  if (d == 0 || n > kMaxBlasInt || d > kMaxBlasInt) {
    G.triangularView<Eigen::Lower>() = X * X.transpose();
    return G;
  }
  // One symmetric rank-k update of the BLAS (DSYRK, lower triangle): it runs the machine's tuned GEMM
  // kernels on all of the BLAS's threads, 2-3x Eigen's own product here. Its rounding error obeys the
  // same bound as any other summation order of the d products (|fl(XXᵀ) − XXᵀ| <= γ_d|X||X|ᵀ + dη,
  // FMA allowed), which is the only property the enclosures of this layer use.
  const char uplo = 'L', trans = 'N';
  const int n_blas = static_cast<int>(n), d_blas = static_cast<int>(d);
  const double one = 1.0, zero = 0.0;
  dsyrk_(&uplo, &trans, &n_blas, &d_blas, &one, X.data(), &n_blas, &zero, G.data(), &n_blas, 1, 1);
  return G;
}

void mirror_lower_require_finite(MatD& K, const std::string& what) {
  const Index n = K.rows();
  const Index b = 64;
  bool finite = true;
#pragma omp parallel for schedule(dynamic, 1) reduction(&& : finite)
  for (Index jb = 0; jb < n; jb += b) {
    for (Index ib = 0; ib <= jb; ib += b) {
      // upper block (rows ib.., cols jb..) from the lower block (rows jb.., cols ib..); the diagonal
      // entries (i = j) are tested where they stand.
      for (Index j = jb; j < std::min(n, jb + b); ++j) {
        for (Index i = ib; i < std::min(j, ib + b); ++i) {
          const double v = K(j, i);
          finite &= std::abs(v) <= std::numeric_limits<double>::max();  // false for NaN and ±inf
          K(i, j) = v;
        }
        if (ib + b > j) finite &= std::abs(K(j, j)) <= std::numeric_limits<double>::max();
      }
    }
  }
  if (!finite) require_finite_result(K, what);  // names the first non-finite entry and throws
}

double radius_about(double mid, double lo, double hi) {
  return max_or_nan(sub_up(hi, mid), sub_up(mid, lo));  // a NaN end gives a NaN radius, never a finite one
}

}  // namespace nncert::kernels::detail
