#pragma once
// Which matrix a finding's claim is about, so that `nncert check` can rebuild it without the verifier
// (DESIGN.md §5, spec/verified_linear_algebra.md §7). Recognised claims (all at θ0, Mlp or
// scaled-shallow models):
//   jacobian_rank  σ_min(J(θ0)) >= lower            -> {"matrix": "J_S J_S^T", "block": "all", "claim": "sigma_min"}
//   expressivity   σ_min(J_S(θ0)) >= lower          -> block parsed from the quantity "…, S = NAME (…"
//   node_scaling   λ_min(H(W0)) >= lower, H = J Jᵀ  -> {"block": "all", "claim": "lambda_min"}
// Others (analytic kernels, random features, residual tests) have no witness: the checker re-runs
// their verifier only.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "nncert/theory/verify.hpp"

namespace nncert::cert {

struct GramWitness {
  std::string block;  // model block of J_S
  std::string claim;  // "sigma_min": σ_min(J_S) >= bound; "lambda_min": λ_min(J_S J_Sᵀ) >= bound
};

std::optional<GramWitness> gram_witness(const theory::Finding& finding, const theory::LoadedProblem& problem);
nlohmann::json to_json(const std::optional<GramWitness>& witness);
std::optional<GramWitness> gram_witness_from_json(const nlohmann::json& j);

}  // namespace nncert::cert
