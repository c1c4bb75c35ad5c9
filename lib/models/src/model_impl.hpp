#pragma once
#include <fmt/format.h>

#include "nncert/models/model.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::models {

template <class S>
ParameterBlock Model<S>::block(const std::string& name) const {
  std::string known;
  for (const auto& b : blocks()) {
    if (b.name == name) return b;
    known += (known.empty() ? "" : ", ") + b.name;
  }
  throw InvalidInput(fmt::format("{}: no parameter block named '{}' (known: {})", kind(), name, known));
}

template <class S>
void Model<S>::check_input(const Mat<S>& X, const char* function) const {
  if (X.cols() != input_dim())
    throw InvalidInput(fmt::format("{}::{}: inputs have {} columns, the model expects d = {}", kind(),
                                   function, X.cols(), input_dim()));
  if (X.rows() == 0) throw InvalidInput(fmt::format("{}::{}: no samples (n = 0)", kind(), function));
}

template <class S>
void Model<S>::check_targets(const Mat<S>& X, const Mat<S>& Y, const char* function) const {
  check_input(X, function);
  if (Y.rows() != X.rows() || Y.cols() != output_dim())
    throw InvalidInput(fmt::format("{}::{}: targets are {}x{}, expected {}x{}", kind(), function, Y.rows(),
                                   Y.cols(), X.rows(), output_dim()));
}

template <class S>
S Model<S>::squared_loss(const Mat<S>& X, const Mat<S>& Y) const {
  check_targets(X, Y, "squared_loss");
  const Mat<S> r = forward(X) - Y;
  return r.squaredNorm() / S(2 * X.rows());
}

template <class S>
Vec<S> Model<S>::squared_loss_gradient(const Mat<S>& X, const Mat<S>& Y) const {
  return squared_loss_and_gradient(X, Y).gradient;
}

template <class S>
typename Model<S>::LossAndGradient Model<S>::squared_loss_and_gradient(const Mat<S>& X,
                                                                        const Mat<S>& Y) const {
  check_targets(X, Y, "squared_loss_and_gradient");
  const Mat<S> r = forward(X) - Y;
  const S n = S(X.rows());
  // ∇L = Jᵀ vec(r)/n.
  const Mat<S> g = r / n;
  return {r.squaredNorm() / (S(2) * n), vjp(X, g)};
}

}  // namespace nncert::models
