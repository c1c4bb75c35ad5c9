// SetEvaluator: the squared loss and its gradient for a segment that trains one parameter set, with
// the frozen prefix of an MLP evaluated once (see engine.hpp).
#include <algorithm>

#include "engine.hpp"
#include "nncert/models/mlp.hpp"

namespace nncert::train::detail {

SetEvaluator::SetEvaluator(models::Model<double>& model, const TrainedSet& set, const MatD& X, const MatD& Y)
    : model_(model), set_(set), X_(X), Y_(Y) {
  const auto* mlp = dynamic_cast<const models::Mlp<double>*>(&model);
  if (mlp == nullptr || set.parts.empty()) return;
  Index lowest_offset = model.num_params();
  for (const auto& part : set.parts) lowest_offset = std::min(lowest_offset, part.offset);
  // k: the first layer holding a trained parameter (θ is in nn.Linear order: layer by layer, weight
  // then bias, so layer k's weight offset is the first index of every layer >= k).
  Index k = 1;
  for (Index l = 2; l <= mlp->num_layers(); ++l)
    if (mlp->weight_block(l).offset <= lowest_offset) k = l;
  if (k == 1) return;  // the first layer is trained: nothing is frozen below it
  models::MlpConfig tail_config = mlp->config();
  tail_config.widths.assign(mlp->config().widths.begin() + (k - 1), mlp->config().widths.end());
  offset_ = mlp->weight_block(k).offset;
  tail_ = std::make_unique<models::Mlp<double>>(tail_config, VecD(model.params().tail(model.num_params() - offset_)));
  features_ = mlp->features(X, k - 1);
}

SetEvaluator::~SetEvaluator() = default;

Evaluation SetEvaluator::operator()(const VecD& theta) {
  Evaluation e;
  if (!tail_) {
    model_.set_params(theta);
    auto lg = model_.squared_loss_and_gradient(X_, Y_);
    e.loss = lg.loss;
    e.gradient_s = set_.gather(lg.gradient);
    return e;
  }
  tail_->set_params(theta.tail(theta.size() - offset_));
  const auto lg = tail_->squared_loss_and_gradient(features_, Y_);
  e.loss = lg.loss;
  // The tail's θ is θ's suffix from offset_: block b of S sits at b.offset − offset_ in it.
  e.gradient_s.resize(set_.size);
  Index at = 0;
  for (const auto& b : set_.parts) {
    e.gradient_s.segment(at, b.size) = lg.gradient.segment(b.offset - offset_, b.size);
    at += b.size;
  }
  return e;
}

}  // namespace nncert::train::detail
