#include "nncert/numeric/eigen_multiprecision.hpp"
#include "model_impl.hpp"

namespace nncert::models {
template class Model<double>;
template class Model<Float128>;
template class Model<MpfrFloat>;
}  // namespace nncert::models
