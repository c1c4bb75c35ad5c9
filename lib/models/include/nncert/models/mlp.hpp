#pragma once
// Fully connected network (docs/design.md#layers; docs/problem-files.md#kind--mlp-fully-connected-network; docs/kernels.md#fully-connected-kernels).
//
//   h⁰ = x,  z^l = s_l·W^l h^{l−1} + b^l,  h^l = σ(z^l)  (l = 1..L−1),  f = s_L·W^L h^{L−1} + b^L,
// with s_l = 1 (standard) or 1/√m_{l−1} (ntk parameterisation); the output layer is linear.
//
// θ layout (PyTorch nn.Linear order): for l = 1..L, W^l (m_l × m_{l−1}, row-major), then b^l when
// bias = true. Initialisation (nncert::data::Rng seeded with config.seed, one normal() draw per
// parameter in exactly the θ order above): standard W ~ N(0, σ_w²/m_{l−1}), ntk W ~ N(0, σ_w²),
// b ~ N(0, σ_b²); drawn in double, then converted exactly to the model's scalar.
//
// Parameter blocks (K is 1-based):
//   "layer:K"       W^K;   "layer:K.bias"  b^K (when bias = true)
//   "output"        W^L (the linear read-out);  "output.bias"  b^L
//   "wide"          W^{l*+1}: the layer that READS the widest hidden layer h^{l*}, where l* is the first
//                   maximiser of m_1..m_{L−1} (docs/theorems/kawaguchi-sun-2021-expressivity.md, S = W^{l+1}); "into-wide" W^{l*},
//                   the layer that produces it. Both exist only when there is a hidden layer.
//   "all"           every parameter.
// features(X, l): l = 0 the input X, l = 1..L−1 the hidden activations h^l (n × m_l), l = L the output.
#include <string>
#include <vector>

#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/models/model.hpp"
#include "nncert/models/model_config.hpp"

namespace nncert::models {

// θ0 of an Mlp: config.theta when set ([model] theta), else as drawn by its seeded initialisation
// (double, the draw order documented above).
VecD initial_mlp_params(const MlpConfig& config);
// Throws InvalidInput unless widths has ≥ 2 entries, all ≥ 1, and σ_w, σ_b, slope are finite, σ ≥ 0.
void validate(const MlpConfig& config);

template <class S>
class Mlp final : public Model<S> {
 public:
  explicit Mlp(const MlpConfig& config);  // θ0: config.theta, else seeded
  Mlp(const MlpConfig& config, const Vec<S>& theta);

  const MlpConfig& config() const { return config_; }
  Index num_layers() const { return static_cast<Index>(config_.widths.size()) - 1; }  // L
  Index widest_hidden_layer() const;  // l* (1-based), 0 when there is no hidden layer
  // s_l: 1 (standard) or 1/√m_{l−1} (ntk).
  S layer_scale(Index layer) const;
  ParameterBlock weight_block(Index layer) const;
  ParameterBlock bias_block(Index layer) const;  // throws InvalidInput when bias = false

  std::string kind() const override { return "mlp"; }
  Index input_dim() const override { return config_.widths.front(); }
  Index output_dim() const override { return config_.widths.back(); }
  Index num_params() const override { return theta_.size(); }
  const Vec<S>& params() const override { return theta_; }
  void set_params(const Vec<S>& theta) override;
  std::vector<ParameterBlock> blocks() const override;

  Mat<S> forward(const Mat<S>& X) const override;
  Mat<S> jacobian_block(const Mat<S>& X, const std::string& block_name) const override;
  Mat<S> ntk_gram_block(const Mat<S>& X, const std::string& block_name) const override;
  Vec<S> vjp(const Mat<S>& X, const Mat<S>& G) const override;
  Index num_feature_layers() const override { return num_layers() + 1; }
  Mat<S> features(const Mat<S>& X, Index layer) const override;
  typename Model<S>::LossAndGradient squared_loss_and_gradient(const Mat<S>& X,
                                                              const Mat<S>& Y) const override;

 private:
  struct Pass;  // activations h^l and derivatives σ'(z^l) of one forward pass
  struct Part {
    Index layer;
    bool bias;
  };
  Pass run_forward(const Mat<S>& X, Index stop_layer) const;
  std::vector<Mat<S>> backward(const Pass& pass, const Mat<S>& seed, Index reps, Index lowest) const;
  std::vector<Part> parts_of(const ParameterBlock& block) const;
  Vec<S> gradient_from(const Pass& pass, const std::vector<Mat<S>>& delta) const;

  MlpConfig config_;
  Vec<S> theta_;
  std::vector<Index> weight_offset_, bias_offset_;  // index l = 1..L (entry 0 unused)
};


// Rigorous enclosures (src/mlp_enclosure.cpp) of the exact real quantities at the double parameters
// theta (θ0 when empty) and data X: |exact − mid| <= rad entrywise.
// J_S(θ) (sample-major rows i·k + o) for a named block ("all", "output", "layer:K", "layer:K.bias",
// "output.bias", "wide", "into-wide").
linalg::MatrixEnclosure mlp_jacobian_enclosure(const MlpConfig& config, const VecD& theta, const MatD& X,
                                               const std::string& block);
// The features: layer 0 the input X, 1..L−1 the hidden activations h^l (n × m_l), L the output f(X)
// (n × k).
linalg::MatrixEnclosure mlp_feature_enclosure(const MlpConfig& config, const VecD& theta, const MatD& X,
                                              Index layer);

}  // namespace nncert::models
