#include "nncert/theory/prediction.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::theory {
namespace {

linalg::Enclosure enclosure_of(const Interval& x, const std::string& method) {
  return {x.lower(), x.upper(), true, method, 53};
}

// Upper bound of the first step t >= 0 with envelope(t) <= 1e-3·L_0^up, from
// rate^t <= 1e-3  <=>  t >= log(1e-3)/log(rate) (rate < 1), computed with enclosures.
double horizon_linear(const Interval& rate) {
  if (!(rate.upper() < 1)) return kInf;
  const Interval t = nncert::log(Interval(1e-3 * (1 - 1e-15), 1e-3 * (1 + 1e-15))) / nncert::log(point(rate.upper()));
  return std::ceil(t.upper());
}

double horizon_exponential(const Interval& rate) {
  if (!(rate.lower() > 0)) return kInf;
  const Interval t = -nncert::log(Interval(1e-3 * (1 - 1e-15), 1e-3 * (1 + 1e-15))) / point(rate.lower());
  return t.upper();
}

// nullopt when the conclusion is about the finite net trained; else why the prediction is only a
// heuristic for it: an infinite-width theorem covers a finite net only above its width condition,
// which needs a certified width bound with a known constant.
std::optional<std::string> width_shortfall(const ConclusionSpec& c, const std::map<std::string, Interval>& q) {
  if (c.regime != "infinite-width") return std::nullopt;
  std::string required = "unknown";
  bool met = false;
  try {
    if (c.width_required) {
      const Interval w = c.width_required->evaluate(q);
      required = fmt::format("{:.3g}", w.upper());
      const auto width = q.find("width");
      met = width != q.end() && width->second.lower() >= w.upper();
    }
  } catch (const InvalidInput&) {
    // A quantity of the width condition is missing: the condition is then not certified.
  }
  const auto width = q.find("width");
  const std::string actual = width == q.end() ? std::string("unknown") : fmt::format("{:.0f}", width->second.lower());
  if (met && c.width_constant_known) return std::nullopt;
  return fmt::format(
      "heuristic: an infinite-width theorem; its rate holds for a finite net only above the width m >= C * {} = C * {} "
      "(C {}), this net has width {}{}",
      c.width_required ? c.width_required->text() : std::string("?"), required,
      c.width_constant_known ? "known" : "a constant the paper leaves unspecified", actual,
      met || c.width_constant_known ? "" : ", so the width condition cannot be certified");
}

}  // namespace

double Prediction::envelope(double t) const {
  if (!applicable && !heuristic) return kInf;
  if (kind == "linear-rate") {
    // L_t <= L_0 · rate^t with rate ∈ [lo, up], 0 <= lo: monotone in rate, so use rate^up.
    return (point(initial_loss.upper()) * nncert::pow(point(rate.upper()), point(t))).upper();
  }
  if (kind == "exponential-decay") {
    return (point(initial_loss.upper()) * nncert::exp(-point(rate.lower()) * point(t))).upper();
  }
  return kInf;
}

