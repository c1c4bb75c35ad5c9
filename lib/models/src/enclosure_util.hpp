#pragma once
// Small steps shared by the models' rigorous enclosures (src/*_enclosure.cpp).
#include <cmath>
#include <utility>

#include "nncert/numeric/rounding.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::models::detail {

// Enclosure {mid, rad} of 1/√m: sqrt and division each round once (correctly rounded, IEEE 754), so
// |fl − exact| <= 2.0001u·exact; 4u·mid covers it.
inline std::pair<double, double> inverse_sqrt_enclosure(double m) {
  const double mid = 1.0 / std::sqrt(m);
  return {mid, 4 * kUnitRoundoff * mid};
}

// The rows × cols matrix stored row-major at theta[offset ..] (a weight block of θ).
inline MatD row_major_block(const VecD& theta, Index offset, Index rows, Index cols) {
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      theta.data() + offset, rows, cols);
}

}  // namespace nncert::models::detail
