#pragma once
// Which matrix a finding's claim is about, so that `nncert check` can rebuild it without the verifier
// (docs/certificates.md#what-nncert-check-re-derives). Recognised claims:
//   jacobian_rank  σ_min(J(θ0)) >= lower            -> {"matrix": "J_S J_S^T", "block": "all", "claim": "sigma_min"}
//   expressivity   σ_min(J_S(θ0)) >= lower          -> block parsed from the quantity "…, S = NAME (…"
//   node_scaling   λ_min(H(W0)) >= lower, H = J Jᵀ  -> {"block": "all", "claim": "lambda_min"}
//     (these three for Mlp or scaled-shallow models, at θ0)
//   alignment      vec Y ∈ Col J_S through full row rank: σ_min(J_S(θ0)) >= margin > 0
//                  -> {"matrix": "J_S J_S^T", "block": S (comma-separated blocks), "claim": "sigma_min",
//                      "bound": margin}
//   ntk_gram       λ_min(K) >= lower, K an analytic kernel Gram of the data
//                  -> {"matrix": "kernel Gram", "kernel": "ntk" | "nngp" | "h-infinity" | "cntk" |
//                      "cntk-gap", the kernel's parameters, "claim": "lambda_min"}
//   rff_expressivity  min_k λ_min(c²·Φ_k Φ_kᵀ) >= lower at θ0, Φ_k the RFF-ResNet's feature matrices
//                  -> {"matrix": "feature Gram", "claim": "lambda_min", "at": "theta_0"}
// Others have no witness; the checker re-derives some of them by other routes (independent_predicates.hpp:
// data assumptions, local PL and block local PL constants) and re-runs the rest.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "nncert/theory/verify.hpp"

namespace nncert::cert {

// The parameters that, with the problem's [model] and data, determine an analytic kernel Gram.
struct KernelWitness {
  std::string kernel;          // ntk, nngp, h-infinity, cntk, cntk-gap
  std::string scaling;         // ntk / nngp: "model" or "paper"
  int cntk_depth = 3;          // cntk*: paper convention (convolutional layers + 1)
  int filter = 3;              // cntk*: q
  bool fix_first_last = false;  // cntk*
};

enum class GramMatrix { jacobian, kernel, rff_features };

struct GramWitness {
  GramMatrix matrix = GramMatrix::jacobian;
  std::string block;  // model block of J_S (jacobian)
  std::string claim;  // "sigma_min": σ_min(J_S) >= bound; "lambda_min": λ_min(G) >= bound
  KernelWitness kernel;  // the analytic kernel (kernel)
  // The claim's bound when it is not the lower end of the finding's enclosure (alignment: the
  // enclosure is the distance 0, the claim behind it σ_min(J_S) >= margin); must then be > 0.
  std::optional<double> bound;
  // Where J_S is evaluated (jacobian): "theta_0", or "phase2", the two-phase recipe's switch point that
  // the checker reaches by replaying phase 1 (train::phase_two_start), as the verifier did.
  std::string at = "theta_0";
};

std::optional<GramWitness> gram_witness(const theory::Finding& finding, const theory::LoadedProblem& problem);
nlohmann::json to_json(const std::optional<GramWitness>& witness);
std::optional<GramWitness> gram_witness_from_json(const nlohmann::json& j);

}  // namespace nncert::cert
