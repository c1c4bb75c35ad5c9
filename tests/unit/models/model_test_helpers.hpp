#pragma once
// Shared helpers for the models tests: reference derivatives by central differences.
#include <algorithm>

#include "nncert/models/model.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::models::test {

// Central differences (f(θ + h e_t) − f(θ − h e_t))/(2h) of vec(f_X), sample-major rows.
// Truncation error O(h²·f'''), rounding error O(u/h).
template <class S>
Mat<S> finite_difference_jacobian(Model<S>& model, const Mat<S>& X, const S& h) {
  const Vec<S> theta = model.params();
  const Index n = X.rows(), k = model.output_dim(), p = model.num_params();
  Mat<S> J(n * k, p);
  for (Index t = 0; t < p; ++t) {
    Vec<S> plus = theta, minus = theta;
    plus(t) += h;
    minus(t) -= h;
    model.set_params(plus);
    const Mat<S> fp = model.forward(X);
    model.set_params(minus);
    const Mat<S> fm = model.forward(X);
    for (Index i = 0; i < n; ++i)
      for (Index o = 0; o < k; ++o) J(i * k + o, t) = (fp(i, o) - fm(i, o)) / (S(2) * h);
  }
  model.set_params(theta);
  return J;
}

template <class S>
S max_abs(const Mat<S>& a) {
  S m = S(0);
  for (Index j = 0; j < a.cols(); ++j)
    for (Index i = 0; i < a.rows(); ++i) {
      using std::abs;
      m = std::max(m, S(abs(a(i, j))));
    }
  return m;
}

}  // namespace nncert::models::test
