#pragma once
// The `[model]` section of a problem file (docs/problem-files.md) as plain configuration structs. These are
// what kernels, verifiers and the trainer exchange; build_model (build_model.hpp) turns one into a
// Model<Scalar> with its seeded θ0.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <toml++/toml.h>

#include "nncert/data/dataset.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::models {

// `[model] theta = "FILE.npy"`: θ0 read from a file instead of drawn from the seed. The seed still draws
// everything that is not trained (the signs of scaled-shallow, the random features of rff-resnet), so
// only θ changes. Every seeded constructor (Mlp(config), ScaledShallowNet(config), RffResNet(config))
// starts from these values when present, so verify, prove, train, jacobian and `check`'s replay all
// use the same θ0.
struct InitialTheta {
  std::string file;                    // as written in the problem file (relative to its directory)
  std::shared_ptr<const VecD> values;  // null: the seeded θ0; else 1-d, finite, exactly p entries
  explicit operator bool() const { return values != nullptr; }
};

// Hidden-layer nonlinearities. softplus(z) = log(1 + e^z) (evaluated stably), gelu(z) = z·Φ(z) with
// the exact Gaussian CDF Φ(z) = (1 + erf(z/√2))/2, leaky_relu(z) = z for z > 0 else slope·z.
enum class Activation { relu, leaky_relu, softplus, tanh, sigmoid, erf, gelu, identity };

// standard: z = W h + b with W ~ N(0, sigma_w²/fan_in), b ~ N(0, sigma_b²).
// ntk (docs/kernels.md#fully-connected-kernels, neural-tangents "Dense" in NTK mode): z = W h/√fan_in + b with stored
//      W ~ N(0, sigma_w²), b ~ N(0, sigma_b²). Same function at initialisation, different gradients.
enum class Parameterization { standard, ntk };

// Fully connected net: h⁰ = x, z^l = W^l h^{l−1} + b^l, h^l = σ(z^l) for the hidden layers, and a
// linear output layer f = W^{L} h^{L−1} + b^{L}. widths = {d, m_1, …, m_{L−1}, k}.
struct MlpConfig {
  std::vector<Index> widths;  // input width first, output width last; at least two entries
  Activation activation = Activation::relu;
  Parameterization parameterization = Parameterization::standard;
  bool bias = true;
  std::uint64_t seed = 0;
  double sigma_w = 1.0;
  double sigma_b = 1.0;
  double leaky_slope = 0.01;  // used by Activation::leaky_relu only
  InitialTheta theta = {};
};

// docs/problem-files.md#kind--scaled-shallow-shallow-net-with-asymmetrical-node-scaling: f_o(x) = Σ_j u_{jo} √λ_j σ(w_j·x/√d), λ_j = γ/m + (1−γ) j^(−1/α)/Σ_i i^(−1/α)
// (j = 1..m), frozen signs u ∈ {±1}^{m×k}, trained W ∈ R^{m×d} with w_j ~ N(0, weight_std² I_d).
struct ScaledShallowConfig {
  Index input_dim = 0;
  Index width = 0;
  Activation activation = Activation::relu;
  double gamma = 1.0;
  double alpha = 0.5;
  std::uint64_t seed = 0;
  Index output_dim = 1;
  double weight_std = 1.4142135623730951;  // √2, the authors' code
  InitialTheta theta = {};
};

// Feature map of the RFF-ResNet residuals (docs/problem-files.md#kind--rff-resnet-resnet-with-random-fourier-feature-residuals).
//   rff:          φ_m(x) = √(2/p)·cos(ω_m·x + b_m), ω_m ~ N(0, bandwidth⁻² I_q), b_m ~ U[0, 2π)
//   cos_no_phase: φ_m(x) = cos(ω_m·x) (the authors' code), ω_m ~ N(0, bandwidth⁻² I_q)
enum class RffFeatureMap { rff, cos_no_phase };

