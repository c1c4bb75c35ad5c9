#pragma once
// What the trainer records (docs/design.md#data-flow-of-nncert-prove: train ──► Trajectory).
//
// Geometry: every norm below is taken in the algorithm's own metric. For rff-resnet-gd that is the
// depth-normalised L² metric of docs/problem-files.md#train-the-reference-trainer (‖Θ‖²_{L²} = (1/L)Σ_k‖Θ_k‖_F², so
// ‖∇F‖²_{L²} = L·‖∂F/∂θ‖²); for every other algorithm it is the Euclidean metric on θ.
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "nncert/numeric/types.hpp"

namespace nncert::train {

inline constexpr double kNotRecorded = std::numeric_limits<double>::quiet_NaN();

struct TrajectoryRow {
  Index step = 0;              // GD steps taken (gradient flow: the row index times record_every)
  double time = 0;             // Σ of the step sizes taken (gradient flow: the integration time t)
  int phase = 0;               // 0 single-phase, 1/2 the phases of the two-phase recipes
  double loss = 0;             // L(θ) = (1/(2n))‖f(X) − Y‖_F²
  double grad_norm_sq = 0;     // ‖∇_S L‖² of the block S being trained (in the metric above)
  double pl_ratio = 0;         // grad_norm_sq / loss (kNotRecorded when loss == 0)
  double lambda_min_gram = kNotRecorded;  // ESTIMATE: λ_min(J_S J_Sᵀ) by a dense eigensolver
  double lambda_max_gram = kNotRecorded;  // ESTIMATE: λ_max(J_S J_Sᵀ)
  // CERTIFIED lower bound on λ_min(Ĵ_S Ĵ_Sᵀ), Ĵ_S the Jacobian as computed in double (the rounding
  // of the product Ĵ Ĵᵀ is included, that of forming Ĵ is not). kNotRecorded off checkpoints or
  // when the proof was inconclusive (then lambda_min_certified_ok is false).
  double lambda_min_certified = kNotRecorded;
  bool lambda_min_certified_ok = false;
  double distance_from_init = 0;          // ‖θ − θ0‖ over all parameters
  double node_movement_max = kNotRecorded;   // scaled-shallow nets: max_j ‖w_j − w_j(0)‖
  double node_movement_mean = kNotRecorded;  // and the mean over j
  double daa_residual = kNotRecorded;     // alignment-framework: ‖J_S z − y‖/‖y‖, z = J_S⁺ y
  // Generalisation, observed (never certified): the fraction of training rows classified correctly
  // (classification targets only, data/accuracy.hpp: argmax for one-hot, sign for ±1), and on the
  // held-out test rows ([data] test_n) the loss (1/(2m))‖f(X_test) − Y_test‖_F² and the accuracy.
  // kNotRecorded where not applicable or where f is not finite.
  double train_accuracy = kNotRecorded;
  double test_loss = kNotRecorded;
  double test_accuracy = kNotRecorded;
};

// [train] prune_keep (pruning.hpp): the observed quality of the trained net pruned to `keep` nodes
// (informational, never certified). Losses use the training loss's convention (1/(2n))‖f(X) − Y‖_F²;
// accuracies as data/accuracy.hpp (NaN for regression targets); test entries NaN without held-out rows.
struct PrunedEvaluation {
  Index keep = 0;
  double train_loss = 0;
  double train_accuracy = 0;
  double test_loss = 0;
  double test_accuracy = 0;
};

// One loss evaluation along the run: GD step (or, for flows, the nearest output step below), time
// (GD: Σ step sizes; flow: the integrator's t), phase, and the loss L(θ) there.
struct StepLoss {
  Index step = 0;
  double time = 0;
  int phase = 0;
  double loss = 0;
};

// End-of-run reading of what happened. An observation, never a certificate: a plateau is never
// called a global minimum.
enum class Outcome {
  loss_vanished,           // final loss ≤ 1e-12 · loss at the start of the last phase
  plateau_rank_deficient,  // the Gram J_S J_Sᵀ of the trained block looks singular: the block
                           // cannot interpolate every target, so a stationary point here is not
                           // shown to be a global minimum
  stationary,              // ‖∇_S L‖² ≤ 1e-24·‖∇_S L(start of phase)‖², Gram not singular
  step_limit,              // the steps ran out first (the loss may still be falling): says nothing
                           // about convergence either way
  diverged,                // the loss became non-finite or exceeded 1e300: training stopped there
};

struct Trajectory {
  std::vector<TrajectoryRow> rows;
  std::string algorithm;       // to_string(Algorithm)
  std::string block;           // block trained (phase 2 block for the two-phase recipes)
  double step_size = 0;        // η used (phase 1 for the two-phase recipes)
  std::string step_size_rule;  // "given" or how it was chosen, with the estimates behind it
  double phase2_step_size = kNotRecorded;
  std::string phase2_step_size_rule;
  Index tau = 0;               // switch step (two-phase recipes), else 0
  Index steps = 0;             // steps configured
  Index gradient_evaluations = 0;  // loss+gradient evaluations (gradient flow: integrator's RHS calls)
  Index test_rows = 0;             // held-out rows evaluated at each row (0: none)
  int threads = 0;             // Eigen threads in effect
  Outcome outcome = Outcome::step_limit;
  std::vector<std::string> notes;  // every default taken and every decision made, in words
  // The loss at EVERY step, whatever record_every says, so that a theorem's envelope is compared at
  // every iterate and not only at recorded rows: GD records θ at the start of each segment and after
  // every step (a non-finite loss included, where training stops); gradient flow records every
  // evaluation of the integrator's right-hand side (stage points and rejected trial steps included:
  // more points than the accepted path, never fewer) and every output point. Deterministic like the
  // rows. (A crossing between two recorded rows is thus seen, issue #16 class 4.)
  std::vector<StepLoss> step_losses;
  VecD initial_params;
  VecD final_params;
  // Scaled-shallow nets: final ‖w_j(T) − w_j(0)‖ per node j, and the node scalings λ_j.
  VecD node_movement;
  VecD node_scale;
  // [train] prune_keep: the final net pruned to each count, ascending (empty without the key).
  std::vector<PrunedEvaluation> pruning;

  double initial_loss() const { return rows.empty() ? kNotRecorded : rows.front().loss; }
  double final_loss() const { return rows.empty() ? kNotRecorded : rows.back().loss; }
  double final_train_accuracy() const { return rows.empty() ? kNotRecorded : rows.back().train_accuracy; }
  double final_test_loss() const { return rows.empty() ? kNotRecorded : rows.back().test_loss; }
  double final_test_accuracy() const { return rows.empty() ? kNotRecorded : rows.back().test_accuracy; }
};

std::string to_string(Outcome outcome);

// Column names, in the order written.
const std::vector<std::string>& trajectory_columns();

// CSV: header row of trajectory_columns(), one line per row, numbers with 17 significant digits,
// "nan" where a value was not recorded, booleans as 0/1; written atomically.
void write_trajectory_csv(const std::filesystem::path& path, const Trajectory& trajectory);

// CSV of Trajectory::step_losses: "step,time,phase,loss", one line per evaluation, same number
// format as the rows; written atomically. The envelope is confirmed on these, not on the rows.
void write_step_losses_csv(const std::filesystem::path& path, const Trajectory& trajectory);

}  // namespace nncert::train
