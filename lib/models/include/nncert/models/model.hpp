#pragma once
// Model<S>: a network f(·; θ): R^d → R^k with exact derivatives in θ (docs/design.md#layers).
//
// Conventions shared by every model:
//  * X is n×d (one sample per row); forward(X) is n×k.
//  * Jacobians are sample-major: row i·k + o of J is ∂f_o(x_i)/∂θ (docs/problem-files.md#the-loss), so J is
//    (n·k)×p and the empirical NTK Gram is K = J Jᵀ, (n·k)×(n·k).
//  * θ is one flat vector; a ParameterBlock is a named contiguous range [offset, offset + size).
//    Every model has the block "all"; the others are listed by blocks().
//  * Squared loss L(θ) = (1/(2n)) Σ_i ||f(x_i) − y_i||² (docs/problem-files.md#the-loss and
//    docs/problem-files.md#kind--rff-resnet-resnet-with-random-fourier-feature-residuals; the node-scaling code's MSE (1/(n·k))||r||² is 2/k times this).
//  * Derivatives come from back-propagation written per layer, never from finite differences.
//    ntk_gram never forms J: it sums per-layer products (A Aᵀ)⊙(Δ Δᵀ).
// Scalars: double, Float128, MpfrFloat (explicit instantiations; MPFR uses the precision current at
// construction of the values, set it with MpfrPrecision before building the model).
#include <memory>
#include <string>
#include <vector>

#include "nncert/numeric/types.hpp"

namespace nncert::models {

// The names of a comma-separated block list ("output,output.bias"), empty entries dropped.
std::vector<std::string> split_block_list(const std::string& list);

struct ParameterBlock {
  std::string name;         // e.g. "layer:2", "layer:2.bias", "output", "wide", "all"
  Index offset = 0;         // first index in θ
  Index size = 0;           // number of parameters
  std::string description;  // what the block is, in words
};

template <class S>
class Model {
 public:
  virtual ~Model() = default;

  virtual std::string kind() const = 0;  // "mlp", "scaled-shallow", "rff-resnet"
  virtual Index input_dim() const = 0;   // d
  virtual Index output_dim() const = 0;  // k
  virtual Index num_params() const = 0;  // p

  virtual const Vec<S>& params() const = 0;
  // Throws InvalidInput when theta.size() != num_params().
  virtual void set_params(const Vec<S>& theta) = 0;

  // Named blocks, "all" last. block(name) throws InvalidInput naming the known blocks.
  virtual std::vector<ParameterBlock> blocks() const = 0;
  ParameterBlock block(const std::string& name) const;

  // n×k outputs.
  virtual Mat<S> forward(const Mat<S>& X) const = 0;

  // (n·k)×|S| Jacobian of vec(f_X) (sample-major) with respect to the block's parameters.
  virtual Mat<S> jacobian_block(const Mat<S>& X, const std::string& block_name) const = 0;
  Mat<S> jacobian(const Mat<S>& X) const { return jacobian_block(X, "all"); }

  // J_S J_Sᵀ, (n·k)×(n·k), computed structurally (never forming J_S).
  virtual Mat<S> ntk_gram_block(const Mat<S>& X, const std::string& block_name) const = 0;
  Mat<S> ntk_gram(const Mat<S>& X) const { return ntk_gram_block(X, "all"); }

  // Vector–Jacobian product Jᵀ vec(G) for G n×k (sample-major vec), by one backward pass.
  virtual Vec<S> vjp(const Mat<S>& X, const Mat<S>& G) const = 0;

  // Representations inside the net; layer 0 is the input. See each model for what layer l means.
  virtual Index num_feature_layers() const = 0;  // valid layers are 0..num_feature_layers()−1
  virtual Mat<S> features(const Mat<S>& X, Index layer) const = 0;

  // L(θ) = (1/(2n))||f(X) − Y||_F² and ∇_θ L = Jᵀ vec(f(X) − Y)/n.
  S squared_loss(const Mat<S>& X, const Mat<S>& Y) const;
  Vec<S> squared_loss_gradient(const Mat<S>& X, const Mat<S>& Y) const;
  // Both at once (the Mlp shares one forward pass between them).
  struct LossAndGradient {
    S loss;
    Vec<S> gradient;
  };
  virtual LossAndGradient squared_loss_and_gradient(const Mat<S>& X, const Mat<S>& Y) const;

 protected:
  void check_input(const Mat<S>& X, const char* function) const;
  void check_targets(const Mat<S>& X, const Mat<S>& Y, const char* function) const;
};

}  // namespace nncert::models
