// Rigorous entrywise error bound of the double FC Gram.
//
// Argument. Let K̃ = fc_kernel(X) (any double evaluation) and K the exact kernel of the double
// inputs X. We compute, for every entry, an interval [lo, hi] ∋ K_ij and return
// rad_ij = max(hi − K̃_ij, K̃_ij − lo) rounded up, so |K_ij − K̃_ij| <= rad_ij. The interval is
// rigorous because every step encloses the exact real operation:
//  1. Raw inner products: G̃ = fl(XXᵀ) in any summation order (blocked GEMM, FMA allowed) satisfies
//     |G̃ − XXᵀ| <= γ_d·|X||X|ᵀ + d·η (Higham Thm 3.5 / Jeannerod–Rump; docs/floating-point.md,
//     "σ_min and rank of a Jacobian"). |X||X|ᵀ itself is bounded by its own floating-point product H̃
//     (= G̃ when X >= 0):
//     H <= H̃ + γ_d·H + dη  ⇒  H <= (H̃ + dη)/(1 − γ_d). All of it evaluated with upward rounding.
//  2. The recursion runs in Boost.Interval (outward rounding of + − × ÷ √, exact for the hardware ops
//     under directed rounding); σ_w², σ_b², c_σ and π are enclosures.
//  3. arccos/arcsin: libm value widened by kLibmUlps steps (fp_environment.hpp A7), intersected with
//     their ranges; κ0, κ1 and arcsin are monotone so the range over an interval argument is the
//     hull of the end values (dual_activation.cpp). ρ and the erf argument are intersected with
//     [−1, 1], which is valid because the exact Λʰ is a covariance matrix.
//  4. Diagonal entries use the exact self recursion (ρ = 1), enclosed the same way.
#include <algorithm>
#include <vector>

#include "fc_recursion_impl.hpp"
#include "gram_util.hpp"
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::kernels {
namespace detail {

linalg::MatrixEnclosure raw_gram_enclosure(const MatD& X) {
  linalg::MatrixEnclosure out;
  out.mid = lower_gram(X);
  const bool nonnegative = X.minCoeff() >= 0.0;
  const MatD habs = nonnegative ? MatD() : lower_gram(X.cwiseAbs());
  const MatD& h = nonnegative ? out.mid : habs;
  const double d = static_cast<double>(X.cols());
  const double gamma = gamma_up(d);
  const double coef = div_up(gamma, sub_down(1.0, gamma));  // >= γ_d/(1 − γ_d)
  const double deta = mul_up(d, kEta);                      // >= d·η
  const Index n = X.rows();
  out.rad.resize(n, n);
  for (Index j = 0; j < n; ++j) {
    for (Index i = j; i < n; ++i) {
      // |G̃_ij − xᵢᵀxⱼ| <= γ_d(H̃_ij + dη)/(1 − γ_d) + dη
      out.rad(i, j) = add_up(mul_up(coef, add_up(h(i, j), deta)), deta);
    }
  }
  return out;
}

}  // namespace detail

linalg::MatrixEnclosure fc_kernel_enclosure(const MatD& X, const FcKernelSpec& spec, KernelKind kind) {
  require_sound_fp_environment();
  if (homogeneous_in_data(spec)) {  // K(2^e X) = 4^e K(X): enclose on the scaled data, scale back outward
    const int e = detail::homogeneous_exponent(X);
    if (e != 0)
      return detail::unscale_enclosure(fc_kernel_enclosure(detail::scaled_by_power_of_two(X, e), spec, kind), e,
                                       "kernel");
  }
  linalg::MatrixEnclosure out;
  out.mid = fc_kernel(X, spec, kind);
  const Index n = X.rows();
  const int L = spec.depth;
  const auto raw = detail::raw_gram_enclosure(X);
  const auto p = detail::make_fc_params<Interval>(spec, X.cols());
  auto raw_at = [&](Index i, Index j) {
    return Interval(sub_down(raw.mid(i, j), raw.rad(i, j)), add_up(raw.mid(i, j), raw.rad(i, j)));
  };
  std::vector<Interval> diag(static_cast<std::size_t>(n * (L + 1)));
  out.rad.resize(n, n);
  for (Index i = 0; i < n; ++i) {
    const Interval v = detail::fc_self_chain(p, kind, raw_at(i, i), &diag[static_cast<std::size_t>(i * (L + 1))]);
    out.rad(i, i) = detail::radius_about(out.mid(i, i), v.lower(), v.upper());
  }
#pragma omp parallel for schedule(dynamic, 4)
  for (Index j = 0; j < n; ++j) {
    for (Index i = j + 1; i < n; ++i) {
      const Interval v = detail::fc_pair_value(p, kind, raw_at(i, j), &diag[static_cast<std::size_t>(i * (L + 1))],
                                               &diag[static_cast<std::size_t>(j * (L + 1))]);
      out.rad(i, j) = detail::radius_about(out.mid(i, j), v.lower(), v.upper());
      out.rad(j, i) = out.rad(i, j);
    }
  }
  return out;
}

}  // namespace nncert::kernels

