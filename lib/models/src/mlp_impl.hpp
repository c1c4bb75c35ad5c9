#pragma once
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "activation_impl.hpp"
#include "layer_products_impl.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::models {

template <class S>
struct Mlp<S>::Pass {
  std::vector<Mat<S>> h;       // h[0] = X, h[l] = σ(z^l) for l = 1..L−1
  std::vector<Mat<S>> dsigma;  // dsigma[l] = σ'(z^l), l = 1..L−1
  Mat<S> out;                  // f (n×k), only when the pass reached layer L
};

namespace detail {
template <class S>
using RowMajorMap = Eigen::Map<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
template <class S>
using RowMajorMutMap = Eigen::Map<Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
}  // namespace detail

template <class S>
Mlp<S>::Mlp(const MlpConfig& config) : Mlp(config, initial_mlp_params(config).template cast<S>()) {}

template <class S>
Mlp<S>::Mlp(const MlpConfig& config, const Vec<S>& theta) : config_(config) {
  validate(config_);
  const Index layers = num_layers();
  weight_offset_.assign(layers + 1, 0);
  bias_offset_.assign(layers + 1, -1);
  Index offset = 0;
  for (Index l = 1; l <= layers; ++l) {
    weight_offset_[l] = offset;
    offset += config_.widths[l] * config_.widths[l - 1];
    if (config_.bias) {
      bias_offset_[l] = offset;
      offset += config_.widths[l];
    }
  }
  theta_.resize(offset);
  set_params(theta);
}

template <class S>
void Mlp<S>::set_params(const Vec<S>& theta) {
  if (theta.size() != theta_.size())
    throw InvalidInput(fmt::format("mlp::set_params: θ has {} entries, the model has p = {}", theta.size(),
                                   theta_.size()));
  theta_ = theta;
}

template <class S>
Index Mlp<S>::widest_hidden_layer() const {
  Index best = 0;
  for (Index l = 1; l < num_layers(); ++l)
    if (best == 0 || config_.widths[l] > config_.widths[best]) best = l;
  return best;
}

template <class S>
S Mlp<S>::layer_scale(Index layer) const {
  using std::sqrt;
  if (config_.parameterization == Parameterization::standard) return S(1);
  return S(1) / sqrt(S(config_.widths[layer - 1]));
}

template <class S>
ParameterBlock Mlp<S>::weight_block(Index layer) const {
  if (layer < 1 || layer > num_layers())
    throw InvalidInput(fmt::format("mlp: layer {} out of range 1..{}", layer, num_layers()));
  return {fmt::format("layer:{}", layer), weight_offset_[layer], config_.widths[layer] * config_.widths[layer - 1],
          fmt::format("W^{} ({}x{})", layer, config_.widths[layer], config_.widths[layer - 1])};
}

template <class S>
ParameterBlock Mlp<S>::bias_block(Index layer) const {
  if (!config_.bias) throw InvalidInput("mlp: the model has no biases (bias = false)");
  if (layer < 1 || layer > num_layers())
    throw InvalidInput(fmt::format("mlp: layer {} out of range 1..{}", layer, num_layers()));
  return {fmt::format("layer:{}.bias", layer), bias_offset_[layer], config_.widths[layer],
          fmt::format("b^{} ({})", layer, config_.widths[layer])};
}

template <class S>
std::vector<ParameterBlock> Mlp<S>::blocks() const {
  std::vector<ParameterBlock> out;
  const Index layers = num_layers();
  for (Index l = 1; l <= layers; ++l) {
    out.push_back(weight_block(l));
    if (config_.bias) out.push_back(bias_block(l));
  }
  auto renamed = [](ParameterBlock b, std::string name, std::string what) {
    b.description = what + ": " + b.description;
    b.name = std::move(name);
    return b;
  };
  out.push_back(renamed(weight_block(layers), "output", "output layer"));
  if (config_.bias) out.push_back(renamed(bias_block(layers), "output.bias", "output bias"));
  if (const Index wide = widest_hidden_layer(); wide > 0) {
    out.push_back(renamed(weight_block(wide + 1), "wide",
                          fmt::format("layer reading the widest hidden layer h^{} (m = {})", wide,
                                      config_.widths[wide])));
    out.push_back(renamed(weight_block(wide), "into-wide",
                          fmt::format("layer producing the widest hidden layer h^{}", wide)));
  }
  out.push_back({"all", 0, num_params(), "all parameters"});
  return out;
}

