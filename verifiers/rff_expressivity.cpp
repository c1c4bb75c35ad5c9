// rff_expressivity (docs/theorems/barboni-2022-rff-expressivity.md): λ_min(G_k) > 0 for the feature Gram of every
// residual layer k. At θ0 (Θ = 0, the model's initialisation) every state equals A x, so all layers
// share G = Φ(AX) Φ(AX)ᵀ (scaled by c²). Structural refutation when p < N (rank Φ <= p). Certified
// from a rigorous enclosure of Φ (models rff_feature_enclosure) and the interval shifted-Cholesky test.
#include <fmt/format.h>

#include "gram_checks.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/shortfall.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

class RffExpressivity final : public theory::Verifier {
 public:
  std::string_view name() const override { return "rff_expressivity"; }
  std::vector<std::string_view> theorem_parameters() const override { return {}; }
  std::string_view description() const override { return "lambda_min of the RFF feature Gram at every layer"; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const auto* cfg = std::get_if<models::RffResNetConfig>(&c.model);
    theory::Finding f;
    f.quantity = "min_k lambda_min(G_k) at theta_0";
    if (!cfg) {
      f.reason = "the rff_expressivity verifier needs an rff-resnet model";
      return f;
    }
    const Index n = c.data.n();
    if (cfg->features < n) {
      f.verdict = Verdict::refuted;
      f.enclosure = certified(0, 0, "structural");
      f.method = "structural: rank Phi <= p";
      f.reason = fmt::format("p = {} features < N = {} points: lambda_min(G_k) = 0 at every layer", cfg->features, n);
      f.details[theory::kWhatWouldChange] = fmt::format("at least N = {} random features (features = {} now), or at most {} points", n, cfg->features, cfg->features);
      return f;
    }
    f = positive_definite_finding(linalg::gram_enclosure(models::rff_feature_enclosure(*cfg, c.data.X)), f.quantity, "lambda0",
                                  "lambda_max_G");
    f.details["layers"] = fmt::format("{} (identical at theta_0 = 0)", cfg->depth);
    return f;
  }
};

const theory::VerifierRegistration<RffExpressivity> registration;

}  // namespace
}  // namespace nncert::verifiers
