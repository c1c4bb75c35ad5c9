#pragma once
// Convolutional ReLU network whose infinite-width NTK is nncert's CNTK (docs/problem-files.md#kind--cnn-convolutional-network;
// docs/kernels.md#convolutional-kernels-cntk), in the NTK parameterisation: every trained weight is
// drawn N(0, 1) and the widths enter as explicit factors.
//
// Input x⁰: C₀ channels of P×Q pixels (channel-major rows, as the data's image shape). With q = 2r + 1,
// L = depth − 1 convolutional layers of C channels, s = √(2/(C·q²)) (c_σ = 2):
//   z¹_β(p) = Σ_α Σ_{|a|,|b| ≤ r} W¹_{β,α,a,b} x⁰_α(p + (a, b))      (zero padding, stride 1)
//   h^l = s·relu(z^l),   z^{l+1}_β(p) = Σ_α Σ_{a,b} W^{l+1}_{β,α,a,b} h^l_α(p + (a, b))    (l = 1..L−1)
//   vanilla: f_o = κ·Σ_{β,p} V_{o,β,p} h^L_β(p)      gap: f_o = κ·Σ_β V_{o,β} (1/(PQ)) Σ_p h^L_β(p)
// No biases. The first layer is not scaled (its covariance is the CNTK's Σ⁰ = 𝒯(Σ_c x_c ⊗ x'_c) without
// a 1/C₀ or 1/q² factor), and every later layer reads s·relu, so the pre-activations of layer l + 1
// have covariance 𝒯(K^l) with K^l = (2/q²)·E[relu(u) relu(v)], the kernel's recursion. Hence, as C → ∞,
//   J(x) J(x')ᵀ → Θ_CNTK(x, x')·I_k   (vanilla: Σ_p R_pp;  gap: (PQ)⁻² Σ_{p,p'} R_pp'),
// the same constant as kernels::cntk_gram (not merely proportional), times κ² for the output scale κ
// (output_scale, default 1: Arora et al.'s κ, which shrinks the random initial output while the
// kernel's regression predictions do not change). For depth 2 (one conv layer) the
// expectation over θ of the empirical NTK equals the CNTK exactly at every width C; deeper nets
// approach it as C grows.
//
// θ layout (PyTorch Conv2d / Linear order): for l = 1..L, W^l as C × C_{l−1} × q × q (row-major:
// out channel, in channel, filter row a + r, filter column b + r; C_{l−1} = C₀ for l = 1, else C), then
// the readout V as k × (C·P·Q) row-major with feature index β·PQ + i·Q + j (vanilla) or k × C (gap).
// Initialisation (nncert::data::Rng seeded with config.seed): one normal() per parameter in θ order.
//
// Parameter blocks: "layer:K" W^K (K = 1..L), "output" V, "all".
// features(X, l): l = 0 the input X, l = 1..L the activations h^l (n × C·P·Q, channel-major), l = L + 1
// the output f (n × k).
//
// Derivatives by back-propagation through im2col and matrix products (samples in chunks, so the
// patch matrix stays small). ntk_gram_block forms one layer's Jacobian at a time and sums J_l J_lᵀ.
#include <string>
#include <vector>

#include "nncert/models/model.hpp"
#include "nncert/models/model_config.hpp"

namespace nncert::models {

// Throws InvalidInput unless the image, channels, depth >= 2, odd filter and k are valid.
void validate(const CnnConfig& config);
// θ0 of a Cnn: config.theta when set, else the seeded N(0, 1) draw in θ order.
VecD initial_cnn_params(const CnnConfig& config);

template <class S>
class Cnn final : public Model<S> {
 public:
  explicit Cnn(const CnnConfig& config);  // θ0: config.theta, else seeded
  Cnn(const CnnConfig& config, const Vec<S>& theta);

  const CnnConfig& config() const { return config_; }
  Index conv_layers() const { return config_.conv_layers(); }  // L
  S activation_scale() const;                                   // s = √(2/(C·q²))

  std::string kind() const override { return "cnn"; }
  Index input_dim() const override { return config_.input_dim(); }
  Index output_dim() const override { return config_.output_dim; }
  Index num_params() const override { return theta_.size(); }
  const Vec<S>& params() const override { return theta_; }
  void set_params(const Vec<S>& theta) override;
  std::vector<ParameterBlock> blocks() const override;

  Mat<S> forward(const Mat<S>& X) const override;
  Mat<S> jacobian_block(const Mat<S>& X, const std::string& block_name) const override;
  Mat<S> ntk_gram_block(const Mat<S>& X, const std::string& block_name) const override;
  Vec<S> vjp(const Mat<S>& X, const Mat<S>& G) const override;
  Index num_feature_layers() const override { return conv_layers() + 2; }
  Mat<S> features(const Mat<S>& X, Index layer) const override;
  typename Model<S>::LossAndGradient squared_loss_and_gradient(const Mat<S>& X,
                                                              const Mat<S>& Y) const override;

 private:
  struct Pass;
  Pass run_forward(const Mat<S>& X, Index stop_layer) const;
  // Back-propagates the output cotangents `seed` (R×k, row r belongs to sample r / reps) down to layer
  // `lowest`; returns dz^l ((R·PQ) × C, pixel-major within a row's block) for l = lowest..L.
  std::vector<Mat<S>> backward(const Pass& pass, const Mat<S>& seed, Index reps, Index lowest) const;
  Vec<S> gradient_from(const Pass& pass, const Mat<S>& seed, const std::vector<Mat<S>>& dz) const;
  // Rows of J for one layer's weights (or the readout when layer = L + 1).
  Mat<S> layer_jacobian(const Pass& pass, const Mat<S>& seed, const std::vector<Mat<S>>& dz, Index layer,
                        Index reps) const;
  Index in_channels(Index layer) const { return layer == 1 ? config_.input_channels : config_.channels; }
  Index readout_features() const;
  std::vector<Index> layers_of(const ParameterBlock& block) const;  // 1..L conv, L + 1 readout
  // One forward pass and one back-propagation of every output for X, then fn(layer, J_layer) for each
  // layer of the block in turn (J_layer: the rows of J for that layer's weights): what jacobian_block
  // and ntk_gram_block share.
  template <class Fn>
  void for_each_layer_jacobian(const Mat<S>& X, const ParameterBlock& block, Fn&& fn) const;

  CnnConfig config_;
  Vec<S> theta_;
  std::vector<Index> offset_;  // offset_[l], l = 1..L + 1 (L + 1: the readout)
};

}  // namespace nncert::models