template <class S>
std::vector<typename Mlp<S>::Part> Mlp<S>::parts_of(const ParameterBlock& block) const {
  std::vector<Part> parts;
  for (Index l = 1; l <= num_layers(); ++l) {
    const Index w0 = weight_offset_[l], w1 = w0 + config_.widths[l] * config_.widths[l - 1];
    if (w0 >= block.offset && w1 <= block.offset + block.size) parts.push_back({l, false});
    if (config_.bias) {
      const Index b0 = bias_offset_[l], b1 = b0 + config_.widths[l];
      if (b0 >= block.offset && b1 <= block.offset + block.size) parts.push_back({l, true});
    }
  }
  return parts;
}

template <class S>
typename Mlp<S>::Pass Mlp<S>::run_forward(const Mat<S>& X, Index stop_layer) const {
  Pass pass;
  const Index layers = num_layers();
  pass.h.resize(layers);
  pass.dsigma.resize(layers);
  pass.h[0] = X;
  for (Index l = 1; l <= stop_layer; ++l) {
    const detail::RowMajorMap<S> W(theta_.data() + weight_offset_[l], config_.widths[l], config_.widths[l - 1]);
    Mat<S> z = detail::mat_mul<S>(pass.h[l - 1], W.transpose());
    if (config_.parameterization == Parameterization::ntk) z *= layer_scale(l);
    if (config_.bias) {
      const Eigen::Map<const Vec<S>> b(theta_.data() + bias_offset_[l], config_.widths[l]);
      z.rowwise() += b.transpose();
    }
    if (l == layers) {
      pass.out = std::move(z);
    } else {
      pass.h[l] = apply_activation<S>(config_.activation, z, config_.leaky_slope, &pass.dsigma[l]);
    }
  }
  return pass;
}

// δ^L = seed (R×k, row r belongs to sample r / reps); δ^l = (δ^{l+1} s_{l+1} W^{l+1}) ⊙ σ'(z^l).
template <class S>
std::vector<Mat<S>> Mlp<S>::backward(const Pass& pass, const Mat<S>& seed, Index reps, Index lowest) const {
  const Index layers = num_layers();
  std::vector<Mat<S>> delta(layers + 1);
  delta[layers] = seed;
  for (Index l = layers - 1; l >= lowest && l >= 1; --l) {
    const detail::RowMajorMap<S> W(theta_.data() + weight_offset_[l + 1], config_.widths[l + 1],
                                   config_.widths[l]);
    delta[l] = detail::mat_mul<S>(delta[l + 1], W);
    if (config_.parameterization == Parameterization::ntk) delta[l] *= layer_scale(l + 1);
    detail::scale_rows_by_sample(delta[l], pass.dsigma[l], reps);
  }
  return delta;
}

template <class S>
Mat<S> Mlp<S>::forward(const Mat<S>& X) const {
  this->check_input(X, "forward");
  return run_forward(X, num_layers()).out;
}

template <class S>
Mat<S> Mlp<S>::features(const Mat<S>& X, Index layer) const {
  this->check_input(X, "features");
  if (layer < 0 || layer > num_layers())
    throw InvalidInput(fmt::format("mlp::features: layer {} out of range 0..{}", layer, num_layers()));
  if (layer == 0) return X;
  Pass pass = run_forward(X, layer);
  return layer == num_layers() ? pass.out : pass.h[layer];
}

template <class S>
Mat<S> Mlp<S>::jacobian_block(const Mat<S>& X, const std::string& block_name) const {
  this->check_input(X, "jacobian_block");
  const ParameterBlock blk = this->block(block_name);
  const auto parts = parts_of(blk);
  const Index n = X.rows(), k = output_dim();
  Index lowest = num_layers();
  for (const auto& part : parts) lowest = std::min(lowest, part.layer);
  const Pass pass = run_forward(X, num_layers() - 1);
  const auto delta = backward(pass, detail::jacobian_seed<S>(n, k), k, lowest);
  Mat<S> J(n * k, blk.size);
  for (const auto& part : parts) {
    if (part.bias) {
      J.middleCols(bias_offset_[part.layer] - blk.offset, config_.widths[part.layer]) = delta[part.layer];
    } else {
      // ∂f_r/∂W^l(a, b) = s_l·δ^l(r, a)·h^{l−1}(i(r), b)
      detail::write_outer_jacobian<S>(delta[part.layer], detail::repeat_rows(pass.h[part.layer - 1], k),
                                      layer_scale(part.layer), J, weight_offset_[part.layer] - blk.offset);
    }
  }
  return J;
}

