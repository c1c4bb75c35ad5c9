#pragma once
// Matrix and vector aliases shared by every layer.
#include <Eigen/Core>

namespace nncert {

template <class S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
template <class S>
using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
using MatD = Mat<double>;
using VecD = Vec<double>;
using Index = Eigen::Index;

}  // namespace nncert