Prediction predict(const Theorem& theorem, const std::vector<Finding>& findings,
                   const std::map<std::string, Interval>& run_quantities, const ProtocolBinding& protocol) {
  const ConclusionSpec& c = theorem.conclusion;
  Prediction p;
  p.kind = c.kind;
  p.statement = c.statement;
  p.floor = c.floor;
  p.target = c.target;
  if (c.rate)
    p.formula = c.kind == "linear-rate" ? fmt::format("L_t <= L_0 * ({})^t", c.rate->text())
                                         : fmt::format("L(t) <= L_0 * exp(-({}) * t)", c.rate->text());
  else
    p.formula = "every limit point of training is a global minimum";

  std::map<std::string, Interval> quantities = run_quantities;
  std::set<std::string> uncertified;
  for (const auto& f : findings)
    for (const auto& [name, e] : f.constants) {
      if (e.certified && f.verdict == Verdict::certified)
        quantities[name] = Interval(e.lower, e.upper);
      else
        uncertified.insert(name);
    }
  for (const auto& f : findings)
    if (f.verdict != Verdict::certified) {
      p.reason = fmt::format("hypothesis '{}' is {}: the theorem promises nothing", f.hypothesis_id, to_string(f.verdict));
      return p;
    }
  if (const auto l0 = quantities.find("L0"); l0 != quantities.end()) p.initial_loss = l0->second;
  // The conclusion is a theorem about one training protocol: it says nothing about another.
  if (!protocol.bound) {
    p.reason = "the training protocol was not compared with the one the conclusion covers";
    return p;
  }
  if (protocol.mismatch) {
    p.reason = "the run is not what the theorem covers: " + *protocol.mismatch;
    return p;
  }
  // The verifiers certify their constants at θ0; a compared phase that starts elsewhere (after a
  // first phase or a perturbation) is not covered by them, unless a verifier certified its constants
  // at that phase's start (it then reports `phase2_start_offset` = ||θ_start − θ0||, e.g. by replaying
  // phase 1): the run's offset must then lie in that enclosure (one ulp either side of the norm).
  const auto certified_start = quantities.find("phase2_start_offset");
  if (const auto offset = quantities.find("start_offset"); offset != quantities.end() && certified_start != quantities.end()) {
    // No tolerance: a deterministic replay gives the bit-identical θ_τ and so the same norm; any other
    // point must not inherit constants certified elsewhere.
    if (!(offset->second.lower() >= certified_start->second.lower() &&
          offset->second.upper() <= certified_start->second.upper())) {
      p.reason = fmt::format("the constants are certified where ||theta - theta_0|| = {:.17g}, but the compared phase starts at {:.17g}",
                             certified_start->second.upper(), offset->second.upper());
      return p;
    }
  } else if (offset != quantities.end() && !(offset->second.upper() <= 0)) {
    p.reason = fmt::format("the constants are certified at theta_0, but the compared phase starts at ||theta - theta_0|| = {:.3g}",
                           offset->second.upper());
    return p;
  }
  if (!c.rate) {
    p.applicable = true;
    return p;
  }
  for (const auto& name : c.rate->names()) {
    if (uncertified.count(name) != 0) {
      p.reason = fmt::format("constant '{}' is not certified", name);
      return p;
    }
    if (quantities.count(name) == 0) {
      p.reason = fmt::format("constant '{}' is not provided by any verifier or by the run", name);
      return p;
    }
  }
  const auto l0 = quantities.find("L0");
  if (l0 == quantities.end()) {
    p.reason = "the initial loss L0 is unknown";
    return p;
  }
  p.initial_loss = l0->second;
  try {
    p.rate = c.rate->evaluate(quantities);
  } catch (const InvalidInput& e) {
    p.reason = fmt::format("the rate cannot be enclosed: {}", e.what());
    return p;
  }
  for (const auto& name : c.rate->names()) p.constants[name] = enclosure_of(quantities[name], "interval");
  for (const auto& [name, expr] : c.constants) {
    try {
      p.constants[name] = enclosure_of(expr.evaluate(quantities), "interval");
    } catch (const InvalidInput&) {
      // A reported-only constant may need quantities this run lacks; it is then left out.
    }
  }
  p.constants["rate"] = enclosure_of(p.rate, "interval");
  for (const auto& condition : c.conditions) {
    bool bound = true;
    for (const auto& name : condition.names()) bound = bound && quantities.count(name) != 0;
    Interval value(-kInf, kInf);
    try {
      if (bound) value = condition.evaluate(quantities);
    } catch (const InvalidInput&) {
      // e.g. a division by an enclosure containing 0: the condition is then not certified.
    }
    if (!(value.lower() >= 0)) {
      p.reason = fmt::format("side condition {} >= 0 is not certified (enclosure {})", condition.text(),
                             bound ? nncert::to_string(value) : std::string("unknown"));
      // Not even a heuristic then; say also what the width condition is.
      if (const auto why = width_shortfall(c, quantities)) p.reason += "; moreover, " + *why;
      return p;
    }
  }
  if (c.kind == "linear-rate" && !(p.rate.lower() >= 0)) {
    p.reason = fmt::format("the rate {} may be negative (step size too large for the theorem)", nncert::to_string(p.rate));
    return p;
  }
  p.horizon_1e3 = c.kind == "linear-rate" ? horizon_linear(p.rate) : horizon_exponential(p.rate);
  p.vacuous = !(p.horizon_1e3 <= 1e9);
  if (const auto why = width_shortfall(c, quantities)) {
    p.heuristic = true;
    p.reason = *why + ": the envelope is shown for information and decides nothing";
    return p;
  }
  if (!c.assumes.empty()) {
    std::string assumed;
    for (const auto& a : c.assumes) assumed += (assumed.empty() ? "" : "; ") + a;
    p.heuristic = true;
    p.reason = fmt::format("heuristic: the rate's derivation assumes {} along the run, which no verifier certifies: "
                           "the envelope is shown for information and decides nothing", assumed);
    return p;
  }
  p.applicable = true;
  return p;
}

