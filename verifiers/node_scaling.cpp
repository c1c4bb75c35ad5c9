// node_scaling (docs/theorems/caron-2023-node-scaling.md): λ_min(Ĥ(W0)) > 0 for the scaled tangent Gram
// Ĥ = J Jᵀ of the ScaledShallowNet at its W0, certified from a rigorous enclosure of Ĥ formed in closed
// form without J (models scaled_shallow_tangent_gram_enclosure: (x_i·x_i'/d)·Σ_j u_jo u_jo' λ_j σ'σ',
// memory O(n·m + n² + n·d + m·d) instead of the Jacobian's O(n·m·d)) and the interval form of the
// shifted-Cholesky test. Reported, not required: γ·λ_min(Ĥ^NTK) (the
// Weyl lower bound, an estimate) and the width the Hoeffding argument asks for,
// m >= 2n² ln(2n²/δ)/(d² λ0²) with λ0 estimated from the H∞ Gram of the data
// (docs/theorems/caron-2023-node-scaling.md, Provenance).
#include <cmath>

#include <fmt/format.h>

#include <Eigen/Eigenvalues>

#include "gram_checks.hpp"
#include "nncert/theory/shortfall.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/errors.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

class NodeScaling final : public theory::Verifier {
 public:
  std::string_view name() const override { return "node_scaling"; }
  std::string_view description() const override { return "lambda_min of the node-scaled tangent Gram at W0"; }
  // Problem-settable: delta only enters a reported width estimate, never the certified lambda_min.
  std::vector<std::string_view> problem_options() const override { return {"delta"}; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const auto* cfg = std::get_if<models::ScaledShallowConfig>(&c.model);
    theory::Finding f;
    f.quantity = "lambda_min(H(W_0))";
    if (!cfg) {
      f.reason = "the node_scaling verifier needs a scaled-shallow model";
      return f;
    }
    const Index n = c.data.n(), d = c.data.d(), m = cfg->width, k = cfg->output_dim;
    if (m * d < n * k) {
      f.verdict = Verdict::refuted;
      f.enclosure = certified(0, 0, "structural");
      f.method = "structural: rank J <= m·d";
      f.reason = fmt::format("m·d = {} < n·k = {}: the tangent Gram is singular for every W", m * d, n * k);
      f.details[theory::kWhatWouldChange] =
          fmt::format("a width m >= {} (m = {} now), or at most {} samples", (n * k + d - 1) / d, m, (m * d) / k);
      return f;
    }
    f = positive_definite_finding(models::scaled_shallow_tangent_gram_enclosure(*cfg, VecD(), c.data.X), f.quantity,
                                  "lambda_min_H", "lambda_max_H");
    // Reported estimates (not evidence): the NTK part of the split and the paper's width
    // requirement (docs/theorems/caron-2023-node-scaling.md).
    const models::ScaledShallowNet<double> net(*cfg);
    const auto split = net.ntk_gram_split(c.data.X);
    const double ntk_min = Eigen::SelfAdjointEigenSolver<MatD>(split.ntk, Eigen::EigenvaluesOnly).eigenvalues()(0);
    f.constants["gamma"] = certified(cfg->gamma, cfg->gamma, "configuration");
    f.constants["lambda_min_H_ntk"] = estimate(ntk_min, "dense eigensolver (estimate)");
    f.details["gamma * lambda_min(H_ntk) (estimate)"] = fmt::format("{:.6g}", cfg->gamma * ntk_min);
    const double delta = double_parameter(c, "delta", 0.05);
    if (ntk_min > 0) {
      const double nn = static_cast<double>(n);
      const double width = 2 * nn * nn * std::log(2 * nn * nn / delta) / (static_cast<double>(d * d) * ntk_min * ntk_min);
      f.details["width asked by the Hoeffding bound (estimate, delta = " + fmt::format("{:g}", delta) + ")"] =
          fmt::format("{:.3g} (this net: {})", width, m);
    }
    return f;
  }
};

const theory::VerifierRegistration<NodeScaling> registration;

}  // namespace
}  // namespace nncert::verifiers
