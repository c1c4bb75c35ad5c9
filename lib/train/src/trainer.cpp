// train(): the algorithms and recipes of trainer.hpp on top of the GD segment and the gradient flow.
#include "nncert/train/trainer.hpp"

#include <cmath>
#include <limits>

#include <Eigen/Core>
#include <fmt/format.h>
#include <omp.h>

#include "engine.hpp"
#include "nncert/data/random.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"
#include "nncert/train/pruning.hpp"
#include "nncert/train/step_size.hpp"

namespace nncert::train {
namespace {

using detail::Context;
using detail::SegmentEnd;
using detail::TrainedSet;

// Sets the Eigen/OpenMP thread count for the run and restores it afterwards.
class ThreadScope {
 public:
  explicit ThreadScope(int threads) : eigen_(Eigen::nbThreads()), omp_(omp_get_max_threads()) {
    if (threads > 0) {
      Eigen::setNbThreads(threads);
      omp_set_num_threads(threads);
    }
  }
  ~ThreadScope() {
    Eigen::setNbThreads(eigen_);
    omp_set_num_threads(omp_);
  }
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;

 private:
  int eigen_, omp_;
};

void check_shapes(const models::Model<double>& model, const MatD& X, const MatD& Y) {
  if (X.rows() == 0) throw InvalidInput("train: the data set is empty");
  if (X.rows() != Y.rows())
    throw InvalidInput(fmt::format("train: X has {} rows but Y has {}", X.rows(), Y.rows()));
  if (X.cols() != model.input_dim())
    throw InvalidInput(fmt::format("train: X has {} columns, the model expects input dimension {}",
                                   X.cols(), model.input_dim()));
  if (Y.cols() != model.output_dim())
    throw InvalidInput(fmt::format("train: Y has {} columns, the model has {} outputs", Y.cols(),
                                   model.output_dim()));
  if (!X.allFinite() || !Y.allFinite()) throw InvalidInput("train: X or Y holds NaN or Inf");
}

void check_test_shapes(const models::Model<double>& model, const data::HeldOut& test) {
  if (test.n() == 0) throw InvalidInput("train: the test split is empty");
  if (test.X.cols() != model.input_dim() || test.Y.cols() != model.output_dim() || test.Y.rows() != test.n())
    throw InvalidInput(fmt::format("train: the test split is {}x{} with {}x{} targets; the model maps {} to {}",
                                   test.X.rows(), test.X.cols(), test.Y.rows(), test.Y.cols(), model.input_dim(),
                                   model.output_dim()));
  if (!test.X.allFinite() || !test.Y.allFinite()) throw InvalidInput("train: the test split holds NaN or Inf");
}

// η given, or 1/(2β) from the smoothness estimate at the model's current θ; records the rule.
double choose_step(Context& ctx, const TrainedSet& set, const char* where, std::string& rule) {
  if (ctx.config.step_size) {
    rule = "given";
    return *ctx.config.step_size;
  }
  const auto estimate =
      estimate_smoothness(ctx.model, ctx.X, ctx.Y, set.name, ctx.metric_weight, ctx.config.seed);
  ctx.evaluations += 2 * estimate.power_iterations;
  rule = describe_step_rule(estimate, where);
  return step_size_from(estimate);
}

// θ_i += s·ξ_i, ξ ~ N(0, I) drawn for every parameter in θ order (so the draws do not depend on the
// target), applied where `target` says.
void perturb(models::Model<double>& model, const TrainedSet& set, PerturbTarget target, double scale,
             std::uint64_t seed) {
  data::Rng rng(seed);
  VecD theta = model.params();
  for (Index i = 0; i < theta.size(); ++i) {
    const double xi = rng.normal();
    const bool in_block = set.contains(i);
    if (target == PerturbTarget::all || (target == PerturbTarget::block) == in_block)
      theta(i) += scale * xi;
  }
  model.set_params(theta);
}

Outcome classify(const Context& ctx, const TrainedSet& set, const SegmentEnd& seg) {
  if (seg.diverged) return Outcome::diverged;
  const double l0 = seg.start.loss, l1 = seg.end.loss;
  if (l1 <= 1e-12 * l0 || l1 == 0) return Outcome::loss_vanished;
  const Index rows = ctx.X.rows() * ctx.model.output_dim();
  bool deficient = set.size < rows;  // rank J_S <= |S| < n·k: structural
  if (!ctx.trajectory.rows.empty()) {
    const auto& last = ctx.trajectory.rows.back();
    // Numerical-rank reading of the estimated spectrum: λ_min <= 100·(n·k)·u·λ_max.
    if (!std::isnan(last.lambda_min_gram) &&
        last.lambda_min_gram <= 100.0 * static_cast<double>(rows) * kUnitRoundoff * last.lambda_max_gram)
      deficient = true;
  }
  if (deficient) return Outcome::plateau_rank_deficient;
  const double g0 = seg.start.gradient_s.squaredNorm();
  const double g1 = seg.end.gradient_s.squaredNorm();
  if (g1 <= 1e-24 * g0) return Outcome::stationary;
  return Outcome::step_limit;
}

SegmentEnd single_phase(Context& ctx, const std::string& default_block, bool flow) {
  Trajectory& traj = ctx.trajectory;
  const TrainedSet set = detail::trained_set(ctx.model, ctx.config.block.value_or(default_block));
  if (!ctx.config.block) traj.notes.push_back("block: '" + default_block + "' (default)");
  traj.block = set.name;
  traj.step_size = choose_step(ctx, set, "theta0", traj.step_size_rule);
  SegmentEnd end = flow ? detail::run_gradient_flow(ctx, set, traj.step_size)
                        : detail::run_gd(ctx, set, traj.step_size, 0, ctx.config.steps, 0.0, 0, true);
  traj.outcome = classify(ctx, set, end);
  return end;
}

// docs/problem-files.md#train-the-reference-trainer (the two-phase and alignment-framework recipes): our readings, see trainer.hpp.
SegmentEnd two_phase(Context& ctx, bool alignment) {
  Trajectory& traj = ctx.trajectory;
  const TrainConfig& config = ctx.config;
  const Index tau = config.tau.value_or(config.steps / 2);
  if (!config.tau) traj.notes.push_back(fmt::format("tau = steps/2 = {} (default)", tau));
  traj.tau = tau;
  const TrainedSet all = detail::trained_set(ctx.model, "all");
  const TrainedSet block = detail::trained_set(ctx.model, config.block.value_or("output"));
  if (!config.block) traj.notes.push_back("phase-2 block: 'output' (default)");
  traj.block = block.name;

  traj.step_size = choose_step(ctx, all, "theta0 (phase 1, all parameters)", traj.step_size_rule);
  SegmentEnd phase1 = detail::run_gd(ctx, all, traj.step_size, 0, tau, 0.0, 1, true);
  if (phase1.diverged) {
    traj.outcome = Outcome::diverged;
    return phase1;
  }

  // The switch.
  if (alignment) {
    constexpr double kDaaTolerance = 1e-8;
    constexpr int kAttempts = 10;
    const VecD at_tau = ctx.model.params();
    double rho = detail::daa_residual(block.jacobian(ctx.model, ctx.X), ctx.Y);
    traj.notes.push_back(fmt::format("DAA residual at tau: {:.6g}", rho));
    for (int attempt = 0; rho > kDaaTolerance && config.perturbation_scale > 0 && attempt < kAttempts;
         ++attempt) {
      ctx.model.set_params(at_tau);
      perturb(ctx.model, block, config.perturb, config.perturbation_scale, config.seed + attempt);
      rho = detail::daa_residual(block.jacobian(ctx.model, ctx.X), ctx.Y);
      traj.notes.push_back(fmt::format("perturbation {} (seed {}, scale {:.6g}, on {}): DAA residual {:.6g}",
                                       attempt + 1, config.seed + attempt, config.perturbation_scale,
                                       to_string(config.perturb), rho));
    }
    ctx.monitor_daa = true;
  } else if (config.perturbation_scale > 0) {
    perturb(ctx.model, block, config.perturb, config.perturbation_scale, config.seed);
    traj.notes.push_back(fmt::format("switch at tau = {}: Gaussian perturbation, scale {:.6g}, seed {}, on {}",
                                     tau, config.perturbation_scale, config.seed, to_string(config.perturb)));
  } else {
    traj.notes.push_back("switch at tau: no perturbation (perturbation_scale = 0)");
  }

  traj.phase2_step_size = choose_step(ctx, block, "the perturbed switch point (phase 2, block only)",
                                      traj.phase2_step_size_rule);
  SegmentEnd phase2 = detail::run_gd(ctx, block, traj.phase2_step_size, tau, config.steps - tau,
                                     phase1.time, 2, true);
  traj.outcome = classify(ctx, block, phase2);
  return phase2;
}

}  // namespace

Trajectory train(models::Model<double>& model, const MatD& X, const MatD& Y, const TrainConfig& config,
                 const ProgressCallback& progress, const data::HeldOut* test) {
  check_shapes(model, X, Y);
  if (test != nullptr) check_test_shapes(model, *test);
  if (config.steps < 1) throw InvalidInput("[train].steps must be >= 1");
  if (config.tau && *config.tau > config.steps) throw InvalidInput("[train].tau must be <= steps");
  const ThreadScope threads(config.threads);

  Trajectory traj;
  traj.algorithm = std::string(to_string(config.algorithm));
  traj.steps = config.steps;
  traj.threads = Eigen::nbThreads();
  traj.initial_params = model.params();

  Context ctx(model, X, Y, config, progress, traj);
  ctx.record_every = config.record_every > 0 ? config.record_every : std::max<Index>(1, config.steps / 100);
  if (config.record_every == 0)
    traj.notes.push_back(fmt::format("record_every = max(1, steps/100) = {} (default)", ctx.record_every));
  ctx.nodes = detail::node_layout(model);
  ctx.test = test;
  ctx.target_kind = data::classify_targets(Y);
  traj.test_rows = test != nullptr ? test->n() : 0;

  switch (config.algorithm) {
    case Algorithm::gd:
      single_phase(ctx, "all", false);
      break;
    case Algorithm::gradient_flow:
      single_phase(ctx, "all", true);
      break;
    case Algorithm::node_scaled:
      if (model.kind() != "scaled-shallow" || !ctx.nodes)
        throw InvalidInput("[train].algorithm = \"node-scaled\" needs [model] kind = \"scaled-shallow\", got \"" +
                           model.kind() + "\"");
      single_phase(ctx, "all", false);
      break;
    case Algorithm::rff_resnet_gd:
    case Algorithm::rff_resnet_flow:
      if (model.kind() != "rff-resnet")
        throw InvalidInput(fmt::format("[train].algorithm = \"{}\" needs [model] kind = \"rff-resnet\", got \"{}\"",
                                       to_string(config.algorithm), model.kind()));
      ctx.metric_weight = static_cast<double>(detail::rff_depth(model));
      traj.notes.push_back(fmt::format(
          "L2 geometry: update Theta_k -= eta*L*dF/dTheta_k with L = {}; norms: |grad|^2 = L*|dF/dtheta|^2, "
          "|theta - theta0| = |.|_F/sqrt(L)",
          ctx.metric_weight));
      single_phase(ctx, "all", config.algorithm == Algorithm::rff_resnet_flow);
      break;
    case Algorithm::kawaguchi_sun_two_phase:
      two_phase(ctx, false);
      break;
    case Algorithm::alignment_framework:
      two_phase(ctx, true);
      break;
  }

  traj.gradient_evaluations = ctx.evaluations;
  traj.final_params = model.params();
  if (ctx.nodes) {
    const auto& nl = *ctx.nodes;
    traj.node_movement.resize(nl.nodes);
    for (Index j = 0; j < nl.nodes; ++j)
      traj.node_movement(j) = (traj.final_params.segment(nl.offset + j * nl.dim, nl.dim) -
                               traj.initial_params.segment(nl.offset + j * nl.dim, nl.dim))
                                  .norm();
    traj.node_scale = nl.scale;
  }
  if (!config.prune_keep.empty()) traj.pruning = evaluate_pruned(model, X, Y, test, config.prune_keep);
  return traj;
}

}  // namespace nncert::train
