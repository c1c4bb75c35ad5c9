#include "nncert/numeric/eigen_multiprecision.hpp"
#include "cnn_impl.hpp"
#include "nncert/data/random.hpp"

namespace nncert::models {

void validate(const CnnConfig& c) {
  if (c.input_channels < 1 || c.height < 1 || c.width < 1)
    throw InvalidInput(fmt::format("cnn: needs image data (channels, height, width >= 1), got {}x{}x{}", c.input_channels,
                                   c.height, c.width));
  if (c.channels < 1) throw InvalidInput(fmt::format("cnn: channels = {} must be >= 1", c.channels));
  if (c.depth < 2) throw InvalidInput(fmt::format("cnn: depth = {} must be >= 2 (convolutional layers + 1)", c.depth));
  if (c.filter < 1 || c.filter % 2 == 0) throw InvalidInput(fmt::format("cnn: filter = {} must be odd and >= 1", c.filter));
  if (c.output_dim < 1) throw InvalidInput(fmt::format("cnn: output dimension {} must be >= 1", c.output_dim));
  if (!(c.output_scale > 0) || !std::isfinite(c.output_scale))
    throw InvalidInput(fmt::format("cnn: output_scale = {} must be finite and > 0", c.output_scale));
}

VecD initial_cnn_params(const CnnConfig& config) {
  validate(config);
  if (config.theta) return *config.theta.values;  // [model] theta, length checked by the parser
  VecD theta(parameter_count(config));
  data::Rng rng(config.seed);
  for (Index t = 0; t < theta.size(); ++t) theta(t) = rng.normal();
  return theta;
}

template class Cnn<double>;
template class Cnn<Float128>;
template class Cnn<MpfrFloat>;

}  // namespace nncert::models