// docs/problem-files.md#kind--rff-resnet-resnet-with-random-fourier-feature-residuals: x_0 = A x, x_{k+1} = x_k + (c/L)·Θ_kᵀ φ(x_k), ŷ = B x_L, Θ_k ∈ R^{p×q}
// trained from 0; A (q×d) stacks identity copies, B (d'×q) selects the first d' coordinates.
struct RffResNetConfig {
  Index input_dim = 0;   // d
  Index output_dim = 0;  // d'
  Index depth = 0;       // L
  Index hidden = 0;      // q ≥ max(d, d')
  Index features = 0;    // p
  double bandwidth = 1.0;
  std::uint64_t seed = 0;
  RffFeatureMap feature_map = RffFeatureMap::rff;
  double residual_scale = 1.0;  // c (theory: 1; the authors' code: 1/√q)
  InitialTheta theta = {};
};

// Readout of the convolutional net: flatten every channel and pixel into one fully connected layer
// ("vanilla"), or average each channel over the pixels first ("gap", global average pooling).
enum class CnnReadout { vanilla, gap };

// docs/problem-files.md#kind--cnn-convolutional-network: the finite ReLU CNN whose infinite-width NTK is
// nncert's CNTK (cnn.hpp gives the formula). depth counts as the CNTK does: depth − 1 convolutional
// layers of `channels` output channels each (q×q filters, stride 1, zero padding), then the readout.
struct CnnConfig {
  Index input_channels = 1;  // from the data's image shape
  Index height = 0;
  Index width = 0;
  Index channels = 0;  // C, the hidden width
  Index depth = 3;     // convolutional layers + 1 (>= 2)
  Index filter = 3;    // q, odd
  CnnReadout readout = CnnReadout::vanilla;
  double output_scale = 1.0;  // κ: f = κ·(readout); a power of two in [2^-30, 1]
  Index output_dim = 1;       // k
  std::uint64_t seed = 0;
  InitialTheta theta = {};
  Index conv_layers() const { return depth - 1; }
  Index pixels() const { return height * width; }
  Index input_dim() const { return input_channels * height * width; }
};

using ModelConfig = std::variant<MlpConfig, ScaledShallowConfig, RffResNetConfig, CnnConfig>;

// p, the length of θ, from the sizes alone (nothing is drawn); InvalidInput when it overflows.
Index parameter_count(const ModelConfig& config);

// Parses [model] (docs/problem-files.md). kind = "mlp" | "scaled-shallow" | "rff-resnet" | "cnn".
//   mlp:            widths, activation, parameterization, bias, seed, sigma_w, sigma_b, leaky_slope, theta
//   scaled-shallow: width, activation, gamma, alpha, seed, weight_std, theta
//   rff-resnet:     depth, hidden, features, bandwidth, seed, feature_map, residual_scale, theta
//   cnn:            channels, depth, filter, readout, output_scale, seed, theta
// `theta` is read relative to the directory of `file` (the problem file) and must be a 1-d '<f8' .npy
// of exactly p finite entries.
// The input width comes from the data (data_dim = d) and must equal widths[0]; the output width must
// equal data_outputs = k (pass 0 for either to skip that check). Unknown keys, wrong types and bad
// values throw InvalidInput naming the file, the key and its line.
// kind = "cnn" needs the data's image shape (`image`, Dataset::image): without it, InvalidInput.
ModelConfig parse_model_config(const toml::table& model_section, Index data_dim, Index data_outputs,
                               const std::string& file);
ModelConfig parse_model_config(const toml::table& model_section, Index data_dim, Index data_outputs,
                               const std::string& file, const std::optional<data::ImageShape>& image);

std::string_view to_string(Activation activation);
// "relu" | "leaky-relu" | "softplus" | "tanh" | "sigmoid" | "erf" | "gelu" | "identity"
// (underscores accepted for hyphens); throws InvalidInput otherwise.
Activation parse_activation(std::string_view name);
std::string_view to_string(Parameterization parameterization);
std::string_view to_string(RffFeatureMap feature_map);
std::string_view to_string(CnnReadout readout);  // "vanilla" | "gap"

// "mlp" | "scaled-shallow" | "rff-resnet" | "cnn"
std::string_view model_kind(const ModelConfig& config);

}  // namespace nncert::models
