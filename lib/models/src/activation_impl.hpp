#pragma once
#include <algorithm>
#include <cmath>

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/log1p.hpp>

#include "layer_products_impl.hpp"
#include "nncert/models/activation.hpp"

namespace nncert::models {

namespace detail {
template <class S>
S sigmoid(const S& z) {
  using std::exp;
  if (z >= 0) return S(1) / (S(1) + exp(-z));
  const S e = exp(z);
  return e / (S(1) + e);
}
}  // namespace detail

namespace detail {
// softplus(z) = max(z, 0) + log1p(e) and σ(z) = z >= 0 ? 1/(1+e) : e/(1+e) with e = exp(−|z|): one
// exponential per entry, in Eigen's vectorised exp and log1p (a few ulps, like libm; this double fast
// path serves training and empirical kernels — certified enclosures use activation_value, whose libm
// accuracy assumption they budget). Column blocks are spread over the OpenMP threads.
inline void softplus_with_derivative(const Mat<double>& z, Mat<double>& value, Mat<double>* derivative) {
  const Index cols = z.cols();
#pragma omp parallel for schedule(static) if (z.size() > 20000)
  for (Index c = 0; c < cols; ++c) {
    const auto zc = z.col(c).array();
    const Eigen::ArrayXd e = (-zc.abs()).exp();
    value.col(c).array() = zc.max(0.0) + e.log1p();
    if (derivative) derivative->col(c).array() = (zc >= 0.0).select(1.0 / (1.0 + e), e / (1.0 + e));
    // Eigen's exp clamps arguments below about −709 (its result stays near 5.6e-309 where the true
    // one is subnormal): those rare entries take the scalar libm path.
    for (Index r = 0; r < z.rows(); ++r)
      if (std::abs(z(r, c)) > 708.0) {
        value(r, c) = activation_value(Activation::softplus, z(r, c), 0.0);
        if (derivative) (*derivative)(r, c) = activation_derivative(Activation::softplus, z(r, c), 0.0);
      }
  }
}
}  // namespace detail

template <class S>
S activation_value(Activation activation, const S& z, double leaky_slope) {
  using std::abs;
  using std::exp;
  using std::tanh;
  switch (activation) {
    case Activation::relu: return z > 0 ? z : S(0);
    case Activation::leaky_relu: return z > 0 ? z : S(leaky_slope) * z;
    case Activation::softplus: return (z > 0 ? z : S(0)) + boost::math::log1p(S(exp(-abs(z))));
    case Activation::tanh: return tanh(z);
    case Activation::sigmoid: return detail::sigmoid(z);
    case Activation::erf: return boost::math::erf(z);
    case Activation::gelu:
      return z * (S(1) + boost::math::erf(S(z / boost::math::constants::root_two<S>()))) / S(2);
    case Activation::identity: return z;
  }
  return z;
}

template <class S>
S activation_derivative(Activation activation, const S& z, double leaky_slope) {
  using std::exp;
  using std::tanh;
  switch (activation) {
    case Activation::relu: return z > 0 ? S(1) : S(0);
    case Activation::leaky_relu: return z > 0 ? S(1) : S(leaky_slope);
    case Activation::softplus: return detail::sigmoid(z);
    case Activation::tanh: {
      const S t = tanh(z);
      return S(1) - t * t;
    }
    case Activation::sigmoid: {
      const S s = detail::sigmoid(z);
      return s * (S(1) - s);
    }
    case Activation::erf:
      // erf'(z) = 2/√π · e^(−z²)
      return boost::math::constants::two_div_root_pi<S>() * exp(-z * z);
    case Activation::gelu: {
      const S cdf = (S(1) + boost::math::erf(S(z / boost::math::constants::root_two<S>()))) / S(2);
      const S pdf = exp(-z * z / S(2)) * boost::math::constants::one_div_root_two_pi<S>();
      return cdf + z * pdf;
    }
    case Activation::identity: return S(1);
  }
  return S(1);
}

template <class S>
Mat<S> apply_activation(Activation activation, const Mat<S>& z, double leaky_slope, Mat<S>* derivative) {
  Mat<S> value(z.rows(), z.cols());
  if (derivative) derivative->resize(z.rows(), z.cols());
  const Index size = z.size();
  const S* in = z.data();
  S* out = value.data();
  S* der = derivative ? derivative->data() : nullptr;
  if constexpr (detail::kIsDouble<S>) {
    if (activation == Activation::softplus) {
      detail::softplus_with_derivative(z, value, derivative);
      return value;
    }
    if (activation == Activation::relu || activation == Activation::leaky_relu) {
      // Vectorised and exactly activation_value / activation_derivative: max/select are exact.
      const double slope = activation == Activation::relu ? 0.0 : leaky_slope;
      if (activation == Activation::relu)
        value.array() = (z.array() > 0.0).select(z.array(), 0.0);  // +0, as activation_value (never 0·z = −0)
      else
        value.array() = (z.array() > 0.0).select(z.array(), slope * z.array());
      if (derivative) derivative->array() = (z.array() > 0.0).select(Mat<double>::Ones(z.rows(), z.cols()).array(), slope);
      return value;
    }
    // A parallel region costs tens of microseconds: worth it for ~20k transcendental evaluations,
    // only for millions of the piecewise-linear ones.
    const bool cheap = activation == Activation::relu || activation == Activation::leaky_relu ||
                       activation == Activation::identity;
    const Index parallel_from = cheap ? Index(1) << 21 : 20000;
#pragma omp parallel for schedule(static) if (size > parallel_from)
    for (Index t = 0; t < size; ++t) {
      out[t] = activation_value(activation, in[t], leaky_slope);
      if (der) der[t] = activation_derivative(activation, in[t], leaky_slope);
    }
  } else {
    for (Index t = 0; t < size; ++t) {
      out[t] = activation_value(activation, in[t], leaky_slope);
      if (der) der[t] = activation_derivative(activation, in[t], leaky_slope);
    }
  }
  return value;
}

}  // namespace nncert::models
