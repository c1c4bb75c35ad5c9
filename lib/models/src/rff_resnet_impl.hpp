#pragma once
#include <cmath>
#include <utility>

#include <boost/math/constants/constants.hpp>
#include <fmt/format.h>

#include "layer_products_impl.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::models {

template <class S>
RffResNet<S>::RffResNet(const RffResNetConfig& config) : config_(config) {
  validate(config_);
  const Index d = config_.input_dim, dout = config_.output_dim, q = config_.hidden, p = config_.features;
  A_ = Mat<S>::Zero(q, d);
  for (Index i = 0; i < q; ++i) A_(i, i % d) = S(1);
  B_ = Mat<S>::Zero(dout, q);
  for (Index o = 0; o < dout; ++o) B_(o, o) = S(1);
  data::Rng rng(config_.seed);
  omega_.resize(p, q);
  for (Index m = 0; m < p; ++m)
    for (Index j = 0; j < q; ++j) omega_(m, j) = S(rng.normal() / config_.bandwidth);
  phase_ = Vec<S>::Zero(p);
  using std::sqrt;
  if (config_.feature_map == RffFeatureMap::rff) {
    for (Index m = 0; m < p; ++m) phase_(m) = boost::math::constants::two_pi<S>() * S(rng.uniform());
    feature_scale_ = sqrt(S(2) / S(p));
  } else {
    feature_scale_ = S(1);
  }
  theta_ = Vec<S>::Zero(config_.depth * p * q);
  if (config_.theta) set_params(config_.theta.values->template cast<S>());  // [model] theta
}

template <class S>
S RffResNet<S>::step() const {
  return S(config_.residual_scale) / S(config_.depth);
}

template <class S>
void RffResNet<S>::set_params(const Vec<S>& theta) {
  if (theta.size() != theta_.size())
    throw InvalidInput(fmt::format("rff-resnet::set_params: θ has {} entries, the model has p = {}", theta.size(),
                                   theta_.size()));
  theta_ = theta;
}

template <class S>
std::vector<ParameterBlock> RffResNet<S>::blocks() const {
  std::vector<ParameterBlock> out;
  const Index size = config_.features * config_.hidden;
  for (Index k = 0; k < config_.depth; ++k)
    out.push_back({fmt::format("layer:{}", k + 1), k * size, size,
                   fmt::format("Θ_{} ({}x{})", k, config_.features, config_.hidden)});
  out.push_back({"all", 0, num_params(), "all parameters"});
  return out;
}

template <class S>
std::pair<Index, Index> RffResNet<S>::layer_range(const ParameterBlock& block) const {
  const Index size = config_.features * config_.hidden;
  return {block.offset / size, (block.offset + block.size) / size};
}

template <class S>
typename RffResNet<S>::Pass RffResNet<S>::run_forward(const Mat<S>& X) const {
  using std::cos;
  using std::sin;
  const Index L = config_.depth, p = config_.features, q = config_.hidden;
  Pass pass;
  pass.x.resize(L + 1);
  pass.phi.resize(L);
  pass.dphi.resize(L);
  pass.x[0] = detail::mat_mul<S>(X, A_.transpose());
  for (Index k = 0; k < L; ++k) {
    Mat<S> pre = detail::mat_mul<S>(pass.x[k], omega_.transpose());
    pre.rowwise() += phase_.transpose();
    pass.phi[k] = pre.unaryExpr([&](const S& v) { return S(feature_scale_ * cos(v)); });
    pass.dphi[k] = pre.unaryExpr([&](const S& v) { return S(-feature_scale_ * sin(v)); });
    const Eigen::Map<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> theta_k(
        theta_.data() + k * p * q, p, q);
    pass.x[k + 1] = pass.x[k] + step() * detail::mat_mul<S>(pass.phi[k], theta_k);
  }
  return pass;
}

