// Rigorous enclosure of a ScaledShallowNet's Jacobian with respect to W (error model (E1)–(E3) of
// nncert/linalg/matrix_enclosure.hpp; σ' under the libm assumption A7, activation_enclosure.cpp).
#include <cmath>
#include <stdexcept>

#include "enclosure_util.hpp"
#include "nncert/models/activation_enclosure.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/fp_environment.hpp"

namespace nncert::models {

linalg::MatrixEnclosure scaled_shallow_jacobian_enclosure(const ScaledShallowConfig& config, const VecD& theta_in,
                                                          const MatD& X) {
  using linalg::inflate;
  using linalg::MatrixEnclosure;
  constexpr double u = kUnitRoundoff;
  ScaledShallowNet<double> net(config);
  if (theta_in.size() > 0) net.set_params(theta_in);
  const Index n = X.rows(), d = X.cols(), m = config.width, k = config.output_dim;
  const MatD W = detail::row_major_block(net.params(), 0, m, d);
  // Z = X Wᵀ/√d, then σ'(Z).
  const auto [s_mid, s_rad] = detail::inverse_sqrt_enclosure(static_cast<double>(d));
  const MatrixEnclosure z = linalg::times_scalar(linalg::times_exact({X, MatD::Zero(n, d)}, W.transpose()), s_mid, s_rad);
  MatrixEnclosure h, dz;
  activation_enclosure(config.activation, 0.01, z, h, dz);
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
  const MatD& signs = net.output_signs();
  MatrixEnclosure J{MatD(n * k, m * d), MatD(n * k, m * d)};
  for (Index j = 0; j < m; ++j) {
    const double root = std::sqrt(lambda(j));
    // ε·root·(1 + 2ε) + 2√(4η) + u·root (the sqrt's rounding): 6 RN operations (lemma).
    const double root_rad = inflate(eps * root * (1 + 2 * eps) + two_sqrt_4eta + u * root);
    for (Index o = 0; o < k; ++o) {
      const double coef = signs(j, o) * root;
      for (Index i = 0; i < n; ++i) {
        // J[(i,o), (j,c)] = u_jo √λ_j σ'(z_ij) x_ic / √d
        const double dm = dz.mid(i, j) * coef, dr = inflate(std::abs(dz.mid(i, j)) * root_rad + dz.rad(i, j) * (root + root_rad) + u * std::abs(dm));
        for (Index c = 0; c < d; ++c) {
          const double xs = X(i, c) * s_mid;
          const double xs_rad = inflate(std::abs(X(i, c)) * s_rad + u * std::abs(xs));
          const double v = dm * xs;
          J.mid(i * k + o, j * d + c) = v;
          J.rad(i * k + o, j * d + c) = inflate(std::abs(dm) * xs_rad + dr * std::abs(xs) + dr * xs_rad + u * std::abs(v));
        }
      }
    }
  }
  return J;
}

}  // namespace nncert::models
