#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/models/build_model.hpp"

#include <type_traits>

#include "nncert/models/cnn.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/multiprecision.hpp"

namespace nncert::models {

template <class S>
std::unique_ptr<Model<S>> build_model(const ModelConfig& config) {
  return std::visit(
      [](const auto& c) -> std::unique_ptr<Model<S>> {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, MlpConfig>) return std::make_unique<Mlp<S>>(c);
        else if constexpr (std::is_same_v<C, ScaledShallowConfig>) return std::make_unique<ScaledShallowNet<S>>(c);
        else if constexpr (std::is_same_v<C, CnnConfig>) return std::make_unique<Cnn<S>>(c);
        else return std::make_unique<RffResNet<S>>(c);
      },
      config);
}

template std::unique_ptr<Model<double>> build_model<double>(const ModelConfig&);
template std::unique_ptr<Model<Float128>> build_model<Float128>(const ModelConfig&);
template std::unique_ptr<Model<MpfrFloat>> build_model<MpfrFloat>(const ModelConfig&);

}  // namespace nncert::models
