#include "nncert/numeric/eigen_multiprecision.hpp"
#include "rff_resnet_impl.hpp"

namespace nncert::models {

void validate(const RffResNetConfig& c) {
  if (c.input_dim < 1 || c.output_dim < 1)
    throw InvalidInput(fmt::format("rff-resnet: input and output dimensions must be >= 1 (got d = {}, d' = {})",
                                   c.input_dim, c.output_dim));
  if (c.depth < 1) throw InvalidInput(fmt::format("rff-resnet: depth = {} must be >= 1", c.depth));
  if (c.features < 1) throw InvalidInput(fmt::format("rff-resnet: features = {} must be >= 1", c.features));
  if (c.hidden < std::max(c.input_dim, c.output_dim))
    throw InvalidInput(fmt::format("rff-resnet: hidden = {} must be >= max(d, d') = {}", c.hidden,
                                   std::max(c.input_dim, c.output_dim)));
  if (!(c.bandwidth > 0) || !std::isfinite(c.bandwidth))
    throw InvalidInput(fmt::format("rff-resnet: bandwidth = {} must be finite and > 0", c.bandwidth));
  if (!std::isfinite(c.residual_scale))
    throw InvalidInput(fmt::format("rff-resnet: residual_scale = {} must be finite", c.residual_scale));
}

template class RffResNet<double>;
template class RffResNet<Float128>;
template class RffResNet<MpfrFloat>;

}  // namespace nncert::models
