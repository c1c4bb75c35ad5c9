// Fast double evaluation of the fully-connected NNGP/NTK Grams.
#include "nncert/kernels/fc_kernel.hpp"

#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "fast_angle.hpp"
#include "fc_recursion_impl.hpp"
#include "gram_util.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/range_error.hpp"

namespace nncert::kernels {

void validate(const FcKernelSpec& spec) {
  if (spec.depth < 1) throw InvalidInput("kernel: depth (number of hidden layers) must be >= 1, got " + std::to_string(spec.depth));
  if (!std::isfinite(spec.sigma_w) || spec.sigma_w < 0) throw InvalidInput("kernel: sigma_w must be finite and >= 0");
  if (!std::isfinite(spec.sigma_b) || spec.sigma_b < 0) throw InvalidInput("kernel: sigma_b must be finite and >= 0");
  if (!std::isfinite(spec.leaky_slope)) throw InvalidInput("kernel: leaky_slope must be finite");
}

namespace {

using detail::FcParams;

// E[φφ], E[φ'φ'] in double for a compile-time activation, inlined into the simd loops; s = √(ab) and
// inv_s = 1/s come from the rows' and the column's precomputed roots.
template <KernelActivation A>
inline detail::ReluDual dual_fast(double slope, double a, double b, double c, double s, double inv_s) {
  if constexpr (A == KernelActivation::relu) {
    return detail::relu_dual_fast(a, b, c, s, inv_s);
  } else if constexpr (A == KernelActivation::leaky_relu || A == KernelActivation::abs) {
    const detail::ReluDual r = detail::relu_dual_fast(a, b, c, s, inv_s);
    const double w = (1.0 - slope) * (1.0 - slope);
    return {w * r.e + slope * c, slope + w * r.edot};
  } else if constexpr (A == KernelActivation::identity) {
    return {c, 1.0};
  } else {
    // erf: with S = √((1+2a)(1+2b)) and Y = √(1 + 2a + 2b + 4(ab − c²)), S² = Y² + (2c)², so
    // arcsin(2c/S) = π/2 − atan2(Y, 2c).
    const double se = std::sqrt((1.0 + 2.0 * a) * (1.0 + 2.0 * b));
    const double y = std::sqrt(1.0 + 2.0 * a + 2.0 * b + 4.0 * detail::gap_ab_cc(a, b, c));
    const double rho = 2.0 * c / se;
    const double theta = detail::angle_from(se, 2.0 * c, y, rho);
    // arcsin ρ = π/2 − θ, but for |ρ| <= 1/2 it is taken directly: 1 − θ·2/π cancels, and for tiny
    // covariances (data or weights near 1e-300) it would lose the whole value.
    const double asin_rho = std::abs(rho) <= 0.5 ? detail::asin_small(rho) : detail::kHalfPi - theta;
    return {asin_rho * (2.0 / detail::kPi), (4.0 / detail::kPi) / y};
  }
}

struct FastParams {
  double slope, w_in, w2, b2;
  int depth;
};

// Self chains Σʰ(x_i, x_i), h = 0..L, of a set of inputs, layer-major (layer h at h·n), with their
// square roots and reciprocal square roots: the recursion's √(ab) and 1/√(ab) become products.
struct SelfChains {
  Index n = 0;
  std::vector<double> value, root, inv_root;
  const double* layer(const std::vector<double>& v, int h, Index first) const {
    return v.data() + static_cast<std::size_t>(h * n + first);
  }
};

// One column's chain (layer h at [h]).
struct ColumnChain {
  std::vector<double> value, root, inv_root;
};

// Column kernel: col[0..m) holds raw inner products on entry and kernel values on exit; rows are
// inputs first..first+m of `rows`, the column input's chain is `cc`.
template <KernelActivation A>
void column_kernel(const FastParams& p, KernelKind kind, double* col, Index m, const SelfChains& rows,
                   Index first, const ColumnChain& cc, double* theta) {
#pragma omp simd
  for (Index i = 0; i < m; ++i) {
    const double s0 = p.w_in * col[i] + p.b2;
    col[i] = s0;
    theta[i] = s0;
  }
  for (int h = 1; h <= p.depth; ++h) {
    const double* a = rows.layer(rows.value, h - 1, first);
    const double* ra = rows.layer(rows.root, h - 1, first);
    const double* ia = rows.layer(rows.inv_root, h - 1, first);
    const auto hb = static_cast<std::size_t>(h - 1);
    const double b = cc.value[hb], rb = cc.root[hb], ib = cc.inv_root[hb];
#pragma omp simd
    for (Index i = 0; i < m; ++i) {
      const detail::ReluDual d = dual_fast<A>(p.slope, a[i], b, col[i], ra[i] * rb, ia[i] * ib);
      const double sigma = p.w2 * d.e + p.b2;
      theta[i] = sigma + p.w2 * d.edot * theta[i];
      col[i] = sigma;
    }
  }
  if (kind == KernelKind::ntk) {
    for (Index i = 0; i < m; ++i) col[i] = theta[i];
  }
}

using ColumnFn = void (*)(const FastParams&, KernelKind, double*, Index, const SelfChains&, Index, const ColumnChain&,
                          double*);

ColumnFn column_fn(KernelActivation a) {
  switch (a) {
    case KernelActivation::relu: return column_kernel<KernelActivation::relu>;
    case KernelActivation::leaky_relu: return column_kernel<KernelActivation::leaky_relu>;
    case KernelActivation::abs: return column_kernel<KernelActivation::abs>;
    case KernelActivation::erf: return column_kernel<KernelActivation::erf>;
    case KernelActivation::identity: return column_kernel<KernelActivation::identity>;
  }
  return column_kernel<KernelActivation::relu>;
}

FastParams fast_params(const FcKernelSpec& spec, Index d0) {
  const auto p = detail::make_fc_params<double>(spec, d0);
  return {p.act.slope, p.w_in, p.w2, p.b2, p.depth};
}

// Self chains of every row of X and the diagonal kernel values.
SelfChains self_chains(const MatD& X, const FcKernelSpec& spec, KernelKind kind, VecD* self_value) {
  const Index n = X.rows();
  const auto p = detail::make_fc_params<double>(spec, X.cols());
  const int L = spec.depth;
  SelfChains out;
  out.n = n;
  const auto size = static_cast<std::size_t>((L + 1) * n);
  out.value.resize(size);
  if (self_value) self_value->resize(n);
  std::vector<double> chain(static_cast<std::size_t>(L + 1));
  for (Index i = 0; i < n; ++i) {
    const double v = detail::fc_self_chain(p, kind, X.row(i).squaredNorm(), chain.data());
    for (int h = 0; h <= L; ++h) out.value[static_cast<std::size_t>(h * n + i)] = chain[static_cast<std::size_t>(h)];
    if (self_value) (*self_value)(i) = v;
  }
  out.root.resize(size);
  out.inv_root.resize(size);
  for (std::size_t k = 0; k < size; ++k) {
    out.root[k] = std::sqrt(out.value[k]);
    out.inv_root[k] = 1.0 / out.root[k];  // +inf for a zero input: the dual's s > 0 test takes over
  }
  return out;
}

// The fast path is accurate only while every variance it uses is a normal double that it can also
// multiply by another one: Σʰ(x,x) in [DBL_MIN, 2^511] wherever the true value is positive (it is
// positive when x ≠ 0 and σ_w > 0, or σ_b > 0, at every layer: E[φ(u)²] > 0 for u ~ N(0, a), a > 0).
// A variance that underflows turns 1/√(ab) into +inf (and then inf·0 = NaN) or silently into 0; one
// above 2^511 overflows ab or c². Such inputs are valid but the double kernel cannot represent them:
// RangeExceeded names the layer, and the command answers "inconclusive" instead of writing NaN.
constexpr double kMaxVariance = 0x1p511;

void require_representable_chains(const MatD& X, const FcKernelSpec& spec, const SelfChains& chains,
                                   const std::string& what) {
  const bool weights = spec.paper_scaling || spec.sigma_w > 0;
  const bool bias = spec.sigma_b > 0;
  for (Index i = 0; i < chains.n; ++i) {
    bool positive = (weights && (X.row(i).array() != 0).any()) || bias;
    for (int h = 0; h <= spec.depth; ++h) {
      const double v = chains.value[static_cast<std::size_t>(h * chains.n + i)];
      if (!(v <= kMaxVariance))
        throw RangeExceeded(fmt::format("{}: the variance of input {} {} above 2^511 = {:.3g} at layer {} (the "
                                        "double recursion needs products of two variances)",
                                        what, i, std::isnan(v) ? "is NaN" : "overflows", kMaxVariance, h));
      if (positive && !(v >= DBL_MIN))
        throw RangeExceeded(fmt::format("{}: the variance of input {} underflows below {:.3g} at layer {}", what, i,
                                        DBL_MIN, h));
      positive = (positive && weights) || bias;
    }
  }
}

// Runs the layer recursion on the raw inner products in K, column by column over both cores. Row i
// reads its self chain from row_chains, column j from col_chains. lower_only: K is a Gram and only the
// strict lower triangle is computed.
void recurse_columns(const FcKernelSpec& spec, KernelKind kind, Index d0, MatD& K, const SelfChains& row_chains,
                     const SelfChains& col_chains, bool lower_only) {
  const FastParams p = fast_params(spec, d0);
  const ColumnFn fn = column_fn(spec.activation);
  const int L = spec.depth;
  const Index rows = K.rows(), cols = lower_only ? K.cols() - 1 : K.cols();
#pragma omp parallel
  {
    std::vector<double> theta(static_cast<std::size_t>(rows));
    ColumnChain cc{std::vector<double>(static_cast<std::size_t>(L)), std::vector<double>(static_cast<std::size_t>(L)),
                   std::vector<double>(static_cast<std::size_t>(L))};
#pragma omp for schedule(dynamic, 4)
    for (Index j = 0; j < cols; ++j) {
      for (int h = 0; h < L; ++h) {
        const auto hk = static_cast<std::size_t>(h);
        cc.value[hk] = *col_chains.layer(col_chains.value, h, j);
        cc.root[hk] = *col_chains.layer(col_chains.root, h, j);
        cc.inv_root[hk] = *col_chains.layer(col_chains.inv_root, h, j);
      }
      const Index first = lower_only ? j + 1 : 0;
      fn(p, kind, &K(first, j), rows - first, row_chains, first, cc, theta.data());
    }
  }
}

MatD fc_kernel_direct(const MatD& X, const FcKernelSpec& spec, KernelKind kind) {
  const Index n = X.rows();
  VecD self;
  const SelfChains diag = self_chains(X, spec, kind, &self);
  require_representable_chains(X, spec, diag, "kernel");
  MatD K = detail::lower_gram(X);
  recurse_columns(spec, kind, X.cols(), K, diag, diag, true);
  for (Index i = 0; i < n; ++i) K(i, i) = self(i);
  detail::mirror_lower_require_finite(K, "kernel");
  return K;
}

MatD fc_kernel_cross_direct(const MatD& X1, const MatD& X2, const FcKernelSpec& spec, KernelKind kind) {
  const SelfChains d1 = self_chains(X1, spec, kind, nullptr);
  const SelfChains d2 = self_chains(X2, spec, kind, nullptr);
  require_representable_chains(X1, spec, d1, "kernel (first input)");
  require_representable_chains(X2, spec, d2, "kernel (second input)");
  MatD K = X1 * X2.transpose();
  recurse_columns(spec, kind, X1.cols(), K, d1, d2, false);
  detail::require_finite_result(K, "kernel");
  return K;
}

}  // namespace

bool homogeneous_in_data(const FcKernelSpec& spec) {
  // Σ⁰ = w_in·xᵀx' and E[φ(u)φ(v)] is homogeneous of degree 1 in the covariance for φ positively
  // homogeneous of degree 1 (E[φ'φ'] of degree 0): every Σʰ and Θʰ scales by t² when x does.
  const auto a = spec.activation;
  return spec.sigma_b == 0 && (a == KernelActivation::relu || a == KernelActivation::leaky_relu ||
                               a == KernelActivation::abs || a == KernelActivation::identity);
}

MatD fc_kernel(const MatD& X, const FcKernelSpec& spec, KernelKind kind) {
  validate(spec);
  detail::require_finite(X, "kernel: input");
  if (homogeneous_in_data(spec)) {
    const int e = detail::homogeneous_exponent(X);
    if (e != 0)
      return detail::unscale_kernel(fc_kernel_direct(detail::scaled_by_power_of_two(X, e), spec, kind), e, true,
                                    "kernel");
  }
  return fc_kernel_direct(X, spec, kind);
}

MatD fc_kernel_cross(const MatD& X1, const MatD& X2, const FcKernelSpec& spec, KernelKind kind) {
  validate(spec);
  detail::require_finite(X1, "kernel: first input");
  detail::require_finite(X2, "kernel: second input");
  if (X1.cols() != X2.cols()) throw InvalidInput("kernel: inputs have different dimensions");
  if (homogeneous_in_data(spec)) {
    MatD both(X1.rows() + X2.rows(), X1.cols());
    both << X1, X2;
    const int e = detail::homogeneous_exponent(both);
    if (e != 0)
      return detail::unscale_kernel(fc_kernel_cross_direct(detail::scaled_by_power_of_two(X1, e),
                                                           detail::scaled_by_power_of_two(X2, e), spec, kind),
                                    e, false, "kernel");
  }
  return fc_kernel_cross_direct(X1, X2, spec, kind);
}

}  // namespace nncert::kernels
