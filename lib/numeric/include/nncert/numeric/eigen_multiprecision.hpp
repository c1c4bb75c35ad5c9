#pragma once
// Eigen support for nncert's multiprecision scalars. Boost 1.74's generic NumTraits returns the
// smallest positive value from lowest() and lacks infinity()/quiet_NaN(), which breaks Eigen 3.4's
// self-adjoint eigensolver; these full specialisations (preferred over Boost's partial one) fix that.
#include <limits>

#include <Eigen/Core>
#include <boost/multiprecision/eigen.hpp>

#include "nncert/numeric/multiprecision.hpp"

namespace nncert::detail {
template <class T>
struct MultiprecisionNumTraits : Eigen::GenericNumTraits<T> {
  using Real = T;
  using NonInteger = T;
  using Literal = T;
  using Nested = T;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 1,
    AddCost = 4,
    MulCost = 8
  };
  static T epsilon() { return std::numeric_limits<T>::epsilon(); }
  static T dummy_precision() { return 1000 * epsilon(); }
  static T highest() { return (std::numeric_limits<T>::max)(); }
  static T lowest() { return -(std::numeric_limits<T>::max)(); }
  static T infinity() { return std::numeric_limits<T>::infinity(); }
  static T quiet_NaN() { return std::numeric_limits<T>::quiet_NaN(); }
  static int digits10() { return std::numeric_limits<T>::digits10; }
  static int digits() { return std::numeric_limits<T>::digits; }
};
}  // namespace nncert::detail

namespace Eigen {
template <>
struct NumTraits<nncert::Float128> : nncert::detail::MultiprecisionNumTraits<nncert::Float128> {};
template <>
struct NumTraits<nncert::MpfrFloat> : nncert::detail::MultiprecisionNumTraits<nncert::MpfrFloat> {
  // MPFR precision is chosen at run time.
  static int digits10() { return static_cast<int>(nncert::MpfrFloat::default_precision()); }
};
}  // namespace Eigen
