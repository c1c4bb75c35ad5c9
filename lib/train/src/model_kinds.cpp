// What the trainer needs to know about particular model kinds: the node layout and scalings of
// scaled-shallow nets, the depth of rff-resnets.
#include "engine.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::train::detail {

std::optional<NodeLayout> node_layout(const models::Model<double>& model) {
  const auto* net = dynamic_cast<const models::ScaledShallowNet<double>*>(&model);
  if (net == nullptr) return std::nullopt;
  // θ = W, m×d row-major: w_j = θ[j·d, (j+1)·d) (scaled_shallow.hpp).
  NodeLayout layout;
  layout.offset = 0;
  layout.dim = net->config().input_dim;
  layout.nodes = net->config().width;
  layout.scale = net->lambdas();
  return layout;
}

Index rff_depth(const models::Model<double>& model) {
  const auto* net = dynamic_cast<const models::RffResNet<double>*>(&model);
  if (net == nullptr)
    throw InvalidInput("rff-resnet-gd and rff-resnet-flow need an rff-resnet model, got kind \"" + model.kind() + "\"");
  return net->config().depth;
}

}  // namespace nncert::train::detail
