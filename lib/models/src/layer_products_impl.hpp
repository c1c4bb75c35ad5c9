#pragma once
// Matrix products shared by the models. The double path goes to Eigen's blocked (OpenMP-parallel)
// GEMM/SYRK kernels; multiprecision scalars use coefficient-wise lazy products, which run in the
// calling thread only: MPFR's default precision is per thread, so worker threads would silently
// compute at another precision.
#include <type_traits>

#include <Eigen/Core>

#include "nncert/numeric/mpfr_product.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::models::detail {

template <class S>
inline constexpr bool kIsDouble = std::is_same_v<S, double>;

// A·B.
template <class S, class A, class B>
Mat<S> mat_mul(const A& a, const B& b) {
  if constexpr (kIsDouble<S>) {
    Mat<S> c(a.rows(), b.cols());
    c.noalias() = a * b;
    return c;
  } else if constexpr (std::is_same_v<S, MpfrFloat>) {
    return mpfr_product(a, b);
  } else {
    return a.lazyProduct(b);
  }
}

// A·Aᵀ (symmetric; double: SYRK on the lower triangle, then mirrored).
template <class S, class A>
Mat<S> gram_of_rows(const A& a) {
  const Index n = a.rows();
  if constexpr (kIsDouble<S>) {
    Mat<S> g = Mat<S>::Zero(n, n);
    g.template selfadjointView<Eigen::Lower>().rankUpdate(a);
    g.template triangularView<Eigen::StrictlyUpper>() = g.transpose();
    return g;
  } else if constexpr (std::is_same_v<S, MpfrFloat>) {
    return mpfr_product(a, a.transpose());
  } else {
    return a.lazyProduct(a.transpose());
  }
}

// Row r of the result is row r / reps of `a` (sample-major expansion to the (n·k) Jacobian rows).
template <class S>
Mat<S> repeat_rows(const Mat<S>& a, Index reps) {
  if (reps == 1) return a;
  Mat<S> out(a.rows() * reps, a.cols());
  for (Index i = 0; i < a.rows(); ++i)
    for (Index o = 0; o < reps; ++o) out.row(i * reps + o) = a.row(i);
  return out;
}

// out(r, c) *= d(r / reps, c): multiplies back-propagated rows by per-sample derivatives.
template <class S>
void scale_rows_by_sample(Mat<S>& out, const Mat<S>& d, Index reps) {
  if (reps == 1) {
    out.array() *= d.array();
    return;
  }
  for (Index r = 0; r < out.rows(); ++r) out.row(r).array() *= d.row(r / reps).array();
}

// (n·k)×(n·k) matrix with entry (r, r') = g(r / reps, r' / reps).
template <class S>
Mat<S> expand_sample_gram(const Mat<S>& g, Index reps) {
  if (reps == 1) return g;
  const Index n = g.rows();
  Mat<S> out(n * reps, n * reps);
  for (Index j = 0; j < n * reps; ++j)
    for (Index i = 0; i < n * reps; ++i) out(i, j) = g(i / reps, j / reps);
  return out;
}

// Jacobian columns of a parameter matrix M (na×nb, row-major in θ) whose derivative is
// ∂f_r/∂M(a, b) = scale·P(r, a)·Q(r, b): J(:, offset + a·nb + b) = scale·P(:, a) ⊙ Q(:, b).
template <class S>
void write_outer_jacobian(const Mat<S>& p, const Mat<S>& q, const S& scale, Mat<S>& j, Index offset) {
  const Index nb = q.cols();
  for (Index a = 0; a < p.cols(); ++a) {
    const Vec<S> pa = scale * p.col(a);
    j.middleCols(offset + a * nb, nb) = pa.asDiagonal() * q;
  }
}

// Seed rows e_o for the Jacobian by back-propagation (sample-major): row i·k + o has a single 1 in
// column o, so one backward pass of it gives every row ∂f_o(x_i)/∂θ.
template <class S>
Mat<S> jacobian_seed(Index n, Index k) {
  Mat<S> e = Mat<S>::Zero(n * k, k);
  for (Index i = 0; i < n; ++i)
    for (Index o = 0; o < k; ++o) e(i * k + o, o) = S(1);
  return e;
}

}  // namespace nncert::models::detail
