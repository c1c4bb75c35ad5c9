#pragma once
// Pruning a trained scaled-shallow net without retraining (the experiment of Caron et al., 2023;
// docs/problem-files.md, [train] prune_keep).
//
// Node j's read-out is the vector √λ_j·u_j ∈ R^k (u_j ∈ {±1}^k the frozen signs), so its scale is
// ‖√λ_j u_j‖ = √(k·λ_j): the criterion of the authors' code, which removes nodes in ascending order of
// Σ_o u_jo²·λ_j = k·λ_j. The net pruned to k nodes keeps the k nodes of largest λ_j (on equal λ_j the
// lower index first: with γ = 1 every λ_j = 1/m and the kept nodes are 1..k, effectively a random
// subset since W0 and u are i.i.d.) and drops the others by setting their λ_j to 0, with no
// retraining and no rescaling:
//
//   f_K(x) = Σ_{j∈K} u_j √λ_j σ(w_j·x/√d).
//
// With k = m nothing is dropped and f_K is the trained net itself.
#include <optional>
#include <vector>

#include "nncert/data/dataset.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/models/model.hpp"
#include "nncert/numeric/types.hpp"
#include "nncert/train/train_config.hpp"
#include "nncert/train/trajectory.hpp"

namespace nncert::train {

// PrunedEvaluation: trajectory.hpp.

// The node indices in the order pruning keeps them: λ_j descending, ties by ascending j.
std::vector<Index> pruning_order(const VecD& lambda);

// The evaluation of the model's current θ pruned to each count in `keep` (each in 1..m, any order;
// results in the same order). Throws InvalidInput when the model is not a scaled-shallow net or a
// count is out of range.
std::vector<PrunedEvaluation> evaluate_pruned(const models::Model<double>& model, const MatD& X, const MatD& Y,
                                              const data::HeldOut* test, const std::vector<Index>& keep);

// [train] prune_keep against [model]: the model must be kind "scaled-shallow" and every count at most
// its width. InvalidInput "FILE:LINE: [train].prune_keep ..." otherwise; nothing when the key is absent.
void check_prune_keep(const TrainConfig& config, const data::ProblemFile& problem);

}  // namespace nncert::train
