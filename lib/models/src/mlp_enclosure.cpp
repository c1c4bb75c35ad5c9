// Rigorous enclosures of an Mlp's Jacobian J_S and features: the network evaluated in round-to-nearest
// with every rounding error carried as a radius (error model (E1)–(E3) of nncert/linalg/
// matrix_enclosure.hpp; activations under the libm assumption A7, activation_enclosure.cpp).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "enclosure_util.hpp"
#include "nncert/models/activation_enclosure.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::models {
namespace {

using linalg::MatrixEnclosure;

// The weight matrix W^l (m_l × m_{l−1}) of an Mlp from θ (row-major W then b).
MatD weight(const Mlp<double>& net, const VecD& theta, Index l) {
  const auto blk = net.weight_block(l);
  const Index rows = net.config().widths[static_cast<std::size_t>(l)];
  const Index cols = net.config().widths[static_cast<std::size_t>(l - 1)];
  return detail::row_major_block(theta, blk.offset, rows, cols);
}

// The layer scale s_l: 1 (standard) or 1/√m_{l−1} (NTK parameterisation), enclosed.
std::pair<double, double> layer_scale(const MlpConfig& config, Index l) {
  if (config.parameterization == Parameterization::standard) return {1.0, 0.0};
  return detail::inverse_sqrt_enclosure(static_cast<double>(config.widths[static_cast<std::size_t>(l - 1)]));
}

}  // namespace

