#include "nncert/numeric/eigen_multiprecision.hpp"
#include "scaled_shallow_impl.hpp"

namespace nncert::models {

void validate(const ScaledShallowConfig& c) {
  if (c.input_dim < 1) throw InvalidInput(fmt::format("scaled-shallow: input dimension {} must be >= 1", c.input_dim));
  if (c.width < 1) throw InvalidInput(fmt::format("scaled-shallow: width = {} must be >= 1", c.width));
  if (c.output_dim < 1) throw InvalidInput(fmt::format("scaled-shallow: output dimension {} must be >= 1", c.output_dim));
  if (!(c.gamma >= 0 && c.gamma <= 1)) throw InvalidInput(fmt::format("scaled-shallow: gamma = {} must lie in [0, 1]", c.gamma));
  if (!(c.alpha > 0 && c.alpha < 1)) throw InvalidInput(fmt::format("scaled-shallow: alpha = {} must lie in (0, 1)", c.alpha));
  if (!std::isfinite(c.weight_std) || c.weight_std < 0)
    throw InvalidInput(fmt::format("scaled-shallow: weight_std = {} must be finite and >= 0", c.weight_std));
}

VecD power_law_scales(Index width, double alpha) {
  VecD tilde(width);
  for (Index j = 0; j < width; ++j) tilde(j) = std::pow(static_cast<double>(j + 1), -1.0 / alpha);
  return tilde / tilde.sum();
}

VecD node_scales(Index width, double gamma, double alpha) {
  return VecD::Constant(width, gamma / static_cast<double>(width)) + (1 - gamma) * power_law_scales(width, alpha);
}

template class ScaledShallowNet<double>;
template class ScaledShallowNet<Float128>;
template class ScaledShallowNet<MpfrFloat>;

}  // namespace nncert::models
