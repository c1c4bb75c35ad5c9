#include "nncert/kernels/model_kernel.hpp"

#include <string>

#include "nncert/numeric/errors.hpp"

namespace nncert::kernels {

FcKernelSpec fc_kernel_spec(const models::MlpConfig& mlp, bool paper_scaling) {
  FcKernelSpec spec;
  spec.activation = parse_kernel_activation(models::to_string(mlp.activation));
  spec.depth = static_cast<int>(mlp.widths.size()) - 2;
  if (spec.depth < 1) throw InvalidInput("kernel: the fully-connected kernel needs at least one hidden layer");
  spec.leaky_slope = mlp.leaky_slope;
  spec.paper_scaling = paper_scaling;
  spec.sigma_w = mlp.sigma_w;
  spec.sigma_b = mlp.bias ? mlp.sigma_b : 0.0;
  return spec;
}

}  // namespace nncert::kernels
