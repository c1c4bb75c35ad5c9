// linear_block: the trained block S enters the output linearly, f_X(θ) = J_S θ_S + (terms free of
// θ_S), so that GD on S is GD on a linear least-squares problem and the linear rate
// (1 − η λ_min(G)/n)^2 of its derivation applies (issue #16, class 2). The common-model-structure
// identity f = J_S θ_S alone does not give this: a bias-free positively homogeneous hidden layer
// satisfies it by Euler's identity while J_S still depends on θ_S.
//
// Certified structurally for an mlp when every block of S is the read-out layer's weights or bias
// (f = W_L h^{L-1} + b_L, h^{L-1} free of (W_L, b_L)). Any other block: inconclusive (linearity is
// not proven; the rate is then not claimed), never certified.
#include <algorithm>

#include <fmt/format.h>

#include "nncert/models/model.hpp"
#include "jacobian_checks.hpp"
#include "nncert/models/block_list.hpp"
#include "nncert/theory/shortfall.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

class LinearBlock final : public theory::Verifier {
 public:
  std::string_view name() const override { return "linear_block"; }
  std::string_view description() const override { return "the block S enters the output linearly"; }
  // The same block choice as the theorem's other block verifiers: the block this one certifies must be
  // the block they examined (and the one trained), never a default that the problem did not choose.
  std::vector<std::string_view> problem_options() const override { return {"block"}; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    theory::Finding f;
    f.quantity = "S enters f linearly";
    f.method = "structural: the architecture";
    const auto* mlp = std::get_if<models::MlpConfig>(&c.model);
    const std::string readout = mlp && mlp->bias ? "output,output.bias" : "output";
    if (!mlp) {
      f.details["certified_block"] = string_parameter(c, "block", readout);
      f.reason = "linearity in S is established only for the read-out layer of an mlp";
      return f;
    }
    const std::string block = models::join_block_names(block_parameter(c, model_blocks(c), readout));
    f.details["certified_block"] = block;
    for (const auto& name : models::split_block_list(block))
      if (name != "output" && name != "output.bias") {
        f.reason = fmt::format("block '{}' is not the read-out layer: f is not shown to be linear in it (a hidden layer "
                               "feeds a nonlinearity, so J_S moves with theta_S)", name);
        f.details[theory::kWhatWouldChange] = "[verify] block = \"output\" (with \"output.bias\" when the read-out has one), trained alone in [train]";
        return f;
      }
    f.verdict = Verdict::certified;
    f.enclosure = certified(1, 1, "structural");
    f.constants["linear_block"] = certified(1, 1, "structure");
    return f;
  }
};

const theory::VerifierRegistration<LinearBlock> registration;

}  // namespace
}  // namespace nncert::verifiers
