#pragma once
// Internals shared by the trainer's pieces: the trained parameter set, the run context, the
// recorder, the GD segment and the gradient-flow integration.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nncert/data/accuracy.hpp"
#include "nncert/data/dataset.hpp"
#include "nncert/models/model.hpp"
#include "nncert/numeric/types.hpp"
#include "nncert/train/train_config.hpp"
#include "nncert/train/trainer.hpp"
#include "nncert/train/trajectory.hpp"

namespace nncert::train::detail {

// A union of the model's named blocks ("output+output.bias"), trained together.
struct TrainedSet {
  std::string name;
  std::vector<models::ParameterBlock> parts;
  Index size = 0;

  VecD gather(const VecD& theta) const;                     // θ_S
  void scatter(const VecD& theta_s, VecD& theta) const;     // θ_S into θ
  void add_scaled(double factor, const VecD& v_s, VecD& theta) const;  // θ_S += factor·v_S
  MatD gram(const models::Model<double>& model, const MatD& X) const;      // J_S J_Sᵀ (structural)
  MatD jacobian(const models::Model<double>& model, const MatD& X) const;  // J_S, (n·k)×|S|
  bool contains(Index parameter) const;
};

// Parses "a+b+c" against model.blocks() (InvalidInput naming the unknown block).
TrainedSet trained_set(const models::Model<double>& model, const std::string& spec);

// Rows of W in θ for scaled-shallow nets: w_j = θ[offset + j·dim, offset + (j+1)·dim).
struct NodeLayout {
  Index offset = 0;
  Index nodes = 0;
  Index dim = 0;
  VecD scale;  // λ_j
};
std::optional<NodeLayout> node_layout(const models::Model<double>& model);

// Depth L of an rff-resnet (the metric weight of its L² geometry).
Index rff_depth(const models::Model<double>& model);

// The loss and ∇_S L of a trained set S (in TrainedSet::gather order): all that updates and records
// need, so no step touches a vector of all p parameters beyond θ itself.
struct Evaluation {
  double loss = 0;
  VecD gradient_s;
};

// The evaluation of a segment that trains only `set` (every other parameter frozen). When the model
// is an MLP whose trained parameters all lie in layers k..L with k > 1, the frozen layers' output
// h^{k-1}(X) is computed once and each call runs only the tail network (layers k..L) on it: the same
// floating-point operations as the full pass for those layers, so loss and ∇_S L are bit-identical,
// at a fraction of the cost; the model itself is then not touched (callers set its θ before they
// record). θ's frozen entries must equal the model's at construction.
class SetEvaluator {
 public:
  SetEvaluator(models::Model<double>& model, const TrainedSet& set, const MatD& X, const MatD& Y);
  ~SetEvaluator();
  Evaluation operator()(const VecD& theta);
  bool uses_frozen_prefix() const { return tail_ != nullptr; }

 private:
  models::Model<double>& model_;
  const TrainedSet& set_;
  const MatD& X_;
  const MatD& Y_;
  std::unique_ptr<models::Model<double>> tail_;  // null: evaluate the whole model
  MatD features_;                                // h^{k-1}(X)
  Index offset_ = 0;                             // θ index where the tail's parameters start
};

struct GramSpectrum {
  double lambda_min = kNotRecorded;
  double lambda_max = kNotRecorded;
};
GramSpectrum gram_spectrum(const MatD& gram);  // dense eigensolver: an estimate

// Certified lower bound on λ_min(Ĵ Ĵᵀ) (Ĵ as computed); nullopt when inconclusive.
std::optional<double> certified_lambda_min(const MatD& jacobian);

// Relative least-squares residual ‖J z − y‖/‖y‖, z = J⁺y (0 when y = 0).
double daa_residual(const MatD& jacobian, const MatD& Y);

struct Context {
  Context(models::Model<double>& m, const MatD& x, const MatD& y, const TrainConfig& c,
          const ProgressCallback& p, Trajectory& t)
      : model(m), X(x), Y(y), config(c), progress(p), trajectory(t), theta0(m.params()) {}

  models::Model<double>& model;
  const MatD& X;
  const MatD& Y;
  const TrainConfig& config;
  const ProgressCallback& progress;
  Trajectory& trajectory;
  Index record_every = 1;
  double metric_weight = 1;  // w: update θ_S ← θ_S − η·w·∇_S L; norms ‖∇‖²_w = w‖∇‖², ‖Δθ‖_w = ‖Δθ‖/√w
  VecD theta0;
  std::optional<NodeLayout> nodes;
  Index rows_recorded = 0;
  Index evaluations = 0;
  bool monitor_daa = false;  // alignment-framework, phase 2
  const data::HeldOut* test = nullptr;  // held-out rows observed at every recorded row, or null
  data::TargetKind target_kind = data::TargetKind::regression;
};

// Appends a row for the model's current θ with its evaluation. `force_gram` computes the spectrum
// whatever gram_every says (final rows).
void record(Context& ctx, const TrainedSet& set, const Evaluation& e, Index step, double time, int phase,
            bool force_gram);

struct SegmentEnd {
  bool diverged = false;
  double time = 0;
  Evaluation start;  // evaluation at the segment's first θ
  Evaluation end;    // at the last finite θ
};

// `count` GD steps θ_S ← θ_S − η·w·∇_S L from global step `first` (time t0). Records the start when
// `record_start`, every step that is a multiple of record_every, and the segment's last step.
SegmentEnd run_gd(Context& ctx, const TrainedSet& set, double eta, Index first, Index count, double t0,
                  int phase, bool record_start);

// Gradient flow dθ_S/dt = −w·∇_S L over `steps`·η, rows at multiples of record_every·η.
SegmentEnd run_gradient_flow(Context& ctx, const TrainedSet& set, double eta);

}  // namespace nncert::train::detail
