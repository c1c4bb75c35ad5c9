// Rigorous enclosures of a ScaledShallowNet's Jacobian with respect to W and of its tangent Gram
// Ĥ = J Jᵀ (error model (E1)–(E3) of nncert/linalg/matrix_enclosure.hpp; σ' under the libm assumption
// A7, activation_enclosure.cpp).
//
// Both rest on the node-delta matrix D ((n·k)×m), D[(i,o), j] = u_jo √λ_j σ'(z_ij), z_ij = w_j·x_i/√d:
//   J[(i,o), (j,c)] = D[(i,o), j] · x_ic/√d,
//   Ĥ[(i,o), (i',o')] = Σ_{j,c} J[(i,o),(j,c)] J[(i',o'),(j,c)] = (x_i·x_i'/d) · (D Dᵀ)[(i,o), (i',o')].
// The second identity is why the Gram never needs the (n·k)×(m·d) Jacobian: it costs O(n·k·m + (n·k)²
// + n·d + m·d) memory instead of O(n·k·m·d).
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "enclosure_util.hpp"
#include "nncert/models/activation_enclosure.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/fp_environment.hpp"

namespace nncert::models {
namespace {

using linalg::inflate;
using linalg::MatrixEnclosure;
constexpr double u = kUnitRoundoff;

// Nodes per block of the pre-activation stage: Z, σ(Z) and σ'(Z) are enclosed for this many nodes at a
// time, so that stage holds O(n·kNodeBlock) doubles instead of six n×m matrices.
constexpr Index kNodeBlock = 256;

// Enclosure of D[(i,o), j] = u_jo √λ_j σ'(z_ij) at the double parameters theta (W0 when empty).
MatrixEnclosure node_delta_enclosure(const ScaledShallowConfig& config, const VecD& theta_in, const MatD& X) {
  const Index n = X.rows(), d = X.cols(), m = config.width, k = config.output_dim;
  ScaledShallowNet<double> net(config);
  if (theta_in.size() > 0) net.set_params(theta_in);
  const MatD& signs = net.output_signs();
  const auto [s_mid, s_rad] = detail::inverse_sqrt_enclosure(static_cast<double>(d));
  const MatrixEnclosure inputs{X, MatD::Zero(n, d)};  // X is exact
  // Node coefficients c_jo = u_jo √λ_j with λ_j = γ/m + (1 − γ) t_j / S, t_j = j^e, e = −1/α,
  // S = Σ_i t_i, as node_scales evaluates them in double. Relative error of its λ̂_j:
  //   e rounds once (|δe| <= u|e|), so each t_j carries |e|·ln(m)·u from the exponent plus (A7)'s
  //   2·kLibmUlps·u from pow; S adds γ_{m−1} (any summation order, positive terms);
  //   t_j/S, (1 − γ)·, γ/m and the final + add u each (both summands are >= 0). With the t_j error
  //   counted in numerator and denominator:
  //     |λ̂_j − λ_j| <= ε λ_j + 4η,  ε = 2.2(|e|(ln m + 1) + 2·kLibmUlps)u + γ_m + 8u  (2.2: second-order terms),
  //   the 4η covering t_j that underflow. Then |√λ̂ − √λ| = |λ̂ − λ|/(√λ̂ + √λ) <= ε√λ + √(4η)
  //   (if √λ̂ + √λ < √(4η), both roots are below √(4η)), and with √λ <= √λ̂(1 + ε) + 2.01√η and
  //   √λ̂ <= root(1 + u), ε <= 0.01: <= ε·root·(1 + 2ε) + 2√(4η).
  const VecD lambda = node_scales(m, config.gamma, config.alpha);
  const double e_abs = std::abs(1.0 / config.alpha);
  const double ln_m = std::log(static_cast<double>(m)) + 1;  // >= ln m whatever the libm error
  const double eps = add_up(add_up(mul_up(2.2 * u, add_up(mul_up(e_abs, ln_m), 2.0 * kLibmUlps)),
                                   gamma_up(static_cast<double>(m))),
                            8 * u);
  // The bound above takes ε <= 0.01 (true unless α is absurdly small); otherwise no enclosure.
  if (!(eps <= 0.01)) throw std::runtime_error("node scales: alpha too small for the node-scale error bound");
  const double two_sqrt_4eta = sqrt_up(16 * kEta);
  MatrixEnclosure D{MatD(n * k, m), MatD(n * k, m)};
  for (Index first = 0; first < m; first += kNodeBlock) {
    const Index nodes = std::min(kNodeBlock, m - first);
    // Z = X W_blockᵀ/√d for these nodes (the rows first .. first + nodes − 1 of W), then σ'(Z).
    const MatD w_block_t = detail::row_major_block(net.params(), first * d, nodes, d).transpose();
    const MatrixEnclosure z = linalg::times_scalar(linalg::times_exact(inputs, w_block_t), s_mid, s_rad);
    MatrixEnclosure h, dz;
    activation_enclosure(config.activation, 0.01, z, h, dz);
    for (Index b = 0; b < nodes; ++b) {
      const Index j = first + b;
      const double root = std::sqrt(lambda(j));
      // ε·root·(1 + 2ε) + 2√(4η) + u·root (the sqrt's rounding): 6 RN operations (lemma).
      const double root_rad = inflate(eps * root * (1 + 2 * eps) + two_sqrt_4eta + u * root);
      for (Index o = 0; o < k; ++o) {
        const double coef = signs(j, o) * root;
        for (Index i = 0; i < n; ++i) {
          // |σ'·c − σ'_m·c_m| <= |σ'_m| c_r + σ'_r (|c_m| + c_r), plus the rounding of σ'_m·c_m (u|mid|).
          const double dm = dz.mid(i, b) * coef;
          D.mid(i * k + o, j) = dm;
          D.rad(i * k + o, j) = inflate(std::abs(dz.mid(i, b)) * root_rad + dz.rad(i, b) * (root + root_rad) + u * std::abs(dm));
        }
      }
    }
  }
  return D;
}

// The exact matrix is symmetric, so |G_ij − (m_ij + m_ji)/2| <= (r_ij + r_ji)/2 <= max(r_ij, r_ji); the
// average rounds once (u·|average|, the halving's possible subnormal rounding inside inflate's η slack).
MatrixEnclosure symmetrized(MatrixEnclosure e) {
  const MatD mid = e.mid;
  e.mid = (mid + mid.transpose()) / 2;
  e.rad = inflate(e.rad.cwiseMax(e.rad.transpose()).array() + u * e.mid.array().abs()).matrix();
  return e;
}

// Each row and each column repeated k times ((i, i') -> (i·k + o, i'·k + o')); exact.
MatrixEnclosure repeated(MatrixEnclosure e, Index k) {
  if (k == 1) return e;
  MatrixEnclosure out{MatD(e.mid.rows() * k, e.mid.cols() * k), MatD(e.mid.rows() * k, e.mid.cols() * k)};
  for (Index c = 0; c < out.mid.cols(); ++c)
    for (Index r = 0; r < out.mid.rows(); ++r) {
      out.mid(r, c) = e.mid(r / k, c / k);
      out.rad(r, c) = e.rad(r / k, c / k);
    }
  return out;
}

}  // namespace

linalg::MatrixEnclosure scaled_shallow_jacobian_enclosure(const ScaledShallowConfig& config, const VecD& theta_in,
                                                          const MatD& X) {
  const Index n = X.rows(), d = X.cols(), m = config.width, k = config.output_dim;
  const MatrixEnclosure D = node_delta_enclosure(config, theta_in, X);
  const auto [s_mid, s_rad] = detail::inverse_sqrt_enclosure(static_cast<double>(d));
  MatrixEnclosure J{MatD(n * k, m * d), MatD(n * k, m * d)};
  for (Index j = 0; j < m; ++j)
    for (Index r = 0; r < n * k; ++r) {
      const Index i = r / k;
      // J[(i,o), (j,c)] = D[(i,o), j] · x_ic/√d: |D x s − D_m x s_m| <= |D_m| |x| s_r + D_r |x| s_m + D_r |x| s_r
      // (x exact), written with the enclosure xs ± xs_rad of x·s; plus the rounding of the product (u|v|).
      const double dm = D.mid(r, j), dr = D.rad(r, j);
      for (Index c = 0; c < d; ++c) {
        const double xs = X(i, c) * s_mid;
        const double xs_rad = inflate(std::abs(X(i, c)) * s_rad + u * std::abs(xs));
        const double v = dm * xs;
        J.mid(r, j * d + c) = v;
        J.rad(r, j * d + c) = inflate(std::abs(dm) * xs_rad + dr * std::abs(xs) + dr * xs_rad + u * std::abs(v));
      }
    }
  return J;
}

linalg::MatrixEnclosure scaled_shallow_tangent_gram_enclosure(const ScaledShallowConfig& config, const VecD& theta,
                                                              const MatD& X) {
  const Index n = X.rows(), d = X.cols(), k = config.output_dim;
  // D Dᵀ: gram_enclosure bounds |D Dᵀ − D_m D_mᵀ| <= |D_m| Rᵀ + R |D_m|ᵀ + R Rᵀ plus (E2)/(E3) rounding.
  const MatrixEnclosure delta_gram = linalg::gram_enclosure(node_delta_enclosure(config, theta, X));
  // x_i·x_i'/d: X Xᵀ with X exact (times_exact: (E2) and (E3)), then times 1/d. fl(1/d) is one
  // correctly rounded division, |fl(1/d) − 1/d| <= u/d <= u·fl(1/d)/(1 − u) <= 2u·fl(1/d) (d >= 1, so
  // no underflow).
  const double inv_d = 1.0 / static_cast<double>(d);
  const MatrixEnclosure input_gram = repeated(
      symmetrized(linalg::times_scalar(linalg::times_exact({X, MatD::Zero(n, d)}, X.transpose()), inv_d, 2 * u * inv_d)),
      k);
  // Ĥ = (x_i·x_i'/d) ∘ (D Dᵀ) entrywise; hadamard's |xy − x_m y_m| <= |x_m| y_r + x_r |y_m| + x_r y_r. Both
  // midpoints are symmetric and so is the product (RN multiplication commutes), as is its radius.
  return linalg::hadamard(input_gram, delta_gram);
}

}  // namespace nncert::models
