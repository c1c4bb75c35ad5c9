#pragma once
#include <cmath>

#include <fmt/format.h>

#include "activation_impl.hpp"
#include "layer_products_impl.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::models {

namespace detail {
template <class S>
using RowMajorMat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
}

template <class S>
ScaledShallowNet<S>::ScaledShallowNet(const ScaledShallowConfig& config) : config_(config) {
  validate(config_);
  const Index m = config_.width, d = config_.input_dim, k = config_.output_dim;
  data::Rng rng(config_.seed);
  theta_.resize(m * d);
  for (Index t = 0; t < m * d; ++t) theta_(t) = S(config_.weight_std * rng.normal());
  signs_.resize(m, k);
  for (Index j = 0; j < m; ++j)
    for (Index o = 0; o < k; ++o) signs_(j, o) = rng.uniform() < 0.5 ? S(1) : S(-1);
  // [model] theta replaces W only; W is still drawn above so that the signs are the seeded ones.
  if (config_.theta) set_params(config_.theta.values->template cast<S>());
  // λ in the model's precision: λ_j = γ/m + (1−γ) j^(−1/α)/Σ_i i^(−1/α).
  using std::pow;
  Vec<S> tilde(m);
  for (Index j = 0; j < m; ++j) tilde(j) = pow(S(j + 1), S(-1) / S(config_.alpha));
  tilde /= tilde.sum();
  lambda_ = Vec<S>::Constant(m, S(config_.gamma) / S(m)) + (S(1) - S(config_.gamma)) * tilde;
}

template <class S>
void ScaledShallowNet<S>::set_params(const Vec<S>& theta) {
  if (theta.size() != theta_.size())
    throw InvalidInput(fmt::format("scaled-shallow::set_params: θ has {} entries, the model has p = {}",
                                   theta.size(), theta_.size()));
  theta_ = theta;
}

template <class S>
std::vector<ParameterBlock> ScaledShallowNet<S>::blocks() const {
  const std::string shape = fmt::format("W ({}x{})", config_.width, config_.input_dim);
  return {{"W", 0, num_params(), shape}, {"all", 0, num_params(), "all parameters: " + shape}};
}

namespace detail {
// Pre-activations Z = X Wᵀ/√d (n×m) and the scaled inputs X/√d.
template <class S>
Mat<S> scaled_inputs(const Mat<S>& X) {
  using std::sqrt;
  return X / sqrt(S(X.cols()));
}
}  // namespace detail

template <class S>
Mat<S> ScaledShallowNet<S>::forward(const Mat<S>& X) const {
  this->check_input(X, "forward");
  const Eigen::Map<const detail::RowMajorMat<S>> W(theta_.data(), config_.width, config_.input_dim);
  const Mat<S> hidden = apply_activation<S>(config_.activation, detail::mat_mul<S>(detail::scaled_inputs(X), W.transpose()),
                                            0.01, nullptr);
  using std::sqrt;
  const Vec<S> root = lambda_.unaryExpr([](const S& v) { return S(sqrt(v)); });
  return detail::mat_mul<S>(hidden, Mat<S>(root.asDiagonal() * signs_));
}

template <class S>
Mat<S> ScaledShallowNet<S>::features(const Mat<S>& X, Index layer) const {
  this->check_input(X, "features");
  if (layer == 0) return X;
  if (layer == 2) return forward(X);
  if (layer != 1) throw InvalidInput(fmt::format("scaled-shallow::features: layer {} out of range 0..2", layer));
  const Eigen::Map<const detail::RowMajorMat<S>> W(theta_.data(), config_.width, config_.input_dim);
  return apply_activation<S>(config_.activation, detail::mat_mul<S>(detail::scaled_inputs(X), W.transpose()), 0.01,
                             nullptr);
}

// δ(r, j) = Σ_o seed(r, o) u_{jo} √scale_j · σ'(z_{i(r) j}).
template <class S>
Mat<S> ScaledShallowNet<S>::delta(const Mat<S>& dsigma, const Mat<S>& seed, Index reps, const Vec<S>& scales) const {
  using std::sqrt;
  const Vec<S> root = scales.unaryExpr([](const S& v) { return S(sqrt(v)); });
  Mat<S> out = detail::mat_mul<S>(seed, Mat<S>(signs_.transpose() * root.asDiagonal()));
  detail::scale_rows_by_sample(out, dsigma, reps);
  return out;
}