template <class S>
Mat<S> Mlp<S>::ntk_gram_block(const Mat<S>& X, const std::string& block_name) const {
  this->check_input(X, "ntk_gram_block");
  const ParameterBlock blk = this->block(block_name);
  const auto parts = parts_of(blk);
  const Index n = X.rows(), k = output_dim();
  Index lowest = num_layers();
  for (const auto& part : parts) lowest = std::min(lowest, part.layer);
  const Pass pass = run_forward(X, num_layers() - 1);
  const auto delta = backward(pass, detail::jacobian_seed<S>(n, k), k, lowest);
  Mat<S> gram = Mat<S>::Zero(n * k, n * k);
  for (Index l = lowest; l <= num_layers(); ++l) {
    bool with_weight = false, with_bias = false;
    for (const auto& part : parts)
      if (part.layer == l) (part.bias ? with_bias : with_weight) = true;
    if (!with_weight && !with_bias) continue;
    // Rows of J for layer l: δ^l(r,·) ⊗ (s_l h^{l−1}(i(r),·), 1), so the layer's share of J Jᵀ is
    // (s_l² h^{l−1} h^{l−1}ᵀ + 1)(i(r), i(r')) · (δ^l δ^lᵀ)(r, r').
    Mat<S> coefficient;
    if (with_weight) {
      const S s = layer_scale(l);
      coefficient = detail::gram_of_rows<S>(pass.h[l - 1]);
      if (config_.parameterization == Parameterization::ntk) coefficient *= s * s;
      if (with_bias) coefficient.array() += S(1);
    } else {
      coefficient = Mat<S>::Ones(n, n);
    }
    const Mat<S> delta_gram = detail::gram_of_rows<S>(delta[l]);
    gram.array() += detail::expand_sample_gram(coefficient, k).array() * delta_gram.array();
  }
  return gram;
}

template <class S>
Vec<S> Mlp<S>::gradient_from(const Pass& pass, const std::vector<Mat<S>>& delta) const {
  Vec<S> grad(num_params());
  for (Index l = 1; l <= num_layers(); ++l) {
    detail::RowMajorMutMap<S> gW(grad.data() + weight_offset_[l], config_.widths[l], config_.widths[l - 1]);
    // ∂/∂W^l = s_l δ^lᵀ h^{l−1}
    gW = detail::mat_mul<S>(delta[l].transpose(), pass.h[l - 1]);
    if (config_.parameterization == Parameterization::ntk) gW *= layer_scale(l);
    if (config_.bias) grad.segment(bias_offset_[l], config_.widths[l]) = delta[l].colwise().sum().transpose();
  }
  return grad;
}

template <class S>
Vec<S> Mlp<S>::vjp(const Mat<S>& X, const Mat<S>& G) const {
  this->check_input(X, "vjp");
  if (G.rows() != X.rows() || G.cols() != output_dim())
    throw InvalidInput(fmt::format("mlp::vjp: cotangent is {}x{}, expected {}x{}", G.rows(), G.cols(), X.rows(),
                                   output_dim()));
  const Pass pass = run_forward(X, num_layers() - 1);
  return gradient_from(pass, backward(pass, G, 1, 1));
}

template <class S>
typename Model<S>::LossAndGradient Mlp<S>::squared_loss_and_gradient(const Mat<S>& X, const Mat<S>& Y) const {
  this->check_targets(X, Y, "squared_loss_and_gradient");
  const Pass pass = run_forward(X, num_layers());
  const S n = S(X.rows());
  const Mat<S> r = pass.out - Y;
  return {r.squaredNorm() / (S(2) * n), gradient_from(pass, backward(pass, r / n, 1, 1))};
}

}  // namespace nncert::models
