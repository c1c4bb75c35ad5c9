#include "gram_util.hpp"

#include <algorithm>
#include <cmath>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/memory_policy.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::kernels::detail {

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

MatD lower_gram(const MatD& X) {
  const Index n = X.rows();
  MatD G = uninitialised_matrix(n, n);  // huge pages: a 4000² Gram is 128 MB of first touches
  // Block rows; each lower block row panel is one GEMM, panels spread over the threads.
  const Index block = 256;
  const Index nb = (n + block - 1) / block;
#pragma omp parallel for schedule(dynamic, 1)
  for (Index t = 0; t < nb * (nb + 1) / 2; ++t) {
    // t enumerates pairs (I >= J); invert t = I(I+1)/2 + J.
    Index I = static_cast<Index>((std::sqrt(8.0 * static_cast<double>(t) + 1.0) - 1.0) / 2.0);
    while (I * (I + 1) / 2 > t) --I;
    while ((I + 1) * (I + 2) / 2 <= t) ++I;
    const Index J = t - I * (I + 1) / 2;
    const Index r0 = I * block, c0 = J * block;
    const Index rn = std::min(block, n - r0), cn = std::min(block, n - c0);
    G.block(r0, c0, rn, cn).noalias() = X.middleRows(r0, rn) * X.middleRows(c0, cn).transpose();
  }
  return G;
}

void mirror_lower(MatD& K) {
  const Index n = K.rows();
  const Index b = 64;
#pragma omp parallel for schedule(dynamic, 1)
  for (Index jb = 0; jb < n; jb += b) {
    for (Index ib = 0; ib <= jb; ib += b) {
      // upper block (rows ib.., cols jb..) from the lower block (rows jb.., cols ib..)
      for (Index j = jb; j < std::min(n, jb + b); ++j) {
        for (Index i = ib; i < std::min(j, ib + b); ++i) K(i, j) = K(j, i);
      }
    }
  }
}

double radius_about(double mid, double lo, double hi) {
  return std::max(sub_up(hi, mid), sub_up(mid, lo));
}

}  // namespace nncert::kernels::detail
