#pragma once
// Rigorous global bounds on the frozen tail of an Mlp after a hidden weight block S = W^K (K < L), the
// ingredients of the block local-PL certificate (verifiers/block_local_pl.cpp, our derivation [D],
// proofs/kawaguchi-sun-2021-expressivity-local-pl.md).
//
// The tail maps the pre-activation z = z^K ∈ R^{m_K} of one sample to the output:
//   g_k(z^k) = s_{k+1} W^{k+1} σ(z^k) + b^{k+1}  (k = K..L−1),   F = g_{L−1} ∘ … ∘ g_K,
// and T(z) = DF(z) ∈ R^{m_y × m_K} is the factor that multiplies S's features in J_S.
//   sup_z ||Dg_k(z)||_2       <= s_{k+1}·||W^{k+1}||_2·s1,      s1 = sup|σ'|
//   Lip(Dg_k) (operator norm) <= s_{k+1}·c(W^{k+1})·s2,         s2 = sup|σ''|,
// with c(W) = min(||W||_2, max_j ||W_{:,j}||_2): ||W diag(v)||_2 <= ||W diag(v)||_F <= max_j||W_{:,j}||·||v||_2
// and <= ||W||_2·||v||_∞ <= ||W||_2·||v||_2, where v = σ'(z) − σ'(z') has ||v||_2 <= s2·||z − z'||_2.
// Composition (chain rule, triangle inequality):
//   Lip(D(g∘F)) <= Lip(Dg)·sup||DF||² + sup||Dg||·Lip(DF),   sup||D(g∘F)|| <= sup||Dg||·sup||DF||.
// Every bound is an upper bound rounded upward (rounding.hpp one-ulp steps after each RN operation).
#include <optional>

#include "nncert/models/activation.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::verifiers {

// sup|σ'| and sup|σ''| of the activation: models::activation_curvature (std::nullopt for relu and
// leaky-relu: σ' jumps at 0, so T is not Lipschitz).
using models::ActivationCurvature;
using models::activation_curvature;

// Upper bounds of ||W||_2: min(||W||_F, sqrt(||W||_1·||W||_∞)); and of max_j ||W_{:,j}||_2.
double operator_norm_upper(const MatD& W);
double max_column_norm_upper(const MatD& W);

// Upper bound of the layer scale s_l (1 standard, 1/√m_{l−1} ntk).
double layer_scale_upper(const models::MlpConfig& config, Index layer);

// W^l of the net as a matrix (m_l × m_{l−1}), exact copy of θ's entries.
MatD mlp_weight(const models::Mlp<double>& net, Index layer);

struct TailBounds {
  double jacobian_sup = 0;         // >= sup_z ||T(z)||_2
  double jacobian_lipschitz = 0;   // >= Lip(T) in the operator norm, over all z
};

// The tail after block W^K (1 <= K < L) of `net` (its current parameters).
TailBounds mlp_tail_bounds(const models::Mlp<double>& net, Index K, const ActivationCurvature& curvature);

}  // namespace nncert::verifiers
