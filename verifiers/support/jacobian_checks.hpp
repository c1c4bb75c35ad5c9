#pragma once
// Shared steps of the Jacobian-based verifiers (expressivity, alignment, jacobian_rank, pl_inequality).
#include <optional>
#include <string>
#include <vector>

#include "nncert/models/block_list.hpp"

#include "nncert/theory/verifier.hpp"
#include "nncert/linalg/matrix_enclosure.hpp"

namespace nncert::verifiers {

// The rigorous enclosure of J_S for the problem's model at θ (θ0 when theta is empty). `blocks` is a
// comma-separated list of block names whose columns are concatenated ("output,output.bias").
// std::nullopt when this model kind has no rigorous Jacobian enclosure yet.
std::optional<linalg::MatrixEnclosure> model_jacobian(const theory::VerificationContext& c, const std::string& blocks,
                                              const VecD& theta = {});
// The same for a resolved block set (block_parameter): columns in the set's order.
std::optional<linalg::MatrixEnclosure> model_jacobian(const theory::VerificationContext& c,
                                              const std::vector<models::ParameterBlock>& blocks, const VecD& theta = {});

// The parameter blocks of the problem's model (θ0), for block_parameter.
std::vector<models::ParameterBlock> model_blocks(const theory::VerificationContext& c);

// σ_min(J) > 0 for every matrix in the enclosure (full row rank, rows <= cols), as a Finding with the
// constants sigma_min, lambda_min_G = σ_min², lambda_max_G >= ||J||_2² (G = J Jᵀ).
theory::Finding full_row_rank_finding(const linalg::MatrixEnclosure& j, const std::string& quantity);

// For a σ_min(J_S) finding that is not certified: "what would change the verdict", from this problem's
// numbers: the hidden units of an MLP at θ (θ0 when empty) whose output is 0 on every sample (a dead
// ReLU adds nothing to the rank of J_S), σ_min's upper bound, n, and the levers that raise the rank.
// Keeps a remedy the verifier already gave (a structural one says more).
void add_rank_remedy(const theory::VerificationContext& c, theory::Finding& f, const VecD& theta = {});

// Human-readable "n×p".
std::string shape(const MatD& m);

}  // namespace nncert::verifiers
