// local_pl (docs/theorems/barboni-2022-local-pl.md, our derivation [D]): at θ0 = 0, with the c-scaled features
//   λ0 = λ_min(G(AX)),  μ0 = (2/N)·σ_min(BBᵀ)·λ0,  C² = 2c² (rff: ||φ||² <= 2) or c²·p (cos),
//   ℓ = c·√(2/p)·||Ω||₂ (rff) or c·||Ω||₂ (cos: each row of Dφ has norm <= ||ω_m||),
//   R = min(λ0/(4 N C² ℓ), ln 2/(4 ℓ)),  μ* = μ0/4,  start condition F0 < μ* R²/16 for GD
//   (displacement <= 4√(F0/μ*)), or F0 < μ* R²/4 for the L² gradient flow (path length
//   <= 2√(F0/μ*)): hypothesis parameter dynamics = "gd" (default) | "flow".
// Every constant is an enclosure; λ0 comes from the rigorous feature-Gram test, σ_min(BBᵀ) = 1 since
// B selects coordinates (BBᵀ = I exactly), ||Ω||₂ <= ||Ω||_F. F0 = (1/2N) Σ ||B A x_i − y_i||² is
// enclosed in directed rounding from the exactly computed outputs (B and A select coordinates). The smoothness β on B_R is not certified here, so
// the prediction's step-size condition stays unproven unless a later version bounds it.
#include <cmath>

#include <fmt/format.h>

#include "gram_checks.hpp"
#include "nncert/theory/shortfall.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/numeric/interval.hpp"
#include "nncert/numeric/rounding.hpp"
#include "nncert/numeric/errors.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

