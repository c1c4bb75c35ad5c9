#pragma once
// NNGP and NTK of fully-connected networks of infinite width (docs/kernels.md#fully-connected-kernels).
//
// Recursion (neural-tangents Dense in NTK mode), for inputs x, x' ∈ R^d0:
//   Σ⁰ = w_in·xᵀx' + σ_b²,  Θ⁰ = Σ⁰
//   Σʰ = σ_w²·E[φ(u)φ(v)] + σ_b²,  Θʰ = Σʰ + σ_w²·E[φ'(u)φ'(v)]·Θʰ⁻¹,  (u,v) ~ N(0, Λʰ), h = 1..L
// with Λʰ = [[Σʰ⁻¹(x,x), Σʰ⁻¹(x,x')], [·, Σʰ⁻¹(x',x')]]. NNGP = Σ^L, NTK = Θ^L, L = depth = number
// of hidden layers. Two scalings:
//   paper (Arora et al. 2019): w_in = 1, σ_w² = c_σ (so ReLU keeps Σʰ(x,x) = ‖x‖²);
//   model: w_in = σ_w²/d0, σ_w² = sigma_w² on every layer (neural-tangents Dense(W_std = sigma_w)).
// σ_b = 0 gives the bias-free kernels of the paper.
#include <vector>

#include "nncert/kernels/activation.hpp"
#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::kernels {

enum class KernelKind { nngp, ntk };

struct FcKernelSpec {
  KernelActivation activation = KernelActivation::relu;
  int depth = 1;               // L >= 1 hidden layers
  double leaky_slope = 0.01;   // α of leaky_relu
  bool paper_scaling = true;   // see above
  double sigma_w = 1.0;        // used only when !paper_scaling
  double sigma_b = 0.0;        // bias standard deviation (0: no bias)
};

// Throws InvalidInput when depth < 1, or σ_w, σ_b, α are not finite (σ_w, σ_b >= 0).
void validate(const FcKernelSpec& spec);

// σ_b = 0 and φ positively homogeneous of degree 1 (relu, leaky_relu, abs, identity): then
// K(tX) = t²·K(X), and data far from 1 in magnitude are evaluated on an exactly scaled copy.
bool homogeneous_in_data(const FcKernelSpec& spec);
// Gram K(X, X) of the rows of X (n × d0), double, fast path: one GEMM for XXᵀ, the lower triangle
// only, a fused vectorised recursion per column, both cores (OpenMP). Diagonal by the exact self
// recursion (ρ = 1). Symmetric output.
MatD fc_kernel(const MatD& X, const FcKernelSpec& spec, KernelKind kind);

// K(X1, X2), n1 × n2 (test-versus-train kernels for regression).
MatD fc_kernel_cross(const MatD& X1, const MatD& X2, const FcKernelSpec& spec, KernelKind kind);

// The same recursion with plain loops in any scalar S (double, Float128, MpfrFloat: explicit
// instantiations). The MPFR evaluation uses the current default precision (MpfrPrecision guard).
template <class S>
Mat<S> fc_kernel_reference(const Mat<S>& X, const FcKernelSpec& spec, KernelKind kind);

// A valid input whose kernel (or, for the recursions not homogeneous in the data, an intermediate
// variance) leaves the double range throws RangeExceeded naming the layer or the limit; no result
// ever holds NaN or inf.
// fc_kernel(X) and a rigorous entrywise bound of its error with respect to the exact kernel of the
// double inputs, from an outward-rounded interval evaluation of the whole recursion (see
// src/fc_kernel_enclosure.cpp for the argument).
linalg::MatrixEnclosure fc_kernel_enclosure(const MatD& X, const FcKernelSpec& spec, KernelKind kind);

// The entries (rows[r], cols[c]) of such an enclosure, for a Gram built in pieces (the distributed
// kernel --certify): each raw inner product by one dot product of its pair (the bound of step 1 holds
// for any summation order), the recursion in intervals; mid is the interval's midpoint and rad bounds
// its distance to either end. Entry (i, j) is computed from the pair (max, min) so that (i, j) and
// (j, i) agree bit for bit wherever they are computed. Unlike fc_kernel_enclosure, data far from 1 in
// magnitude are not rescaled: an entry that leaves the double range is non-finite (the caller's
// inconclusive).
linalg::MatrixEnclosure fc_kernel_enclosure_tile(const MatD& X, const FcKernelSpec& spec, KernelKind kind,
                                                 const std::vector<Index>& rows, const std::vector<Index>& cols);

}  // namespace nncert::kernels
