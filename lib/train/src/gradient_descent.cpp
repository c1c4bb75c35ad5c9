// Fixed-step full-batch gradient descent on a parameter set.
#include <cmath>

#include "engine.hpp"

namespace nncert::train::detail {
namespace {

bool finite_loss(const Evaluation& e) {
  return std::isfinite(e.loss) && e.loss <= 1e300 && e.gradient_s.allFinite();
}

}  // namespace

SegmentEnd run_gd(Context& ctx, const TrainedSet& set, double eta, Index first, Index count, double t0,
                  int phase, bool record_start) {
  SegmentEnd out;
  out.time = t0;
  VecD theta = ctx.model.params();
  SetEvaluator evaluate_set(ctx.model, set, ctx.X, ctx.Y);
  out.start = evaluate_set(theta);
  ++ctx.evaluations;
  ctx.trajectory.step_losses.push_back({first, t0, phase, out.start.loss});
  if (!finite_loss(out.start)) {
    out.diverged = true;
    out.end = out.start;
    return out;
  }
  if (record_start) record(ctx, set, out.start, first, t0, phase, true);  // phase starts: always the spectrum
  Evaluation current = out.start;
  const double step = eta * ctx.metric_weight;  // θ_S ← θ_S − η·w·∇_S L
  for (Index s = 0; s < count; ++s) {
    const VecD previous_s = set.gather(theta);
    set.add_scaled(-step, current.gradient_s, theta);
    Evaluation next = evaluate_set(theta);
    ++ctx.evaluations;
    ctx.trajectory.step_losses.push_back({first + s + 1, t0 + static_cast<double>(s + 1) * eta, phase, next.loss});
    if (!finite_loss(next)) {
      // Keep the last finite state; the caller records it and reports divergence.
      set.scatter(previous_s, theta);
      ctx.trajectory.notes.push_back("diverged at step " + std::to_string(first + s + 1) +
                                     ": the loss became non-finite or exceeded 1e300");
      out.diverged = true;
      ctx.model.set_params(theta);
      const auto& rows = ctx.trajectory.rows;
      if (rows.empty() || rows.back().step != first + s || rows.back().phase != phase)
        record(ctx, set, current, first + s, out.time, phase, true);
      out.end = std::move(current);
      return out;
    }
    current = std::move(next);
    out.time = t0 + static_cast<double>(s + 1) * eta;
    const Index global = first + s + 1;
    const bool last = s + 1 == count;
    if (global % ctx.record_every == 0 || last) {
      ctx.model.set_params(theta);  // the evaluator may not have touched the model
      record(ctx, set, current, global, out.time, phase, last);
    }
    if (ctx.progress) ctx.progress(global, ctx.config.steps, current.loss);
  }
  ctx.model.set_params(theta);
  out.end = std::move(current);
  return out;
}

}  // namespace nncert::train::detail
