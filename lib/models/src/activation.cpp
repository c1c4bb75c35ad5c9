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
}  // namespace nncert::models