MatrixEnclosure mlp_jacobian_enclosure(const MlpConfig& config, const VecD& theta_in, const MatD& X,
                                       const std::string& block_name) {
  using linalg::hadamard;
  using linalg::inflate;
  using linalg::plus_row;
  using linalg::repeat_rows;
  using linalg::times_exact;
  using linalg::times_scalar;
  constexpr double u = kUnitRoundoff;
  Mlp<double> net(config);
  if (theta_in.size() > 0) net.set_params(theta_in);
  const VecD& theta = net.params();
  const Index L = net.num_layers();
  const Index n = X.rows();
  const Index k = net.output_dim();
  const auto bias = [&](Index l) -> VecD {
    if (!config.bias) return VecD::Zero(config.widths[static_cast<std::size_t>(l)]);
    const auto blk = net.bias_block(l);
    return theta.segment(blk.offset, blk.size);
  };

  // Which layers' parameters are in the block: the block is a union of whole weight/bias ranges.
  const auto block = net.block(block_name);
  std::vector<std::pair<Index, bool>> parts;  // (layer, is_bias) in θ order
  for (Index l = 1; l <= L; ++l) {
    const auto w = net.weight_block(l);
    if (w.offset >= block.offset && w.offset + w.size <= block.offset + block.size) parts.push_back({l, false});
    if (config.bias) {
      const auto bb = net.bias_block(l);
      if (bb.offset >= block.offset && bb.offset + bb.size <= block.offset + block.size) parts.push_back({l, true});
    }
  }
  Index lowest = L;
  for (const auto& [l, is_bias] : parts) lowest = std::min(lowest, l);

  // Forward: H[l] and D[l] = σ'(Z^l) for the hidden layers.
  std::vector<MatrixEnclosure> H(static_cast<std::size_t>(L)), D(static_cast<std::size_t>(L));
  H[0] = {X, MatD::Zero(n, X.cols())};
  for (Index l = 1; l < L; ++l) {
    const auto [s_mid, s_rad] = layer_scale(config, l);
    const MatrixEnclosure z = plus_row(
        times_scalar(times_exact(H[static_cast<std::size_t>(l - 1)], weight(net, theta, l).transpose()), s_mid, s_rad),
        bias(l));
    activation_enclosure(config.activation, config.leaky_slope, z, H[static_cast<std::size_t>(l)],
                         D[static_cast<std::size_t>(l)]);
  }

  // Backward: Δ^L rows (i, o) = e_oᵀ, exact; Δ^l = (Δ^{l+1} s_{l+1} W^{l+1}) ⊙ σ'(Z^l).
  std::vector<MatrixEnclosure> delta(static_cast<std::size_t>(L + 1));
  delta[static_cast<std::size_t>(L)] = {MatD::Zero(n * k, k), MatD::Zero(n * k, k)};
  for (Index i = 0; i < n; ++i)
    for (Index o = 0; o < k; ++o) delta[static_cast<std::size_t>(L)].mid(i * k + o, o) = 1;
  for (Index l = L - 1; l >= lowest; --l) {
    const auto [s_mid, s_rad] = layer_scale(config, l + 1);
    const MatrixEnclosure back =
        times_scalar(times_exact(delta[static_cast<std::size_t>(l + 1)], weight(net, theta, l + 1)), s_mid, s_rad);
    delta[static_cast<std::size_t>(l)] = hadamard(back, repeat_rows(D[static_cast<std::size_t>(l)], k));
  }

  // Assemble J_S column block by column block, in θ order.
  MatrixEnclosure J{MatD(n * k, block.size), MatD(n * k, block.size)};
  Index col = 0;
  for (const auto& [l, is_bias] : parts) {
    const MatrixEnclosure& dl = delta[static_cast<std::size_t>(l)];
    if (is_bias) {
      J.mid.middleCols(col, dl.mid.cols()) = dl.mid;
      J.rad.middleCols(col, dl.mid.cols()) = dl.rad;
      col += dl.mid.cols();
      continue;
    }
    const auto [s_mid, s_rad] = layer_scale(config, l);
    const MatrixEnclosure sd = times_scalar(dl, s_mid, s_rad);
    const MatrixEnclosure h = repeat_rows(H[static_cast<std::size_t>(l - 1)], k);
    const Index rows = sd.mid.cols(), cols = h.mid.cols();
    // Column a·cols + b of the block: (sΔ)[:, a] ⊙ h[:, b], one product per entry;
    // |xy − x_m y_m| <= |x_m| y_r + x_r |y_m| + x_r y_r, plus the product's rounding u|mid| (lemma).
    for (Index a = 0; a < rows; ++a)
      for (Index b = 0; b < cols; ++b) {
        const Index c = col + a * cols + b;
        J.mid.col(c) = sd.mid.col(a).cwiseProduct(h.mid.col(b));
        J.rad.col(c) = inflate(sd.mid.col(a).array().abs() * h.rad.col(b).array() +
                               sd.rad.col(a).array() * h.mid.col(b).array().abs() +
                               sd.rad.col(a).array() * h.rad.col(b).array() + u * J.mid.col(c).array().abs())
                           .matrix();
      }
    col += rows * cols;
  }
  return J;
}

MatrixEnclosure mlp_feature_enclosure(const MlpConfig& config, const VecD& theta_in, const MatD& X, Index layer) {
  Mlp<double> net(config);
  if (theta_in.size() > 0) net.set_params(theta_in);
  const VecD& theta = net.params();
  const Index L = net.num_layers();
  if (layer < 0 || layer > L) throw InvalidInput("mlp_feature_enclosure: layer out of range");
  const Index n = X.rows();
  MatrixEnclosure h{X, MatD::Zero(n, X.cols())};
  for (Index l = 1; l <= layer; ++l) {
    const auto [s_mid, s_rad] = layer_scale(config, l);
    VecD b = VecD::Zero(config.widths[static_cast<std::size_t>(l)]);
    if (config.bias) {
      const auto blk = net.bias_block(l);
      b = theta.segment(blk.offset, blk.size);
    }
    const MatrixEnclosure z =
        linalg::plus_row(linalg::times_scalar(linalg::times_exact(h, weight(net, theta, l).transpose()), s_mid, s_rad), b);
    if (l == L) return z;  // the output layer is linear
    MatrixEnclosure d;
    activation_enclosure(config.activation, config.leaky_slope, z, h, d);
  }
  return h;
}

}  // namespace nncert::models
