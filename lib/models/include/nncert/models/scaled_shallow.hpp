#pragma once
// Shallow net with asymmetrical node scaling (docs/theorems/caron-2023-node-scaling.md):
//
//   f_o(x; W) = Σ_{j=1..m} u_{jo} √λ_j σ(w_j·x/√d),
//   λ_j = γ/m + (1−γ)·λ̃_j,  λ̃_j = j^(−1/α) / Σ_{i=1..m} i^(−1/α)   (j = 1..m, so Σ_j λ_j = 1 exactly;
//   the authors' code gives node 1 zero Zipf mass, this implementation does not).
//
// Only W (m×d, row-major in θ: w_1, then w_2, …) is trained; u ∈ {±1}^{m×k} and λ are frozen.
// Initialisation (nncert::data::Rng seeded with config.seed): first the m·d entries of W in θ order,
// each weight_std·normal(); then u row-major (j, o), each +1 if uniform() < 1/2 else −1.
// Blocks: "W" and "all" (the same range). features(X, 0) = X, features(X, 1) = σ(X Wᵀ/√d) (n×m,
// before the √λ_j u_j read-out), features(X, 2) = f.
#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/models/model.hpp"
#include "nncert/models/model_config.hpp"

namespace nncert::models {

void validate(const ScaledShallowConfig& config);
// λ_j (j = 1..m) and the two pieces: λ = γ·(1/m) + (1−γ)·λ̃. Double precision.
VecD node_scales(Index width, double gamma, double alpha);
VecD power_law_scales(Index width, double alpha);  // λ̃

template <class S>
class ScaledShallowNet final : public Model<S> {
 public:
  explicit ScaledShallowNet(const ScaledShallowConfig& config);  // seeded W0 and u

  const ScaledShallowConfig& config() const { return config_; }
  const Vec<S>& lambdas() const { return lambda_; }          // λ_j
  const Mat<S>& output_signs() const { return signs_; }      // u, m×k

  std::string kind() const override { return "scaled-shallow"; }
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
  Index num_feature_layers() const override { return 3; }
  Mat<S> features(const Mat<S>& X, Index layer) const override;

  // Ĥ = γ·Ĥ^NTK + (1−γ)·Ĥ^asym (docs/theorems/caron-2023-node-scaling.md): the tangent Gram with every λ_j
  // replaced by 1/m (ntk) and by λ̃_j (asym). Both PSD, (n·k)×(n·k).
  struct GramSplit {
    Mat<S> ntk;
    Mat<S> asym;
  };
  GramSplit ntk_gram_split(const Mat<S>& X) const;
  // ||w_j − w_j^ref|| per node j (the authors' code's `v1diff` is its square); theta_ref is e.g. θ0.
  Vec<S> node_displacement(const Vec<S>& theta_ref) const;

 private:
  Mat<S> gram_with_scales(const Mat<S>& X, const Vec<S>& scales) const;
  Mat<S> delta(const Mat<S>& dsigma, const Mat<S>& seed, Index reps, const Vec<S>& scales) const;

  ScaledShallowConfig config_;
  Vec<S> theta_;
  Vec<S> lambda_;
  Mat<S> signs_;
};

// Rigorous enclosure (src/scaled_shallow_enclosure.cpp) of J(W) with respect to W, at the double
// parameters theta (W0 when empty) and data X: |exact − mid| <= rad entrywise.
linalg::MatrixEnclosure scaled_shallow_jacobian_enclosure(const ScaledShallowConfig& config, const VecD& theta,
                                                          const MatD& X);
// Rigorous enclosure (same file) of the tangent Gram Ĥ = J Jᵀ ((n·k)×(n·k), rows (i, o) as in J), formed
// without J: Ĥ[(i,o),(i',o')] = (x_i·x_i'/d)·Σ_j u_jo u_jo' λ_j σ'(z_ij) σ'(z_i'j). Memory O(n·k·m + (n·k)²
// + n·d + m·d), time O((n·k)²·m + n²·d + n·m·d). Midpoint exactly symmetric.
linalg::MatrixEnclosure scaled_shallow_tangent_gram_enclosure(const ScaledShallowConfig& config, const VecD& theta,
                                                              const MatD& X);

}  // namespace nncert::models