class LocalPl final : public theory::Verifier {
 public:
  std::string_view name() const override { return "local_pl"; }
  std::vector<std::string_view> theorem_parameters() const override { return {"dynamics"}; }
  std::string_view description() const override { return "local PL constants mu_0, R, mu_* and the start condition"; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const auto* cfg = std::get_if<models::RffResNetConfig>(&c.model);
    const std::string dynamics = string_parameter(c, "dynamics", "gd");
    if (dynamics != "gd" && dynamics != "flow")
      throw InvalidInput("hypothesis '" + c.hypothesis.id + "': dynamics must be \"gd\" or \"flow\", got \"" + dynamics + "\"");
    const bool flow = dynamics == "flow";
    // The path stays in B_R when its length bound is below R: 2√(F0/μ*) < R (flow), 4√(F0/μ*) < R (GD).
    const double divisor = flow ? 4.0 : 16.0;
    theory::Finding f;
    f.quantity = flow ? "mu_* R^2 / 4 - F_0" : "mu_* R^2 / 16 - F_0";
    if (!cfg) {
      f.reason = "the local_pl verifier needs an rff-resnet model";
      return f;
    }
    const Index N = c.data.n();
    if (cfg->features < N) {
      f.verdict = Verdict::refuted;
      f.enclosure = certified(0, 0, "structural");
      f.reason = fmt::format("p = {} < N = {}: lambda0 = 0, so mu_0 = 0", cfg->features, N);
      f.details[theory::kWhatWouldChange] = fmt::format("at least N = {} random features (features = {} now), or at most {} points", N, cfg->features, cfg->features);
      return f;
    }
    const theory::Finding g =
        positive_definite_finding(linalg::gram_enclosure(models::rff_feature_enclosure(*cfg, c.data.X)), "lambda0", "lambda0", "lambda_max_G");
    f.details = g.details;
    if (g.verdict != Verdict::certified) {
      f.verdict = g.verdict;
      f.reason = "lambda0 > 0 not certified: " + g.reason;
      return f;
    }
    const models::RffResNet<double> net(*cfg);
    const double nn = static_cast<double>(N);
    const Interval lambda0(g.enclosure.lower, g.enclosure.upper);
    const Interval mu0 = Interval(2.0) / nn * lambda0;  // σ_min(BBᵀ) = 1
    const Interval cc = point(cfg->residual_scale);
    const double p = static_cast<double>(cfg->features);
    // ||Ω||_F <= sqrt_up(Σ ω² summed in upward rounding): directed rounding bounds every product and
    // partial sum from above, underflowing squares included (linalg squared_norm_upper).
    const MatD& omega = net.frequencies();
    const double omega_frob = sqrt_up(linalg::squared_norm_upper(Eigen::Map<const VecD>(omega.data(), omega.size())));
    const bool rff = cfg->feature_map == models::RffFeatureMap::rff;
    const Interval c2 = rff ? Interval(2.0) * cc * cc : cc * cc * p;
    const Interval ell = rff ? cc * nncert::sqrt(Interval(2.0) / p) * Interval(0, omega_frob) : cc * Interval(0, omega_frob);
    const Interval ell_up(ell.upper(), ell.upper());  // R decreases in ℓ: the upper end is safe
    const Interval ln2 = nncert::log(point(2.0));
    const Interval R = boost::numeric::min(lambda0 / (Interval(4.0) * nn * c2 * ell_up), ln2 / (Interval(4.0) * ell_up));
    const Interval mu_star = mu0 / 4.0;
    // F0 at Θ = 0: outputs B A x (coordinate selection, exact); residual sum of squares enclosed.
    const MatD out = c.data.X * net.embedding().transpose() * net.readout().transpose();
    // Each residual r = o − y lies in [sub_down, sub_up]; |r| is bounded below by the interval's
    // mignitude and above by its magnitude, and the sums of squares are taken in directed rounding.
    VecD r_lo(out.size()), r_hi(out.size());
    for (Index t = 0; t < out.size(); ++t) {
      const double lo = sub_down(out(t), c.data.Y(t)), hi = sub_up(out(t), c.data.Y(t));
      r_lo(t) = lo > 0 ? lo : (hi < 0 ? -hi : 0.0);
      r_hi(t) = std::max(std::abs(lo), std::abs(hi));
    }
    const Interval F0(div_down(linalg::squared_norm_lower(r_lo), 2 * nn), div_up(linalg::squared_norm_upper(r_hi), 2 * nn));
    const Interval threshold = mu_star * R * R / divisor;
    const Interval margin = threshold - F0;
    auto enc = [](const Interval& x, const char* how) { return certified(x.lower(), x.upper(), how); };
    f.constants["lambda0"] = g.enclosure;
    f.constants["mu_0"] = enc(mu0, "interval");
    f.constants["mu_star"] = enc(mu_star, "interval");
    f.constants["R"] = enc(R, "interval");
    f.constants["F0"] = enc(F0, "interval");
    f.enclosure = enc(margin, "interval arithmetic on certified constants");
    f.method = "interval arithmetic on certified constants";
    f.margin = margin.lower();
    f.details["start condition"] =
        fmt::format("F_0 in {} vs mu_* R^2/{} in {}", to_string(F0), divisor, to_string(threshold));
    if (margin.lower() > 0) {
      f.verdict = Verdict::certified;
    } else if (margin.upper() <= 0) {
      f.verdict = Verdict::refuted;
      f.reason = fmt::format("the start condition fails: F_0 >= {:.3g} vs mu_* R^2/{} <= {:.3g}, {}: the local-PL route does not cover this start (it does not mean training fails)",
                             F0.lower(), divisor, threshold.upper(), theory::shortfall_words(F0.lower(), threshold.upper()));
      f.details[theory::kWhatWouldChange] = fmt::format(
          "an initial loss F_0 below {:.3g}, or a larger lambda0 (more features p, a bandwidth that separates the points), "
          "which raises mu_* and R together", threshold.upper());
    } else {
      f.verdict = Verdict::inconclusive;
      f.reason = "the start condition cannot be decided at this precision";
    }
    return f;
  }
};

const theory::VerifierRegistration<LocalPl> registration;

}  // namespace
}  // namespace nncert::verifiers
