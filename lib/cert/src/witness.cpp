#include "nncert/cert/witness.hpp"

#include <variant>

namespace nncert::cert {

std::optional<GramWitness> gram_witness(const theory::Finding& f, const theory::LoadedProblem& problem) {
  if (f.verdict != Verdict::certified) return std::nullopt;
  const bool mlp = std::holds_alternative<models::MlpConfig>(problem.model);
  const bool shallow = std::holds_alternative<models::ScaledShallowConfig>(problem.model);
  if (f.verifier == "jacobian_rank" && f.quantity == "sigma_min(J(theta_0))" && (mlp || shallow))
    return GramWitness{"all", "sigma_min"};
  if (f.verifier == "expressivity" && mlp) {
    const std::string prefix = "sigma_min(J_S), S = ";
    if (f.quantity.rfind(prefix, 0) != 0) return std::nullopt;
    const auto end = f.quantity.find(" (", prefix.size());
    if (end == std::string::npos) return std::nullopt;
    return GramWitness{f.quantity.substr(prefix.size(), end - prefix.size()), "sigma_min"};
  }
  if (f.verifier == "node_scaling" && f.quantity == "lambda_min(H(W_0))" && shallow) return GramWitness{"all", "lambda_min"};
  return std::nullopt;
}

nlohmann::json to_json(const std::optional<GramWitness>& w) {
  if (!w) return nullptr;
  return {{"matrix", "J_S J_S^T"}, {"block", w->block}, {"claim", w->claim}, {"at", "theta_0"}};
}

std::optional<GramWitness> gram_witness_from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("block") || !j.contains("claim") || !j["block"].is_string() || !j["claim"].is_string())
    return std::nullopt;
  return GramWitness{j["block"].get<std::string>(), j["claim"].get<std::string>()};
}

}  // namespace nncert::cert
