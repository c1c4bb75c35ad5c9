// model_setting: the [model] (and the loss) is the one the theorem is about, e.g. "a two-layer ReLU
// net f = Σ_j u_j relu(w_j·x/√d)/√m with fixed output signs" for Du et al. A theorem applied to a
// model outside its setting proves nothing about it (issue #16, class 2); this is a structural fact
// of the configuration, so the finding is certified or refuted, never inconclusive.
//
// Parameters (from the THEOREM file only: a problem's [verify] must not widen a theorem's setting):
//   kind = "mlp" | "scaled-shallow" | "rff-resnet"   activations = ["relu", ...]
//   parameterization = "ntk" | "standard"             bias = true | false          gamma = 1.0
//   loss = "squared" (the [train].loss the conclusion's derivation uses; the only loss nncert trains)
#include <fmt/format.h>

#include "nncert/data/problem_file.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/shortfall.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

std::string setting_kind(const models::ModelConfig& m) {
  if (std::holds_alternative<models::MlpConfig>(m)) return "mlp";
  if (std::holds_alternative<models::ScaledShallowConfig>(m)) return "scaled-shallow";
  if (std::holds_alternative<models::CnnConfig>(m)) return "cnn";
  return "rff-resnet";
}

class ModelSetting final : public theory::Verifier {
 public:
  std::string_view name() const override { return "model_setting"; }
  std::vector<std::string_view> theorem_parameters() const override { return {"kind", "activations", "loss", "bias", "gamma", "parameterization"}; }
  std::string_view description() const override { return "the model family, activation, parameterisation and loss of the theorem"; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const toml::table& p = c.hypothesis.params;
    std::vector<std::string> differences;
    const std::string kind = setting_kind(c.model);
    if (const auto want = p["kind"].value<std::string>(); want && *want != kind)
      differences.push_back(fmt::format("the theorem is about kind \"{}\", the [model] is \"{}\"", *want, kind));
    std::string activation;
    if (const auto* mlp = std::get_if<models::MlpConfig>(&c.model)) activation = std::string(models::to_string(mlp->activation));
    if (const auto* s = std::get_if<models::ScaledShallowConfig>(&c.model)) activation = std::string(models::to_string(s->activation));
    if (const auto* list = p["activations"].as_array()) {
      bool found = false;
      std::string allowed;
      for (const auto& a : *list)
        if (const auto name = a.value<std::string>()) {
          found = found || *name == activation;
          allowed += (allowed.empty() ? "" : ", ") + *name;
        }
      if (!found)
        differences.push_back(fmt::format("the theorem is about the activation {}, the [model] uses {}", allowed,
                                          activation.empty() ? std::string("none") : activation));
    }
    if (const auto* mlp = std::get_if<models::MlpConfig>(&c.model)) {
      if (const auto want = p["parameterization"].value<std::string>();
          want && *want != models::to_string(mlp->parameterization))
        differences.push_back(fmt::format("the theorem is about the {} parameterisation, the [model] uses {}", *want,
                                          models::to_string(mlp->parameterization)));
      if (const auto want = p["bias"].value<bool>(); want && *want != mlp->bias)
        differences.push_back(fmt::format("the theorem is about a net {} biases, the [model] has bias = {}",
                                          *want ? "with" : "without", mlp->bias));
    }
    if (const auto* s = std::get_if<models::ScaledShallowConfig>(&c.model))
      if (const auto want = p["gamma"].value<double>(); want && *want != s->gamma)
        differences.push_back(fmt::format("the theorem is about gamma = {:g} (its node scaling), the [model] has gamma = {:g}",
                                          *want, s->gamma));
    std::string loss = "squared";
    if (const toml::table* train = data::optional_section(c.problem, "train"))
      if (const auto l = (*train)["loss"].value<std::string>()) loss = *l;
    if (const auto want = p["loss"].value<std::string>(); want && *want != loss)
      differences.push_back(fmt::format("the theorem is about the {} loss, [train] uses {}", *want, loss));

    theory::Finding f;
    f.quantity = "model setting";
    f.method = "structural: the configuration";
    f.enclosure = certified(0, 0, "structural");
    f.details["model"] = activation.empty() ? kind : kind + ", " + activation;
    if (differences.empty()) {
      f.verdict = Verdict::certified;
      return f;
    }
    f.verdict = Verdict::refuted;
    f.margin = -1;
    f.reason = "outside the theorem's setting: " + differences.front();
    for (std::size_t i = 1; i < differences.size(); ++i) f.reason += "; " + differences[i];
    f.details[theory::kWhatWouldChange] = "a model inside the theorem's setting (see its statement), or a theorem about this model (nncert list)";
    return f;
  }
};

const theory::VerifierRegistration<ModelSetting> registration;

}  // namespace
}  // namespace nncert::verifiers