std::string_view to_string(ConfirmationVerdict verdict) {
  switch (verdict) {
    case ConfirmationVerdict::confirmed: return "confirmed";
    case ConfirmationVerdict::violated: return "violated";
    case ConfirmationVerdict::not_reached: return "not reached";
    case ConfirmationVerdict::not_applicable: return "not applicable";
  }
  return "not applicable";
}

Confirmation confirm(const Prediction& prediction, const std::vector<double>& steps, const std::vector<double>& losses) {
  Confirmation out;
  if (steps.size() != losses.size()) throw InvalidInput("confirm: steps and losses differ in length");
  if (!prediction.applicable && !prediction.heuristic) {
    out.reason = prediction.reason.empty() ? "no prediction" : prediction.reason;
    return out;
  }
  if (prediction.kind == "global-minimum") {
    // No rate: the run confirms that training reached the promised global minimum (loss 0) to the
    // stated target, a numerical observation rather than a proof.
    // Without a rate nothing says WHEN the target is reached, so a run that stops above it (or
    // diverges at a step size the theorem does not speak about) contradicts nothing: not reached.
    if (losses.empty()) {
      out.verdict = ConfirmationVerdict::not_reached;
      out.reason = "no recorded loss: the run is too short to compare";
      return out;
    }
    out.points_compared = 1;
    const double goal = prediction.target * prediction.initial_loss.upper();
    out.worst_ratio = losses.back() / goal;
    if (losses.back() <= goal) {
      out.verdict = ConfirmationVerdict::confirmed;
      out.reason = fmt::format("final loss {:.6g} <= target {:.3g}·L_0 = {:.6g}", losses.back(), prediction.target, goal);
    } else {
      out.verdict = ConfirmationVerdict::not_reached;
      out.reason = std::isnan(losses.back())
                       ? std::string("the loss became NaN (the run diverged): the theorem gives no rate and no step-size "
                                     "condition this run can contradict; train with a smaller step to compare")
                       : fmt::format("final loss {:.6g} > target {:.3g}·L_0 = {:.6g}: the theorem gives no rate, so a run "
                                     "that stops short of the target contradicts nothing; train longer to compare",
                                     losses.back(), prediction.target, goal);
    }
    return out;
  }
  const double floor = prediction.floor * prediction.initial_loss.lower();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!(losses[i] >= floor)) continue;  // also skips NaN: reported below
    const double bound = prediction.envelope(steps[i]);
    const double ratio = losses[i] / bound;
    ++out.points_compared;
    out.worst_ratio = std::max(out.worst_ratio, ratio);
    if (losses[i] > bound && !out.first_violation) out.first_violation = steps[i];
  }
  const bool nan = std::any_of(losses.begin(), losses.end(), [](double l) { return std::isnan(l); });
  if (prediction.heuristic) {
    // Information only: a heuristic envelope neither confirms nor violates a theorem.
    out.reason = fmt::format("heuristic envelope, for information only: the loss {} it ({} points, worst observed/predicted {:.6g}{})",
                             nan ? "became NaN against" : out.first_violation ? "crossed" : "stayed within",
                             out.points_compared, out.worst_ratio,
                             out.first_violation ? fmt::format(", first crossing at {}", *out.first_violation) : "");
    return out;
  }
  if (nan) {
    out.verdict = ConfirmationVerdict::violated;
    out.reason = "the loss became NaN";
    return out;
  }
  if (out.points_compared == 0) {
    out.verdict = ConfirmationVerdict::not_reached;
    out.reason = fmt::format("no point of the compared phase is above the comparison floor {:.3g}·L_0: nothing to compare", prediction.floor);
    return out;
  }
  if (out.first_violation) {
    out.verdict = ConfirmationVerdict::violated;
    out.reason = fmt::format("loss above the envelope at step {} (worst observed/predicted {:.6g})", *out.first_violation, out.worst_ratio);
  } else {
    out.verdict = ConfirmationVerdict::confirmed;
    out.reason = fmt::format("loss within the envelope at all {} compared points (worst observed/predicted {:.6g})",
                             out.points_compared, out.worst_ratio);
  }
  return out;
}

}  // namespace nncert::theory