// Rows of the seed are cotangents of f (R×d'); returns Δ_k = ∂(seed·f)/∂x_k (R×q) for k = 1..L.
template <class S>
std::vector<Mat<S>> RffResNet<S>::backward(const Pass& pass, const Mat<S>& seed, Index reps) const {
  const Index L = config_.depth, p = config_.features, q = config_.hidden;
  std::vector<Mat<S>> delta(L + 1);
  delta[L] = detail::mat_mul<S>(seed, B_);
  for (Index k = L - 1; k >= 1; --k) {
    const Eigen::Map<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> theta_k(
        theta_.data() + k * p * q, p, q);
    // Δ_k = Δ_{k+1} + (c/L)·((Δ_{k+1} Θ_kᵀ) ⊙ φ'(x_k)) Ω
    Mat<S> t = detail::mat_mul<S>(delta[k + 1], theta_k.transpose());
    detail::scale_rows_by_sample(t, pass.dphi[k], reps);
    delta[k] = delta[k + 1] + step() * detail::mat_mul<S>(t, omega_);
  }
  return delta;
}

template <class S>
Mat<S> RffResNet<S>::forward(const Mat<S>& X) const {
  this->check_input(X, "forward");
  return detail::mat_mul<S>(run_forward(X).x[config_.depth], B_.transpose());
}

template <class S>
Mat<S> RffResNet<S>::states(const Mat<S>& X, Index k) const {
  this->check_input(X, "states");
  if (k < 0 || k > config_.depth)
    throw InvalidInput(fmt::format("rff-resnet::states: k = {} out of range 0..{}", k, config_.depth));
  return run_forward(X).x[k];
}

template <class S>
Mat<S> RffResNet<S>::features(const Mat<S>& X, Index layer) const {
  this->check_input(X, "features");
  if (layer < 0 || layer >= config_.depth)
    throw InvalidInput(fmt::format("rff-resnet::features: layer {} out of range 0..{}", layer, config_.depth - 1));
  return run_forward(X).phi[layer];
}

template <class S>
Mat<S> RffResNet<S>::jacobian_block(const Mat<S>& X, const std::string& block_name) const {
  this->check_input(X, "jacobian_block");
  const ParameterBlock blk = this->block(block_name);
  const auto [first, last] = layer_range(blk);
  const Index n = X.rows(), k = output_dim(), size = config_.features * config_.hidden;
  const Pass pass = run_forward(X);
  const auto delta = backward(pass, detail::jacobian_seed<S>(n, k), k);
  Mat<S> J(n * k, blk.size);
  for (Index layer = first; layer < last; ++layer)
    detail::write_outer_jacobian<S>(detail::repeat_rows(pass.phi[layer], k), delta[layer + 1], step(), J,
                                    layer * size - blk.offset);
  return J;
}

template <class S>
Mat<S> RffResNet<S>::ntk_gram_block(const Mat<S>& X, const std::string& block_name) const {
  this->check_input(X, "ntk_gram_block");
  const ParameterBlock blk = this->block(block_name);
  const auto [first, last] = layer_range(blk);
  const Index n = X.rows(), k = output_dim();
  const Pass pass = run_forward(X);
  const auto delta = backward(pass, detail::jacobian_seed<S>(n, k), k);
  Mat<S> gram = Mat<S>::Zero(n * k, n * k);
  const S c2 = step() * step();
  for (Index layer = first; layer < last; ++layer)
    gram.array() += c2 * detail::expand_sample_gram(detail::gram_of_rows<S>(pass.phi[layer]), k).array() *
                    detail::gram_of_rows<S>(delta[layer + 1]).array();
  return gram;
}

template <class S>
Vec<S> RffResNet<S>::vjp(const Mat<S>& X, const Mat<S>& G) const {
  this->check_input(X, "vjp");
  if (G.rows() != X.rows() || G.cols() != output_dim())
    throw InvalidInput(fmt::format("rff-resnet::vjp: cotangent is {}x{}, expected {}x{}", G.rows(), G.cols(),
                                   X.rows(), output_dim()));
  const Index p = config_.features, q = config_.hidden;
  const Pass pass = run_forward(X);
  const auto delta = backward(pass, G, 1);
  Vec<S> grad(num_params());
  for (Index k = 0; k < config_.depth; ++k) {
    // ∂/∂Θ_k = (c/L) Φ_kᵀ Δ_{k+1}
    Eigen::Map<Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(grad.data() + k * p * q, p, q) =
        step() * detail::mat_mul<S>(pass.phi[k].transpose(), delta[k + 1]);
  }
  return grad;
}

}  // namespace nncert::models
