#include "nncert/theory/strength.hpp"

#include <cmath>

#include <fmt/format.h>

namespace nncert::theory {

std::string_view to_string(StrengthGrade grade) {
  switch (grade) {
    case StrengthGrade::meaningful: return "meaningful";
    case StrengthGrade::weak: return "weak";
    case StrengthGrade::vacuous: return "vacuous";
    case StrengthGrade::none: return "none";
  }
  return "none";
}

Strength grade_strength(const Prediction& p, const ComparedRun& run) {
  if (p.heuristic) return {StrengthGrade::none, "a heuristic envelope, not a guarantee: " + p.reason};
  if (!p.applicable) return {StrengthGrade::none, "nothing is guaranteed for this run: " + (p.reason.empty() ? std::string("no prediction") : p.reason)};
  // A guarantee that starts where the work is already done says nothing about the work. Both losses
  // are recorded doubles; the comparison is of what the run shows, not a proof.
  if (run.run_initial_loss > 0 && run.phase_start_loss < 1e-6 * run.run_initial_loss)
    return {StrengthGrade::vacuous,
            fmt::format("the certified phase starts at L = {:.3g} = {:.2g}·L_0 of the run (below 10^-6·L_0): an uncertified "
                        "earlier phase did the work",
                        run.phase_start_loss, run.phase_start_loss / run.run_initial_loss)};
  if (p.kind == "global-minimum")
    return {StrengthGrade::weak, "the theorem promises a global minimum without a rate: it never says when training gets there"};
  const std::string unit = p.kind == "exponential-decay" ? "units of flow time" : "steps";
  const double h = p.horizon_1e3;
  if (!std::isfinite(h))
    return {StrengthGrade::vacuous, "the certified envelope never reaches 10^-3·L_0 (rate enclosure reaches 1)"};
  if (!(run.length > 0))
    return {StrengthGrade::vacuous, fmt::format("the envelope reaches 10^-3·L_0 after {:.3g} {}, and the compared run has no length", h, unit)};
  const double ratio = h / run.length;
  if (ratio <= 1)
    return {StrengthGrade::meaningful, fmt::format("the envelope reaches 10^-3·L_0 after at most {:.3g} {}, within the run's {:.3g}", h, unit, run.length)};
  if (ratio <= 100)
    return {StrengthGrade::weak, fmt::format("the envelope reaches 10^-3·L_0 only after {:.3g} {}, {:.3g}x the run's {:.3g}", h, unit, ratio, run.length)};
  return {StrengthGrade::vacuous,
          fmt::format("the envelope reaches 10^-3·L_0 only after {:.3g} {}, {:.3g}x the run's {:.3g} (more than 100x): true, and useless as a forecast",
                      h, unit, ratio, run.length)};
}

}  // namespace nncert::theory
