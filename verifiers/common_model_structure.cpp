// common_model_structure (spec/kawaguchi.md §3): vec f_X(θ) = J_S(θ) θ_S.
//
// Certified structurally (Euler's identity, exact for every θ) when f is 1-homogeneous in θ_S:
//   * S = the whole read-out (output weights, and the output bias when there is one): f is linear in S;
//   * S = one weight layer of a bias-free net with positively homogeneous activations (relu,
//     leaky-relu, identity).
// Otherwise the identity is tested numerically: the residual is enclosed from the rigorous
// enclosures of f and J_S θ_S and refuted when its lower bound is positive (spec F4: O(1) for tanh
// hidden layers or biases outside S); a residual within rounding is inconclusive (equality cannot be
// proven numerically).
#include <fmt/format.h>

#include "jacobian_checks.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/rounding.hpp"
#include "nncert/numeric/errors.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

class CommonModelStructure final : public theory::Verifier {
 public:
  std::string_view name() const override { return "common_model_structure"; }
  std::string_view description() const override { return "common model structure vec f = J_S theta_S"; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    theory::Finding f;
    f.quantity = "||vec f_X - J_S theta_S||_2";
    const auto* mlp = std::get_if<models::MlpConfig>(&c.model);
    if (!mlp) {
      f.reason = "the common-model-structure verifier handles mlp models";
      return f;
    }
    const std::string readout = mlp->bias ? "output,output.bias" : "output";
    const std::string block = string_parameter(c, "block", readout);
    f.details["certified_block"] = block;  // what the prediction compares with [train] (issue #16)
    const bool homogeneous_activation = mlp->activation == models::Activation::relu ||
                                        mlp->activation == models::Activation::leaky_relu ||
                                        mlp->activation == models::Activation::identity;
    const bool single_layer = block.rfind("layer:", 0) == 0 && block.find('.') == std::string::npos;
    if (block == readout || (single_layer && !mlp->bias && homogeneous_activation)) {
      f.verdict = Verdict::certified;
      f.enclosure = certified(0, 0, "structural");
      f.method = block == readout ? "structural: f is linear in the read-out parameters"
                                  : "structural: bias-free positively homogeneous net, Euler's identity";
      return f;
    }
    const models::Mlp<double> net(*mlp);
    const auto jac = model_jacobian(c, block);
    // θ_S in the order of the concatenated blocks.
    std::vector<double> theta_s;
    for (const auto& name : models::split_block_list(block)) {
      const auto b = net.block(name);
      for (Index t = 0; t < b.size; ++t) theta_s.push_back(net.params()(b.offset + t));
    }
    const VecD ts = Eigen::Map<const VecD>(theta_s.data(), static_cast<Index>(theta_s.size()));
    // J_S θ_S enclosed: |J θ − J_m θ| <= J_r|θ|, plus the rounding of J_m θ (γ_p, Higham §3.1).
    const double p = static_cast<double>(ts.size());
    const VecD jt = jac->mid * ts;
    const VecD jt_rad = ((jac->mid.cwiseAbs() * ts.cwiseAbs()) * gamma_up(p) * (1 + 4 * p * kUnitRoundoff) +
                         jac->rad * ts.cwiseAbs() * (1 + 4 * p * kUnitRoundoff))
                            .array() + p * kEta;
    // f(X) enclosed through the output layer's bias block: f = J_{read-out} θ_{read-out} exactly.
    const auto out = model_jacobian(c, readout);
    std::vector<double> theta_r;
    for (const auto* name : {"output", "output.bias"}) {
      if (std::string(name) == "output.bias" && !mlp->bias) continue;
      const auto b = net.block(name);
      for (Index t = 0; t < b.size; ++t) theta_r.push_back(net.params()(b.offset + t));
    }
    const VecD tr = Eigen::Map<const VecD>(theta_r.data(), static_cast<Index>(theta_r.size()));
    const double pr = static_cast<double>(tr.size());
    const VecD fx = out->mid * tr;
    const VecD fx_rad = ((out->mid.cwiseAbs() * tr.cwiseAbs()) * gamma_up(pr) * (1 + 4 * pr * kUnitRoundoff) +
                         out->rad * tr.cwiseAbs() * (1 + 4 * pr * kUnitRoundoff))
                            .array() + pr * kEta;
    // ||f − Jθ|| >= || |f_m − (Jθ)_m| − (f_r + (Jθ)_r) ||_+ componentwise.
    const VecD gap = ((fx - jt).cwiseAbs() - fx_rad - jt_rad).cwiseMax(0.0) * (1 - 8 * kUnitRoundoff);
    const double lower = gap.norm() * (1 - 4 * kUnitRoundoff * (p + 2));
    const double upper = ((fx - jt).cwiseAbs() + fx_rad + jt_rad).norm() * (1 + 4 * kUnitRoundoff * (p + 2));
    f.enclosure = certified(std::max(0.0, lower), upper, "enclosure of f and J_S theta_S");
    f.method = "rigorous residual enclosure";
    f.details["relative residual"] = fmt::format("{:.3g}", fx.norm() > 0 ? upper / fx.norm() : upper);
    if (lower > 0) {
      f.verdict = Verdict::refuted;
      f.margin = -lower;
      f.reason = fmt::format("vec f_X != J_S theta_S: the residual is at least {:.6g}", lower);
    } else {
      f.verdict = Verdict::inconclusive;
      f.reason = "the residual is within rounding of 0, but equality cannot be proven numerically";
    }
    return f;
  }
};

const theory::VerifierRegistration<CommonModelStructure> registration;

}  // namespace
}  // namespace nncert::verifiers
