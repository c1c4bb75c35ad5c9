#include "activation_impl.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"

namespace nncert::models {
#define NNCERT_INSTANTIATE(S)                                                            \
  template S activation_value<S>(Activation, const S&, double);                          \
  template S activation_derivative<S>(Activation, const S&, double);                     \
  template Mat<S> apply_activation<S>(Activation, const Mat<S>&, double, Mat<S>*);
NNCERT_INSTANTIATE(double)
NNCERT_INSTANTIATE(Float128)
NNCERT_INSTANTIATE(MpfrFloat)
#undef NNCERT_INSTANTIATE

std::optional<ActivationCurvature> activation_curvature(Activation activation) {
  switch (activation) {
    case Activation::relu:
    case Activation::leaky_relu: return std::nullopt;
    case Activation::identity: return ActivationCurvature{1, 0};
    case Activation::tanh: return ActivationCurvature{1, 0.7699};        // |σ''| <= 4/(3√3) = 0.769800…
    case Activation::sigmoid: return ActivationCurvature{0.25, 0.0963};  // |σ''| <= 1/(6√3) = 0.096225…
    case Activation::softplus: return ActivationCurvature{1, 0.25};      // σ' = sigmoid, σ'' = sigmoid' <= 1/4
    case Activation::erf: return ActivationCurvature{1.1284, 0.9679};    // 2/√π = 1.128379…; (2/√π)√(2/e) = 0.967882…
    case Activation::gelu: return ActivationCurvature{1.1290, 0.7979};   // sup gelu' = 1.128985…; |gelu''| <= 2φ(0) = 0.797885…
  }
  return std::nullopt;
}

}  // namespace nncert::models
