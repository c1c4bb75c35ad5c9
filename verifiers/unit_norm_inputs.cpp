// unit_norm_inputs: every input has ||x_i|| = 1 (mode "equal") or ||x_i|| <= 1 (mode "at-most"),
// up to a tolerance on ||x_i||² (default 1e-12: unit-normalised doubles are not exactly unit).
// Mode and tolerance belong to the theorem file: a problem's [verify] cannot set them (they would
// change what the hypothesis asserts). A certified finding states exactly what was proven,
// max_i |‖x_i‖² − 1| <= the enclosure's upper end, in details["proven"]; the theorems that use it
// compute their kernels for these exact inputs (never for normalised copies), so the Gram hypotheses
// they certify hold for the data as given, and only the unit-norm hypothesis itself carries the
// tolerance.
//
// Rigour: s_i = fl(Σ_c x_ic²) is a sum of d nonnegative products, so (Higham §3.1, gradual underflow)
//   (s_i − dη)/(1 + γ_d) <= ||x_i||² <= (s_i + dη)/(1 − γ_d),
// evaluated with outward rounding. Certified when every enclosure lies inside the allowed set,
// refuted when one lies entirely outside it, else inconclusive.
#include <fmt/format.h>

#include "nncert/numeric/rounding.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/shortfall.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

class UnitNormInputs final : public theory::Verifier {
 public:
  std::string_view name() const override { return "unit_norm_inputs"; }
  std::vector<std::string_view> theorem_parameters() const override { return {"mode", "tolerance"}; }
  std::string_view description() const override { return "inputs have unit norm (or norm at most 1)"; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const std::string mode = string_parameter(c, "mode", "equal");
    if (mode != "equal" && mode != "at-most") throw InvalidInput(fmt::format("hypothesis '{}': mode must be \"equal\" or \"at-most\"", c.hypothesis.id));
    const double tol = double_parameter(c, "tolerance", 1e-12);
    const MatD& X = c.data.X;
    const double d = static_cast<double>(X.cols());
    const double g = gamma_up(d);
    const double lo_allowed = mode == "equal" ? 1 - tol : -kInf, hi_allowed = 1 + tol;
    double worst = 0;  // max over i of the distance of ||x_i||² to 1 (upper bound)
    Index violator = -1, undecided = -1;
    for (Index i = 0; i < X.rows(); ++i) {
      const double s = X.row(i).squaredNorm();
      const double lo = div_down(sub_down(s, d * kEta), add_up(1, g));
      const double hi = div_up(add_up(s, d * kEta), sub_down(1, g));
      worst = std::max(worst, std::max(sub_up(hi, 1), mode == "equal" ? sub_up(1, lo) : 0.0));
      if (hi < lo_allowed || lo > hi_allowed) {
        if (violator < 0) violator = i;
      } else if (lo < lo_allowed || hi > hi_allowed) {
        if (undecided < 0) undecided = i;
      }
    }
    theory::Finding f;
    f.quantity = mode == "equal" ? "max_i | ||x_i||^2 - 1 |" : "max_i ( ||x_i||^2 - 1 )^+";
    f.enclosure = certified(0, worst, "sum-of-squares enclosure (Higham §3.1)");
    f.margin = tol - worst;
    f.method = "rounding-error bound of the sum of squares";
    f.details["tolerance"] = fmt::format("{:.3g}", tol);
    if (violator >= 0) {
      f.verdict = Verdict::refuted;
      f.reason = fmt::format("input {} has ||x||^2 = {:.17g}, outside the allowed {} (tolerance {:.3g})", violator,
                             X.row(violator).squaredNorm(), mode == "equal" ? "1" : "<= 1", tol);
      f.details[theory::kWhatWouldChange] =
          mode == "equal" ? std::string("normalise every input to unit norm ([data] transform = [\"unit-norm\"])")
                          : std::string("scale the inputs into the unit ball ([data] transform = [\"unit-norm\"])");
    } else if (undecided >= 0) {
      f.verdict = Verdict::inconclusive;
      f.reason = fmt::format("||x_{}||^2 lies within rounding error of the tolerance boundary", undecided);
    } else {
      f.verdict = Verdict::certified;
      f.details["proven"] = mode == "equal" ? fmt::format("|‖x_i‖² − 1| <= {:.3g} for every input i", worst)
                                            : fmt::format("‖x_i‖² − 1 <= {:.3g} for every input i", worst);
    }
    return f;
  }
};

const theory::VerifierRegistration<UnitNormInputs> registration;

}  // namespace
}  // namespace nncert::verifiers
