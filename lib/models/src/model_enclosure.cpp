#include "nncert/models/model_enclosure.hpp"

#include <fmt/format.h>

#include <variant>

#include "nncert/models/mlp.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::models {

std::optional<linalg::MatrixEnclosure> jacobian_enclosure(const ModelConfig& config, const VecD& theta, const MatD& X,
                                                          const std::string& block) {
  if (const auto* mlp = std::get_if<MlpConfig>(&config)) return mlp_jacobian_enclosure(*mlp, theta, X, block);
  if (const auto* shallow = std::get_if<ScaledShallowConfig>(&config)) {
    // W is the only trained parameter: "W" and "all" name the same block.
    if (block != "all" && block != "W")
      throw InvalidInput(fmt::format("the scaled-shallow model has blocks \"W\" and \"all\", not \"{}\"", block));
    return scaled_shallow_jacobian_enclosure(*shallow, theta, X);
  }
  return std::nullopt;  // rff-resnet: no Jacobian enclosure yet
}

}  // namespace nncert::models