namespace nncert::kernels {

linalg::MatrixEnclosure fc_kernel_enclosure_tile(const MatD& X, const FcKernelSpec& spec, KernelKind kind,
                                                 const std::vector<Index>& rows, const std::vector<Index>& cols) {
  require_sound_fp_environment();
  const Index n = X.rows();
  const MatD xt = X.transpose();  // column i is input i, contiguous
  const double d = static_cast<double>(X.cols());
  const double gamma = gamma_up(d);
  const double coef = div_up(gamma, sub_down(1.0, gamma));  // >= γ_d/(1 − γ_d)
  const double deta = mul_up(d, kEta);                      // >= d·η
  // Step 1 of the argument above for one pair, with the dot product in place of the GEMM (any
  // summation order satisfies the same bound): |fl(xᵀy) − xᵀy| <= γ_d(fl(|x|ᵀ|y|) + dη)/(1 − γ_d) + dη.
  // Always evaluated for (max(i, j), min(i, j)), so that entry (i, j) and entry (j, i) are equal bit for bit.
  auto raw_pair = [&](Index i, Index j) {
    const Index a = std::max(i, j);
    const Index b = std::min(i, j);
    const double g = xt.col(a).dot(xt.col(b));
    const double h = xt.col(a).cwiseAbs().dot(xt.col(b).cwiseAbs());
    const double r = add_up(mul_up(coef, add_up(h, deta)), deta);
    return Interval(sub_down(g, r), add_up(g, r));
  };
  const auto p = detail::make_fc_params<Interval>(spec, X.cols());
  const int L = spec.depth;
  std::vector<Interval> diag(static_cast<std::size_t>(n * (L + 1)));
  std::vector<Interval> self(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i)
    self[static_cast<std::size_t>(i)] =
        detail::fc_self_chain(p, kind, raw_pair(i, i), &diag[static_cast<std::size_t>(i * (L + 1))]);
  const Index m = static_cast<Index>(rows.size());
  const Index k = static_cast<Index>(cols.size());
  linalg::MatrixEnclosure out;
  out.mid.resize(m, k);
  out.rad.resize(m, k);
#pragma omp parallel for schedule(dynamic, 4)
  for (Index c = 0; c < k; ++c) {
    for (Index r = 0; r < m; ++r) {
      const Index i = rows[static_cast<std::size_t>(r)];
      const Index j = cols[static_cast<std::size_t>(c)];
      const Index a = std::max(i, j);
      const Index b = std::min(i, j);
      const Interval v =
          a == b ? self[static_cast<std::size_t>(a)]
                 : detail::fc_pair_value(p, kind, raw_pair(a, b), &diag[static_cast<std::size_t>(a * (L + 1))],
                                         &diag[static_cast<std::size_t>(b * (L + 1))]);
      // mid = the interval's midpoint in round-to-nearest; rad >= the distance to either end.
      const double mid = v.lower() + (v.upper() - v.lower()) / 2;
      out.mid(r, c) = mid;
      out.rad(r, c) = detail::radius_about(mid, v.lower(), v.upper());
    }
  }
  return out;
}

}  // namespace nncert::kernels
