#pragma once
// ResNet with linearly parameterised residuals and random Fourier features (docs/problem-files.md#kind--rff-resnet-resnet-with-random-fourier-feature-residuals):
//
//   x_0 = A x,  x_{k+1} = x_k + (c/L)·Θ_kᵀ φ(x_k)  (k = 0..L−1),  f(x) = B x_L,
//
// A ∈ R^{q×d} stacks identity copies (A(i, j) = 1 iff i mod d = j), B ∈ R^{d'×q} selects the first d'
// coordinates (B Bᵀ = I), φ: R^q → R^p fixed (RffFeatureMap), Θ_k ∈ R^{p×q} trained, Θ = 0 at init.
// θ layout: Θ_0, Θ_1, …, Θ_{L−1}, each p×q row-major. Frozen randomness (nncert::data::Rng seeded
// with config.seed): Ω (p×q, row-major) with entries normal()/bandwidth, then (rff only) the phases
// b_m = 2π·uniform().
// Back-propagation (chain rule through the residual blocks): with Δ_L = B and
// Δ_k = Δ_{k+1}(I + (c/L) Θ_kᵀ Dφ(x_k)),
//   ∂f/∂Θ_k(m, j) = (c/L)·φ_m(x_k)·Δ_{k+1}(·, j),
// so the Gram is Σ_k (c/L)²·(Φ_k Φ_kᵀ) ⊙ (Δ_{k+1} Δ_{k+1}ᵀ), with Φ_k the n×p feature matrix.
// Blocks: "layer:K" = Θ_{K−1} (K = 1..L) and "all". features(X, k) = Φ_k (n×p, the features read by
// residual k, k = 0..L−1; G_k = Φ_k Φ_kᵀ); states(X, k) = x_k (n×q, k = 0..L).
#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/models/model.hpp"
#include "nncert/models/model_config.hpp"

namespace nncert::models {

void validate(const RffResNetConfig& config);

template <class S>
class RffResNet final : public Model<S> {
 public:
  explicit RffResNet(const RffResNetConfig& config);

  const RffResNetConfig& config() const { return config_; }
  const Mat<S>& embedding() const { return A_; }  // A, q×d
  const Mat<S>& readout() const { return B_; }    // B, d'×q
  const Mat<S>& frequencies() const { return omega_; }  // Ω, p×q
  const Vec<S>& phases() const { return phase_; }       // b (zeros for cos_no_phase)
  Mat<S> states(const Mat<S>& X, Index k) const;

  std::string kind() const override { return "rff-resnet"; }
  Index input_dim() const override { return config_.input_dim; }
  Index output_dim() const override { return config_.output_dim; }
  Index num_params() const override { return theta_.size(); }
  const Vec<S>& params() const override { return theta_; }
  void set_params(const Vec<S>& theta) override;
  std::vector<ParameterBlock> blocks() const override;

  Mat<S> forward(const Mat<S>& X) const override;
  Mat<S> jacobian_block(const Mat<S>& X, const std::string& block_name) const override;
  Mat<S> ntk_gram_block(const Mat<S>& X, const std::string& block_name) const override;
  Vec<S> vjp(const Mat<S>& X, const Mat<S>& G) const override;
  Index num_feature_layers() const override { return config_.depth; }
  Mat<S> features(const Mat<S>& X, Index layer) const override;

 private:
  struct Pass {
    std::vector<Mat<S>> x;    // x_k, k = 0..L
    std::vector<Mat<S>> phi;  // Φ_k, k = 0..L−1
    std::vector<Mat<S>> dphi; // dφ_m/d(pre-activation) at x_k, n×p
  };
  Pass run_forward(const Mat<S>& X) const;
  std::vector<Mat<S>> backward(const Pass& pass, const Mat<S>& seed, Index reps) const;  // Δ_k, k = 1..L
  std::pair<Index, Index> layer_range(const ParameterBlock& block) const;
  S step() const;  // c/L

  RffResNetConfig config_;
  Vec<S> theta_;
  Mat<S> A_, B_, omega_;
  Vec<S> phase_;
  S feature_scale_;  // √(2/p) (rff) or 1 (cos_no_phase)
};

// Rigorous enclosure (src/rff_resnet_enclosure.cpp) of Φ(A X): the features every residual reads at
// Θ = 0 (all states equal A x there), N×p, scaled by the residual scale c (so that G = Φ Φᵀ is the
// c²-scaled Gram of the local-PL theorem); |exact − mid| <= rad entrywise.
linalg::MatrixEnclosure rff_feature_enclosure(const RffResNetConfig& config, const MatD& X);

}  // namespace nncert::models
