#include "nncert/numeric/eigen_multiprecision.hpp"
#include "mlp_impl.hpp"
#include "nncert/data/random.hpp"

namespace nncert::models {

void validate(const MlpConfig& config) {
  if (config.widths.size() < 2)
    throw InvalidInput(fmt::format("mlp: widths needs at least the input and output width, got {} entries",
                                   config.widths.size()));
  for (std::size_t l = 0; l < config.widths.size(); ++l)
    if (config.widths[l] < 1)
      throw InvalidInput(fmt::format("mlp: widths[{}] = {} must be at least 1", l, config.widths[l]));
  if (!std::isfinite(config.sigma_w) || config.sigma_w < 0)
    throw InvalidInput(fmt::format("mlp: sigma_w = {} must be finite and >= 0", config.sigma_w));
  if (!std::isfinite(config.sigma_b) || config.sigma_b < 0)
    throw InvalidInput(fmt::format("mlp: sigma_b = {} must be finite and >= 0", config.sigma_b));
  if (!std::isfinite(config.leaky_slope))
    throw InvalidInput(fmt::format("mlp: leaky_slope = {} must be finite", config.leaky_slope));
}

VecD initial_mlp_params(const MlpConfig& config) {
  validate(config);
  if (config.theta) return *config.theta.values;  // [model] theta, length checked by the parser
  Index p = 0;
  for (std::size_t l = 1; l < config.widths.size(); ++l)
    p += config.widths[l] * config.widths[l - 1] + (config.bias ? config.widths[l] : 0);
  VecD theta(p);
  data::Rng rng(config.seed);
  Index t = 0;
  for (std::size_t l = 1; l < config.widths.size(); ++l) {
    const Index fan_in = config.widths[l - 1];
    const double weight_std = config.parameterization == Parameterization::standard
                                  ? config.sigma_w / std::sqrt(static_cast<double>(fan_in))
                                  : config.sigma_w;
    for (Index e = 0; e < config.widths[l] * fan_in; ++e) theta(t++) = weight_std * rng.normal();
    if (config.bias)
      for (Index e = 0; e < config.widths[l]; ++e) theta(t++) = config.sigma_b * rng.normal();
  }
  return theta;
}

template class Mlp<double>;
template class Mlp<Float128>;
template class Mlp<MpfrFloat>;

}  // namespace nncert::models
