#include "nncert/cert/witness.hpp"

#include <variant>

namespace nncert::cert {
namespace {

std::string detail_or(const theory::Finding& f, const std::string& key, const std::string& fallback) {
  const auto it = f.details.find(key);
  return it == f.details.end() ? fallback : it->second;
}

std::optional<GramWitness> kernel_witness(const theory::Finding& f) {
  KernelWitness k;
  k.kernel = detail_or(f, "kernel", "");
  if (k.kernel == "ntk" || k.kernel == "nngp") {
    k.scaling = detail_or(f, "scaling", "");
    if (k.scaling != "model" && k.scaling != "paper") return std::nullopt;
  } else if (k.kernel == "cntk" || k.kernel == "cntk-gap") {
    try {
      k.cntk_depth = std::stoi(detail_or(f, "cntk_depth", ""));
      k.filter = std::stoi(detail_or(f, "filter", ""));
    } catch (const std::exception&) {
      return std::nullopt;
    }
    k.fix_first_last = detail_or(f, "fix_first_last", "false") == "true";
  } else if (k.kernel != "h-infinity") {
    return std::nullopt;
  }
  return GramWitness{GramMatrix::kernel, "", "lambda_min", k, std::nullopt};
}

}  // namespace

std::optional<GramWitness> gram_witness(const theory::Finding& f, const theory::LoadedProblem& problem) {
  if (f.verdict != Verdict::certified) return std::nullopt;
  const bool mlp = std::holds_alternative<models::MlpConfig>(problem.model);
  const bool shallow = std::holds_alternative<models::ScaledShallowConfig>(problem.model);
  if (f.verifier == "jacobian_rank" && f.quantity == "sigma_min(J(theta_0))" && (mlp || shallow))
    return GramWitness{GramMatrix::jacobian, "all", "sigma_min", {}, std::nullopt};
  if (f.verifier == "expressivity" && mlp) {
    const std::string prefix = "sigma_min(J_S), S = ";
    if (f.quantity.rfind(prefix, 0) != 0) return std::nullopt;
    const auto end = f.quantity.find(" (", prefix.size());
    if (end == std::string::npos) return std::nullopt;
    GramWitness w{GramMatrix::jacobian, f.quantity.substr(prefix.size(), end - prefix.size()), "sigma_min", {}, std::nullopt};
    const auto start = f.details.find("start");
    if (start != f.details.end() && start->second == "phase2") w.at = "phase2";
    return w;
  }
  if (f.verifier == "node_scaling" && f.quantity == "lambda_min(H(W_0))" && shallow)
    return GramWitness{GramMatrix::jacobian, "all", "lambda_min", {}, std::nullopt};
  if (f.verifier == "ntk_gram") return kernel_witness(f);
  if (f.verifier == "alignment" && (mlp || shallow) && f.margin > 0 && f.details.count("block"))
    return GramWitness{GramMatrix::jacobian, f.details.at("block"), "sigma_min", {}, f.margin};
  if (f.verifier == "rff_expressivity" && f.quantity == "min_k lambda_min(G_k) at theta_0" &&
      std::holds_alternative<models::RffResNetConfig>(problem.model))
    return GramWitness{GramMatrix::rff_features, "", "lambda_min", {}, std::nullopt};
  return std::nullopt;
}

nlohmann::json to_json(const std::optional<GramWitness>& w) {
  if (!w) return nullptr;
  if (w->matrix == GramMatrix::jacobian) {
    nlohmann::json j = {{"matrix", "J_S J_S^T"}, {"block", w->block}, {"claim", w->claim}, {"at", w->at}};
    if (w->bound) j["bound"] = *w->bound;
    return j;
  }
  if (w->matrix == GramMatrix::rff_features) return {{"matrix", "feature Gram"}, {"claim", w->claim}, {"at", "theta_0"}};
  const KernelWitness& k = w->kernel;
  nlohmann::json j = {{"matrix", "kernel Gram"}, {"kernel", k.kernel}, {"claim", w->claim}};
  if (k.kernel == "ntk" || k.kernel == "nngp") j["scaling"] = k.scaling;
  if (k.kernel == "cntk" || k.kernel == "cntk-gap") {
    j["cntk_depth"] = k.cntk_depth;
    j["filter"] = k.filter;
    j["fix_first_last"] = k.fix_first_last;
  }
  return j;
}

std::optional<GramWitness> gram_witness_from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("claim") || !j["claim"].is_string()) return std::nullopt;
  const std::string claim = j["claim"].get<std::string>();
  const std::string matrix = j.contains("matrix") && j["matrix"].is_string() ? j["matrix"].get<std::string>() : "";
  if (matrix == "feature Gram") return GramWitness{GramMatrix::rff_features, "", claim, {}, std::nullopt};
  if (matrix == "kernel Gram") {
    if (!j.contains("kernel") || !j["kernel"].is_string()) return std::nullopt;
    KernelWitness k;
    k.kernel = j["kernel"].get<std::string>();
    try {
      k.scaling = j.value("scaling", "");
      k.cntk_depth = j.value("cntk_depth", 3);
      k.filter = j.value("filter", 3);
      k.fix_first_last = j.value("fix_first_last", false);
    } catch (const nlohmann::json::exception&) {
      return std::nullopt;
    }
    return GramWitness{GramMatrix::kernel, "", claim, k, std::nullopt};
  }
  if (!j.contains("block") || !j["block"].is_string()) return std::nullopt;
  GramWitness w{GramMatrix::jacobian, j["block"].get<std::string>(), claim, {}, std::nullopt};
  if (j.contains("bound")) {
    if (!j["bound"].is_number()) return std::nullopt;
    w.bound = j["bound"].get<double>();
  }
  // A Jacobian witness is at θ0, or at the two-phase recipe's switch point (re-reached by replay).
  if (j.contains("at")) {
    if (j["at"] != "theta_0" && j["at"] != "phase2") return std::nullopt;
    w.at = j["at"].get<std::string>();
  }
  return w;
}

}  // namespace nncert::cert
