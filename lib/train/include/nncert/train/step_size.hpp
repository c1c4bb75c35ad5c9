#pragma once
// Automatic step size from a smoothness estimate (used when [train].step_size is left out).
//
// For the squared loss L = (1/(2n))‖r‖² the Hessian in the block S is
//   ∇²_S L = J_Sᵀ J_S / n + (1/n) Σ_i r_i ∇²_S f_i,
// whose first (Gauss–Newton) term has norm λ_max(J_S J_Sᵀ)/n. We estimate β, the smoothness constant
// near θ0, as the larger of
//   * λ_max(J_S J_Sᵀ)/n (dense symmetric eigensolver on the structural Gram), and
//   * |λ|_max(∇²_S L) by power iteration on Hessian–vector products formed by central differences
//     of the exact gradient (seeded start vector),
// both multiplied by the metric weight w of the update θ_S ← θ_S − η·w·∇_S L (w = L, the depth,
// for rff-resnet-gd; else 1). The step is η = 1/(2β): half the descent-lemma step 1/β, a margin for
// the curvature growing along the path. This is an ESTIMATE, not a bound: it is recorded as such.
#include <cstdint>
#include <string>

#include "nncert/models/model.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::train {

struct SmoothnessEstimate {
  double gauss_newton = 0;  // w·λ_max(J_S J_Sᵀ)/n
  double hessian = 0;       // w·|λ|_max(∇²_S L), power iteration
  double beta = 0;          // max of the two
  int power_iterations = 0;
};

// `block` names the trained set: one block of model.blocks() or several joined by '+'
// ("output+output.bias"). Leaves the model's parameters as it found them.
SmoothnessEstimate estimate_smoothness(models::Model<double>& model, const MatD& X, const MatD& Y,
                                       const std::string& block, double metric_weight,
                                       std::uint64_t seed, int power_iterations = 30);

// η = 1/(2β) (throws InvalidInput if β is not positive and finite: nothing to train).
double step_size_from(const SmoothnessEstimate& estimate);

// "auto: eta = 1/(2 beta), beta = max(Gauss-Newton ..., Hessian power iteration ...) at ..."
std::string describe_step_rule(const SmoothnessEstimate& estimate, const std::string& where);

}  // namespace nncert::train
