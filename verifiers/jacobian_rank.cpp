// jacobian_rank (generic): σ_min(J(θ0)) > 0 for the full Jacobian J = ∂ vec f_X/∂θ ((n·k)×p).
// Structural refutation when p < n·k; otherwise certified through a rigorous enclosure of J and the
// certified σ_min ladder (see expressivity.cpp).
#include <algorithm>

#include <fmt/format.h>

#include "duplicates.hpp"
#include "jacobian_checks.hpp"
#include "nncert/theory/shortfall.hpp"
#include "nncert/numeric/errors.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

class JacobianRank final : public theory::Verifier {
 public:
  std::string_view name() const override { return "jacobian_rank"; }
  std::string_view description() const override { return "full row rank of the Jacobian at initialisation"; }
  // Problem-settable: full row rank of J_S for any S implies it for J, whose columns include J_S.
  std::vector<std::string_view> problem_options() const override { return {"block"}; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const auto j = model_jacobian(c, block_parameter(c, model_blocks(c), "all"));
    theory::Finding f;
    f.quantity = "sigma_min(J(theta_0))";
    if (!j) {
      f.reason = "no rigorous Jacobian enclosure for this model kind yet";
      return f;
    }
    if (j->mid.cols() < j->mid.rows()) {
      f.verdict = Verdict::refuted;
      f.enclosure = certified(0, 0, "structural");
      f.method = "structural: rank J <= p";
      f.reason = fmt::format("J is {} with fewer columns than rows", shape(j->mid));
      f.details[theory::kWhatWouldChange] = fmt::format("at least {} parameters (a wider layer), or at most {} samples",
                                                        j->mid.rows(), std::max<Index>(1, j->mid.cols() / std::max<Index>(1, c.data.k())));
      return f;
    }
    if (const auto pair = first_identical_rows(c.data.X)) {
      f.verdict = Verdict::refuted;
      f.enclosure = certified(0, 0, "structural");
      f.method = "structural: identical inputs give identical Jacobian rows";
      f.reason = fmt::format("inputs {} and {} are identical", pair->first, pair->second);
      f.details[theory::kWhatWouldChange] = fmt::format("remove the duplicate input {} (keep input {})", pair->second, pair->first);
      return f;
    }
    theory::Finding r = full_row_rank_finding(*j, f.quantity);
    add_rank_remedy(c, r);
    return r;
  }
};

const theory::VerifierRegistration<JacobianRank> registration;

}  // namespace
}  // namespace nncert::verifiers
