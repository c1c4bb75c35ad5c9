#pragma once
// The rigorous Jacobian enclosure of whichever model a problem holds: each model kind states its own
// (mlp.hpp, scaled_shallow.hpp, ...); this asks the model instead of every caller switching on it.
#include <optional>
#include <string>

#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::models {

// J_S of the model for the named parameter block at θ (θ0 when theta is empty), |J_S − mid| <= rad
// entrywise; std::nullopt when this model kind has no rigorous Jacobian enclosure yet. InvalidInput
// when the model has no such block.
std::optional<linalg::MatrixEnclosure> jacobian_enclosure(const ModelConfig& config, const VecD& theta, const MatD& X,
                                                          const std::string& block);

}  // namespace nncert::models
