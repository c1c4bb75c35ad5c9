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
// Beside the verdict it records how far the start is from the condition: the displacement the start
// needs (4√(F0/μ*) or 2√(F0/μ*), against R) and the margin in orders of magnitude,
// log10(μ* R²/16 / F0) (or /4), which `nncert study` draws as a figure of its own.
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
    // |c|: ℓ is a Lipschitz constant, so a negative residual scale contributes its magnitude.
    const Interval cc = point(std::abs(cfg->residual_scale));
    const double p = static_cast<double>(cfg->features);
    // sqrt_down(Σ ω² summed downward) <= ||Ω||_F <= sqrt_up(Σ ω² summed upward): directed rounding
    // bounds every product and partial sum, underflowing squares included (linalg squared_norm_*).
    const MatD& omega = net.frequencies();
    const Eigen::Map<const VecD> omega_flat(omega.data(), omega.size());
    const Interval omega_frob(sqrt_down(linalg::squared_norm_lower(omega_flat)), sqrt_up(linalg::squared_norm_upper(omega_flat)));
    const bool rff = cfg->feature_map == models::RffFeatureMap::rff;
    const Interval c2 = rff ? Interval(2.0) * cc * cc : cc * cc * p;
    const Interval ell = rff ? cc * nncert::sqrt(Interval(2.0) / p) * omega_frob : cc * omega_frob;
    const Interval ln2 = nncert::log(point(2.0));
    // R decreases in ℓ, so its lower end (the radius the certificate uses) takes ℓ's upper end; the
    // upper end takes ℓ's lower end, so that R encloses the formula's value at ℓ = |c|√(2/p)||Ω||_F
    // (rff) or |c|·||Ω||_F (cos) exactly, and a refutation (threshold's upper end <= F0) is proven.
    const Interval R = boost::numeric::min(lambda0 / (Interval(4.0) * nn * c2 * ell), ln2 / (Interval(4.0) * ell));
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
    // The displacement the start needs, 4√(F0/μ*) (GD) or 2√(F0/μ*) (flow): the condition says it is
    // below R. Outward-rounded interval ÷ and √ (interval.hpp), so it encloses the true bound.
    const Interval displacement = Interval(flow ? 2.0 : 4.0) * nncert::sqrt(F0 / mu_star);
    f.constants["displacement_bound"] = enc(displacement, "interval");
    // The margin in orders of magnitude, log10(threshold / F0): with threshold ∈ [t⁻, t⁺] and
    // F0 ∈ [F⁻, F⁺], t⁻ > 0, F⁻ > 0, the ratio lies in [t⁻/F⁺, t⁺/F⁻] (outward-rounded division) and
    // log10 = ln(·)/ln 10 is increasing, so ln's widened libm enclosure (interval.hpp) divided by an
    // enclosure of ln 10 encloses it. A lower end > 0: the condition holds with that many orders to
    // spare; an upper end < 0: it fails by at least −upper orders. Informational: the verdict below is
    // decided on the difference, exactly as before. F0 = 0 (a start at a global minimum) has no
    // finite ratio, so no constant.
    if (threshold.lower() > 0 && F0.lower() > 0) {
      const Interval orders = nncert::log(threshold / F0) / nncert::log(point(10.0));
      f.constants[fmt::format("log10(mu_* R^2 / {} / F_0)", divisor)] = enc(orders, "interval (log10 of the start condition's ratio)");
    }
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