template <class S>
Mat<S> ScaledShallowNet<S>::jacobian_block(const Mat<S>& X, const std::string& block_name) const {
  this->check_input(X, "jacobian_block");
  (void)this->block(block_name);
  const Index n = X.rows(), k = output_dim();
  const Eigen::Map<const detail::RowMajorMat<S>> W(theta_.data(), config_.width, config_.input_dim);
  const Mat<S> A = detail::scaled_inputs(X);
  Mat<S> dsigma;
  apply_activation<S>(config_.activation, detail::mat_mul<S>(A, W.transpose()), 0.01, &dsigma);
  const Mat<S> D = delta(dsigma, detail::jacobian_seed<S>(n, k), k, lambda_);
  Mat<S> J(n * k, num_params());
  // ∂f_r/∂W(j, b) = δ(r, j)·x_{i(r) b}/√d
  detail::write_outer_jacobian<S>(D, detail::repeat_rows(A, k), S(1), J, 0);
  return J;
}

template <class S>
Mat<S> ScaledShallowNet<S>::gram_with_scales(const Mat<S>& X, const Vec<S>& scales) const {
  const Index n = X.rows(), k = output_dim();
  const Eigen::Map<const detail::RowMajorMat<S>> W(theta_.data(), config_.width, config_.input_dim);
  const Mat<S> A = detail::scaled_inputs(X);
  Mat<S> dsigma;
  apply_activation<S>(config_.activation, detail::mat_mul<S>(A, W.transpose()), 0.01, &dsigma);
  const Mat<S> D = delta(dsigma, detail::jacobian_seed<S>(n, k), k, scales);
  // Ĥ(r, r') = (x_i·x_i'/d)·Σ_j δ(r, j) δ(r', j)
  return (detail::expand_sample_gram(detail::gram_of_rows<S>(A), k).array() *
          detail::gram_of_rows<S>(D).array())
      .matrix();
}

template <class S>
Mat<S> ScaledShallowNet<S>::ntk_gram_block(const Mat<S>& X, const std::string& block_name) const {
  this->check_input(X, "ntk_gram_block");
  (void)this->block(block_name);
  return gram_with_scales(X, lambda_);
}

template <class S>
typename ScaledShallowNet<S>::GramSplit ScaledShallowNet<S>::ntk_gram_split(const Mat<S>& X) const {
  this->check_input(X, "ntk_gram_split");
  const Index m = config_.width;
  using std::pow;
  Vec<S> tilde(m);
  for (Index j = 0; j < m; ++j) tilde(j) = pow(S(j + 1), S(-1) / S(config_.alpha));
  tilde /= tilde.sum();
  return {gram_with_scales(X, Vec<S>::Constant(m, S(1) / S(m))), gram_with_scales(X, tilde)};
}

template <class S>
Vec<S> ScaledShallowNet<S>::vjp(const Mat<S>& X, const Mat<S>& G) const {
  this->check_input(X, "vjp");
  if (G.rows() != X.rows() || G.cols() != output_dim())
    throw InvalidInput(fmt::format("scaled-shallow::vjp: cotangent is {}x{}, expected {}x{}", G.rows(), G.cols(),
                                   X.rows(), output_dim()));
  const Eigen::Map<const detail::RowMajorMat<S>> W(theta_.data(), config_.width, config_.input_dim);
  const Mat<S> A = detail::scaled_inputs(X);
  Mat<S> dsigma;
  apply_activation<S>(config_.activation, detail::mat_mul<S>(A, W.transpose()), 0.01, &dsigma);
  const Mat<S> D = delta(dsigma, G, 1, lambda_);
  Vec<S> grad(num_params());
  Eigen::Map<detail::RowMajorMat<S>>(grad.data(), config_.width, config_.input_dim) =
      detail::mat_mul<S>(D.transpose(), A);
  return grad;
}

template <class S>
Vec<S> ScaledShallowNet<S>::node_displacement(const Vec<S>& theta_ref) const {
  if (theta_ref.size() != theta_.size())
    throw InvalidInput("scaled-shallow::node_displacement: reference θ has the wrong size");
  const Eigen::Map<const detail::RowMajorMat<S>> W(theta_.data(), config_.width, config_.input_dim);
  const Eigen::Map<const detail::RowMajorMat<S>> W0(theta_ref.data(), config_.width, config_.input_dim);
  return (W - W0).rowwise().norm();
}

}  // namespace nncert::models
