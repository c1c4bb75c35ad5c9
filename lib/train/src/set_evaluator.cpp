// SetEvaluator: the squared loss and its gradient for a segment that trains one parameter set, with
// the frozen prefix of an MLP evaluated once (see engine.hpp).
#include <algorithm>

#include "engine.hpp"
#include "nncert/models/mlp.hpp"

namespace nncert::train::detail {

SetEvaluator::SetEvaluator(const models::Model<double>& model, const TrainedSet& set, const MatD& X, const MatD& Y)
    : X_(X), Y_(Y) {
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

Evaluation SetEvaluator::operator()(const models::Model<double>& model) {
  if (!tail_) return evaluate(model, X_, Y_);
  const Index p = model.num_params();
  tail_->set_params(model.params().tail(p - offset_));
  auto lg = tail_->squared_loss_and_gradient(features_, Y_);
  Evaluation e;
  e.loss = lg.loss;
  e.gradient = VecD::Zero(p);
  e.gradient.tail(p - offset_) = lg.gradient;
  return e;
}

}  // namespace nncert::train::detail
