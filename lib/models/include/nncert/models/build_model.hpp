#pragma once
// The factory: a model with its seeded θ0 from a parsed [model] section.
//   auto model = nncert::models::build_model<double>(config);  // Mlp, ScaledShallowNet or RffResNet
#include <memory>

#include "nncert/models/model.hpp"
#include "nncert/models/model_config.hpp"

namespace nncert::models {

template <class S>
std::unique_ptr<Model<S>> build_model(const ModelConfig& config);

}  // namespace nncert::models
