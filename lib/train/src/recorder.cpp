// One trajectory row from the current θ and its evaluation.
#include <algorithm>
#include <cmath>

#include "engine.hpp"

namespace nncert::train::detail {
namespace {

// Fraction of rows classified correctly, or kNotRecorded for regression targets or a non-finite f.
double accuracy_or_none(const MatD& f, const MatD& Y, data::TargetKind kind) {
  if (kind == data::TargetKind::regression || !f.allFinite()) return kNotRecorded;
  return data::accuracy(f, Y).value_or(kNotRecorded);
}

// Training accuracy, test loss and test accuracy at the model's current θ.
void record_generalisation(const Context& ctx, TrajectoryRow& row) {
  if (ctx.target_kind != data::TargetKind::regression)
    row.train_accuracy = accuracy_or_none(ctx.model.forward(ctx.X), ctx.Y, ctx.target_kind);
  if (ctx.test != nullptr) {
    const MatD f = ctx.model.forward(ctx.test->X);
    // The training loss's convention, (1/(2m))‖f − Y‖_F², on the m test rows.
    row.test_loss = (f - ctx.test->Y).squaredNorm() / (2.0 * static_cast<double>(ctx.test->n()));
    row.test_accuracy = accuracy_or_none(f, ctx.test->Y, data::classify_targets(ctx.test->Y));
  }
}

}  // namespace

void record(Context& ctx, const TrainedSet& set, const Evaluation& e, Index step, double time, int phase,
            bool force_gram) {
  TrajectoryRow row;
  row.step = step;
  row.time = time;
  row.phase = phase;
  row.loss = e.loss;
  const VecD& gs = e.gradient_s;
  row.grad_norm_sq = ctx.metric_weight * gs.squaredNorm();  // ‖∇_S L‖²_w = w‖∇_S L‖²
  row.pl_ratio = e.loss > 0 ? row.grad_norm_sq / e.loss : kNotRecorded;
  const VecD& theta = ctx.model.params();
  row.distance_from_init = (theta - ctx.theta0).norm() / std::sqrt(ctx.metric_weight);

  const Index index = ctx.rows_recorded++;
  const bool gram_due = ctx.config.gram_every > 0 && (force_gram || index % ctx.config.gram_every == 0);
  const bool certify_due = ctx.config.certify_every > 0 && index % ctx.config.certify_every == 0;
  if (gram_due) {
    const auto spectrum = gram_spectrum(set.gram(ctx.model, ctx.X));
    row.lambda_min_gram = spectrum.lambda_min;
    row.lambda_max_gram = spectrum.lambda_max;
  }
  if (certify_due || ctx.monitor_daa) {
    const MatD j = set.jacobian(ctx.model, ctx.X);
    if (certify_due) {
      if (auto lower = certified_lambda_min(j)) {
        row.lambda_min_certified = *lower;
        row.lambda_min_certified_ok = true;
      }
    }
    if (ctx.monitor_daa) row.daa_residual = daa_residual(j, ctx.Y);
  }
  if (ctx.nodes) {
    const auto& nl = *ctx.nodes;
    double max = 0, sum = 0;
    for (Index j = 0; j < nl.nodes; ++j) {
      const double m = (theta.segment(nl.offset + j * nl.dim, nl.dim) -
                        ctx.theta0.segment(nl.offset + j * nl.dim, nl.dim))
                           .norm();
      max = std::max(max, m);
      sum += m;
    }
    row.node_movement_max = max;
    row.node_movement_mean = nl.nodes > 0 ? sum / static_cast<double>(nl.nodes) : 0.0;
  }
  record_generalisation(ctx, row);
  ctx.trajectory.rows.push_back(row);
}

}  // namespace nncert::train::detail
