// Gradient flow dθ_S/dt = −w·∇_S L by Boost.Odeint's Dormand–Prince 5(4) with error control,
// stepping exactly onto the record times.
#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

#include <boost/numeric/odeint.hpp>

#include "engine.hpp"

namespace nncert::train::detail {

SegmentEnd run_gradient_flow(Context& ctx, const TrainedSet& set, double eta) {
  namespace odeint = boost::numeric::odeint;
  using State = std::vector<double>;

  const Index steps = ctx.config.steps;
  std::vector<double> times;
  std::vector<Index> step_of_time;
  for (Index s = 0; s < steps; s += ctx.record_every) {
    times.push_back(static_cast<double>(s) * eta);
    step_of_time.push_back(s);
  }
  times.push_back(static_cast<double>(steps) * eta);
  step_of_time.push_back(steps);

  VecD theta = ctx.model.params();
  SetEvaluator evaluate_set(ctx.model, set, ctx.X, ctx.Y);
  const VecD start_s = set.gather(theta);
  State x(start_s.data(), start_s.data() + start_s.size());

  // Right-hand side: f(θ_S) = −w·∇_S L(θ_S, θ_rest).
  // The output step at or below time t (rows are at t_k = k·record_every·η).
  const auto step_below = [&](double t) {
    const auto it = std::upper_bound(times.begin(), times.end(), t);
    return step_of_time[static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, (it - times.begin()) - 1))];
  };
  const auto rhs = [&](const State& state, State& dxdt, double t) {
    set.scatter(Eigen::Map<const VecD>(state.data(), static_cast<Index>(state.size())), theta);
    const auto e = evaluate_set(theta);
    ++ctx.evaluations;
    ctx.trajectory.step_losses.push_back({step_below(t), t, 0, e.loss});
    const VecD& g = e.gradient_s;
    dxdt.resize(state.size());
    for (std::size_t i = 0; i < state.size(); ++i) dxdt[i] = -ctx.metric_weight * g(static_cast<Index>(i));
  };

  SegmentEnd out;
  VecD last_observed = theta;
  std::size_t observed = 0;
  bool diverged = false;
  const auto observer = [&](const State& state, double t) {
    set.scatter(Eigen::Map<const VecD>(state.data(), static_cast<Index>(state.size())), theta);
    Evaluation e = evaluate_set(theta);
    ++ctx.evaluations;
    ctx.trajectory.step_losses.push_back({step_of_time[observed], t, 0, e.loss});
    ctx.model.set_params(theta);  // the evaluator may not have touched the model; record reads it
    if (!std::isfinite(e.loss) || !e.gradient_s.allFinite()) {
      diverged = true;
      throw std::runtime_error("non-finite loss at t = " + std::to_string(t));
    }
    const Index step = step_of_time[observed];
    const bool last = observed + 1 == times.size();
    record(ctx, set, e, step, t, 0, last);
    last_observed = theta;
    if (observed == 0) out.start = e;
    out.end = std::move(e);
    out.time = t;
    ++observed;
    if (ctx.progress) ctx.progress(step, steps, out.end.loss);
  };

  const auto stepper =
      odeint::make_controlled(ctx.config.atol, ctx.config.rtol, odeint::runge_kutta_dopri5<State>());
  // First trial step: a fraction of the record interval (the controller adapts it).
  const double dt0 = std::max(eta, 1e-300) * 0.1;
  const int max_steps = static_cast<int>(std::min<Index>(100000000, std::max<Index>(10000, 1000 * ctx.record_every)));
  try {
    odeint::integrate_times(stepper, rhs, x, times.begin(), times.end(), dt0, observer,
                            odeint::max_step_checker(max_steps));
  } catch (const std::exception& e) {
    // A non-finite state or a step-size controller that cannot make progress: keep the last
    // recorded state and report it.
    diverged = true;
    ctx.trajectory.notes.push_back(std::string("gradient flow stopped: ") + e.what());
    ctx.model.set_params(last_observed);
  }
  out.diverged = diverged;
  return out;
}

}  // namespace nncert::train::detail
