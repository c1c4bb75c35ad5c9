// Midpoint-radius enclosures of network Jacobians and Grams; the error model is stated in
// nncert/verifiers/enclosure.hpp (E1)–(E3). Every radius is computed in round-to-nearest from
// nonnegative terms and then passed through inflate(), justified by this lemma:
//
//   Lemma (inflate). Let v̂ be the RN value of an expression of N <= 7 additions and multiplications
//   of nonnegative doubles (exact inputs, or computed doubles standing for themselves), in which a
//   product's result is multiplied again only by factors <= 2 in total. Then the exact value v obeys
//   v <= v̂(1 + 8u) + 8η, and the RN value of inflate(v̂) = v̂·(1 + 16u) + 16η is >= v + 7η.
//   Proof. By (E1) each RN addition of nonnegatives gives >= (a + b)(1 − u) and each product
//   >= ab(1 − u) − η/2; the η/2 terms are amplified by at most 2, so v̂ >= v(1 − u)^7 − 7η, hence
//   v <= (v̂ + 7η)(1 − u)^−7 <= (v̂ + 7η)(1 + 7.01u) <= v̂(1 + 8u) + 8η. inflate rounds twice:
//   fl(fl(v̂(1 + 16u)) + 16η) >= (v̂(1 + 16u)(1 − u) − η/2)(1 − u) + 16η(1 − u) >= v̂(1 + 13u) + 15η.
//   (1 + 16u = 1 + 2^−49 is a double.)  The slack of 7η also covers the η/2 of the one RN operation
//   that produced a midpoint, whose relative part appears as the explicit u·|mid| term.
// Every inflate() below is applied to such an expression; the count is given where it is close to 7.
// Longer computations (k-term sums) are bounded first through (E2)/(E3) or in directed rounding.
#include "nncert/verifiers/enclosure.hpp"

#include <cmath>
#include <stdexcept>

#include "nncert/models/activation.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::verifiers {
namespace {

using Array = Eigen::ArrayXXd;
constexpr double u = kUnitRoundoff;
// Elementary functions: every libm / Boost.Math / Eigen call is assumed within
// kElementaryFunctionUlps = 4 ulps of the exact value (glibc's manual lists <= 3 ulps on x86-64 for
// the functions used), i.e. <= 2u·4 relative for normal results; the same 4 ulps as lib/numeric's
// interval functions and lib/kernels' trigonometric enclosures. An activation is a composition of at most three such calls and three RN operations
// (softplus: exp, log1p, +; gelu: erf, ·, +, ·; sigmoid: exp, +, /), whose errors add to less than
// 4·8u = 32u relative to |σ| + |z| + 1 (the |z| + 1 term absorbs the cancellation in gelu and
// softplus); the absolute 32η covers subnormal results. The budget is tested against 256-bit MPFR
// over the whole argument range in tests/theorems/test_activation_error_budget.cpp.
constexpr int kElementaryFunctionUlps = 4;
constexpr double kLibmBudget = 4 * 2 * kElementaryFunctionUlps * kUnitRoundoff;
static_assert(kLibmBudget == 32 * kUnitRoundoff);

Array inflate(const Array& x) { return x * (1 + 16 * u) + 16 * kEta; }
double inflate(double x) { return x * (1 + 16 * u) + 16 * kEta; }

// C = A·B with A enclosed and B exact (k = inner dimension):
//   |fl(A_m B) − A_m B| <= γ_k |A_m||B| + kη  (E2);   |(A − A_m) B| <= A_r |B|;
//   the exact |A_m||B| and A_r|B| are bounded through (E3) from their RN evaluations T and U.
MatrixEnclosure product(const MatrixEnclosure& a, const MatD& b) {
  const double k = static_cast<double>(a.mid.cols());
  const double g = gamma_up(k);
  const double c1 = div_up(1.0, sub_down(1.0, g));
  const MatD abs_b = b.cwiseAbs();
  MatrixEnclosure c;
  c.mid.noalias() = a.mid * b;
  MatD t;
  t.noalias() = a.mid.cwiseAbs() * abs_b;
  MatD v;
  v.noalias() = a.rad * abs_b;
  const double k_eta = k * kEta;
  c.rad = inflate((g * (t.array() + k_eta) + (v.array() + k_eta)) * c1 + k_eta).matrix();
  return c;
}

// s·C with s ∈ [s_m − s_r, s_m + s_r].
MatrixEnclosure scaled(const MatrixEnclosure& c, double s_mid, double s_rad) {
  if (s_mid == 1 && s_rad == 0) return c;
  MatrixEnclosure out;
  out.mid = s_mid * c.mid;
  out.rad = inflate(std::abs(s_mid) * c.rad.array() + s_rad * (c.mid.array().abs() + c.rad.array()) +
                    u * out.mid.array().abs())
                .matrix();
  return out;
}

// C + 1 bᵀ (b exact): one RN addition per entry, |fl(x) − x| <= u|fl(x)| + η/2.
MatrixEnclosure plus_row(const MatrixEnclosure& c, const VecD& b) {
  MatrixEnclosure out;
  out.mid = c.mid.rowwise() + b.transpose();
  out.rad = inflate(c.rad.array() + u * out.mid.array().abs()).matrix();
  return out;
}

// Entrywise product of two enclosures: |xy − x_m y_m| <= |x_m| y_r + x_r |y_m| + x_r y_r.
MatrixEnclosure hadamard(const MatrixEnclosure& x, const MatrixEnclosure& y) {
  MatrixEnclosure out;
  out.mid = x.mid.cwiseProduct(y.mid);
  out.rad = inflate(x.mid.array().abs() * y.rad.array() + x.rad.array() * y.mid.array().abs() +
                    x.rad.array() * y.rad.array() + u * out.mid.array().abs())
                .matrix();
  return out;
}

// Sup of |σ'| (Lipschitz constant of σ) and of |σ''| (of σ') on R.
struct ActivationBounds {
  double lipschitz;
  double derivative_lipschitz;
};
ActivationBounds bounds_of(models::Activation a, double slope) {
  using models::Activation;
  switch (a) {
    case Activation::relu: return {1, 0};
    case Activation::leaky_relu: return {std::max(1.0, std::abs(slope)), 0};
    case Activation::softplus: return {1, 0.25};                 // σ' = sigmoid, σ'' <= 1/4
    case Activation::tanh: return {1, 0.7699};                    // 4/(3√3) = 0.76980...
    case Activation::sigmoid: return {0.25, 0.0963};              // 1/(6√3) = 0.09623...
    case Activation::erf: return {1.1284, 0.9679};                // 2/√π = 1.12838; (2/√π)√(2/e) = 0.96788
    case Activation::gelu: return {1.1290, 0.7979};               // sup gelu' = 1.12897; gelu'' <= 2φ(0) = 0.79788
    case Activation::identity: return {1, 0};
  }
  return {1, 1};
}

bool piecewise_linear(models::Activation a) {
  return a == models::Activation::relu || a == models::Activation::leaky_relu || a == models::Activation::identity;
}

// H = σ(Z) and D = σ'(Z) enclosed. Smooth σ: mean-value bound with sup|σ'| (resp. sup|σ''|) times the
// radius, plus the evaluation error of σ(Z_m) (libm budget). Piecewise-linear σ: exact on each side
// of 0; where the interval straddles 0 the derivative is only known to lie between the two slopes.
void activation_enclosure(models::Activation a, double slope, const MatrixEnclosure& z, MatrixEnclosure& h,
                          MatrixEnclosure& d) {
  const ActivationBounds b = bounds_of(a, slope);
  h.mid.resize(z.mid.rows(), z.mid.cols());
  d.mid.resize(z.mid.rows(), z.mid.cols());
  h.rad.resize(z.mid.rows(), z.mid.cols());
  d.rad.resize(z.mid.rows(), z.mid.cols());
  const double lo_slope = std::min(1.0, slope), hi_slope = std::max(1.0, slope);
  for (Index c = 0; c < z.mid.cols(); ++c)
    for (Index r = 0; r < z.mid.rows(); ++r) {
      const double zm = z.mid(r, c), zr = z.rad(r, c);
      h.mid(r, c) = models::activation_value(a, zm, slope);
      d.mid(r, c) = models::activation_derivative(a, zm, slope);
      if (piecewise_linear(a)) {
        // relu: max(z,0) exact; leaky: one rounding; identity: exact.
        h.rad(r, c) = inflate(b.lipschitz * zr + u * std::abs(h.mid(r, c)));
        const bool straddles = zr > 0 && zm - zr <= 0 && zm + zr >= 0;
        if (a == models::Activation::identity || !straddles) {
          d.rad(r, c) = 0;
        } else {
          const double relu_lo = a == models::Activation::relu ? 0.0 : lo_slope;
          d.mid(r, c) = (relu_lo + hi_slope) / 2;
          d.rad(r, c) = inflate((hi_slope - relu_lo) / 2 + u * std::abs(d.mid(r, c)));
        }
        continue;
      }
      // Mean-value term plus the evaluation error of the midpoint: 3 + 3 RN operations (lemma above).
      h.rad(r, c) = inflate(b.lipschitz * zr + activation_value_error(a, zm, h.mid(r, c)));
      d.rad(r, c) = inflate(b.derivative_lipschitz * zr + activation_derivative_error(a, zm, d.mid(r, c)));
    }
}

// Repeats each row k times (row i -> rows i·k .. i·k + k − 1): per-output copies of sample rows.
MatrixEnclosure repeat_rows(const MatrixEnclosure& m, Index k) {
  if (k == 1) return m;
  MatrixEnclosure out{MatD(m.mid.rows() * k, m.mid.cols()), MatD(m.mid.rows() * k, m.mid.cols())};
  for (Index i = 0; i < m.mid.rows(); ++i)
    for (Index o = 0; o < k; ++o) {
      out.mid.row(i * k + o) = m.mid.row(i);
      out.rad.row(i * k + o) = m.rad.row(i);
    }
  return out;
}

// Enclosure of 1/√m: sqrt and division each round once, |fl − exact| <= 2.0001u·exact; 4u covers it.
std::pair<double, double> inverse_sqrt_enclosure(double m) {
  const double mid = 1.0 / std::sqrt(m);
  return {mid, 4 * u * mid};
}

// The weight matrix W^l (m_l × m_{l−1}) and bias b^l of an Mlp from θ (row-major W then b).
MatD weight(const models::Mlp<double>& net, const VecD& theta, Index l) {
  const auto blk = net.weight_block(l);
  const Index rows = net.config().widths[static_cast<std::size_t>(l)];
  const Index cols = net.config().widths[static_cast<std::size_t>(l - 1)];
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      theta.data() + blk.offset, rows, cols);
}

}  // namespace

double activation_value_error(models::Activation a, double z, double value) {
  if (piecewise_linear(a)) return u * std::abs(value) + kEta;  // at most one RN product (leaky slope)
  const double scale = (a == models::Activation::gelu || a == models::Activation::softplus) ? std::abs(z) + 1 : 1;
  return kLibmBudget * (std::abs(value) + scale) + 32 * kEta;  // 4 RN operations, inside the lemma
}

double activation_derivative_error(models::Activation a, double z, double derivative) {
  if (piecewise_linear(a)) return 0;  // σ' is one of the exact slopes
  return kLibmBudget * (std::abs(derivative) + 1 + std::abs(z)) + 32 * kEta;  // 4 RN operations
}

MatrixEnclosure mlp_jacobian_enclosure(const models::MlpConfig& config, const VecD& theta_in, const MatD& X,
                                       const std::string& block_name) {
  models::Mlp<double> net(config);
  if (theta_in.size() > 0) net.set_params(theta_in);
  const VecD& theta = net.params();
  const Index L = net.num_layers();
  const Index n = X.rows();
  const Index k = net.output_dim();
  const auto scale = [&](Index l) -> std::pair<double, double> {
    if (config.parameterization == models::Parameterization::standard) return {1.0, 0.0};
    return inverse_sqrt_enclosure(static_cast<double>(config.widths[static_cast<std::size_t>(l - 1)]));
  };
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
    const auto [s_mid, s_rad] = scale(l);
    const MatrixEnclosure z =
        plus_row(scaled(product(H[static_cast<std::size_t>(l - 1)], weight(net, theta, l).transpose()), s_mid, s_rad), bias(l));
    activation_enclosure(config.activation, config.leaky_slope, z, H[static_cast<std::size_t>(l)],
                         D[static_cast<std::size_t>(l)]);
  }

  // Backward: Δ^L rows (i, o) = e_oᵀ, exact; Δ^l = (Δ^{l+1} s_{l+1} W^{l+1}) ⊙ σ'(Z^l).
  std::vector<MatrixEnclosure> delta(static_cast<std::size_t>(L + 1));
  delta[static_cast<std::size_t>(L)] = {MatD::Zero(n * k, k), MatD::Zero(n * k, k)};
  for (Index i = 0; i < n; ++i)
    for (Index o = 0; o < k; ++o) delta[static_cast<std::size_t>(L)].mid(i * k + o, o) = 1;
  for (Index l = L - 1; l >= lowest; --l) {
    const auto [s_mid, s_rad] = scale(l + 1);
    const MatrixEnclosure back = scaled(product(delta[static_cast<std::size_t>(l + 1)], weight(net, theta, l + 1)), s_mid, s_rad);
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
    const auto [s_mid, s_rad] = scale(l);
    const MatrixEnclosure sd = scaled(dl, s_mid, s_rad);
    const MatrixEnclosure h = repeat_rows(H[static_cast<std::size_t>(l - 1)], k);
    const Index rows = sd.mid.cols(), cols = h.mid.cols();
    // Column a·cols + b of the block: (sΔ)[:, a] ⊙ h[:, b], one product per entry.
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

MatrixEnclosure mlp_feature_enclosure(const models::MlpConfig& config, const VecD& theta_in, const MatD& X, Index layer) {
  models::Mlp<double> net(config);
  if (theta_in.size() > 0) net.set_params(theta_in);
  const VecD& theta = net.params();
  const Index L = net.num_layers();
  if (layer < 0 || layer > L) throw InvalidInput("mlp_feature_enclosure: layer out of range");
  const Index n = X.rows();
  MatrixEnclosure h{X, MatD::Zero(n, X.cols())};
  for (Index l = 1; l <= layer; ++l) {
    std::pair<double, double> s{1.0, 0.0};
    if (config.parameterization == models::Parameterization::ntk)
      s = inverse_sqrt_enclosure(static_cast<double>(config.widths[static_cast<std::size_t>(l - 1)]));
    VecD b = VecD::Zero(config.widths[static_cast<std::size_t>(l)]);
    if (config.bias) {
      const auto blk = net.bias_block(l);
      b = theta.segment(blk.offset, blk.size);
    }
    const MatrixEnclosure z = plus_row(scaled(product(h, weight(net, theta, l).transpose()), s.first, s.second), b);
    if (l == L) return z;  // the output layer is linear
    MatrixEnclosure d;
    activation_enclosure(config.activation, config.leaky_slope, z, h, d);
  }
  return h;
}

MatrixEnclosure scaled_shallow_jacobian_enclosure(const models::ScaledShallowConfig& config, const VecD& theta_in,
                                                  const MatD& X) {
  models::ScaledShallowNet<double> net(config);
  if (theta_in.size() > 0) net.set_params(theta_in);
  const Index n = X.rows(), d = X.cols(), m = config.width, k = config.output_dim;
  const MatD W = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      net.params().data(), m, d);
  // Z = X Wᵀ/√d, then σ'(Z).
  const auto [s_mid, s_rad] = inverse_sqrt_enclosure(static_cast<double>(d));
  const MatrixEnclosure z = scaled(product({X, MatD::Zero(n, d)}, W.transpose()), s_mid, s_rad);
  MatrixEnclosure h, dz;
  activation_enclosure(config.activation, 0.01, z, h, dz);
  // Node coefficients c_jo = u_jo √λ_j with λ_j = γ/m + (1 − γ) t_j / S, t_j = j^e, e = −1/α,
  // S = Σ_i t_i, as models::node_scales evaluates them in double. Relative error of its λ̂_j:
  //   e rounds once (|δe| <= u|e|), so each t_j carries |e|·ln(m)·u from the exponent plus (A7)'s
  //   2·kElementaryFunctionUlps·u from pow; S adds γ_{m−1} (any summation order, positive terms);
  //   t_j/S, (1 − γ)·, γ/m and the final + add u each (both summands are >= 0). With the t_j error
  //   counted in numerator and denominator:
  //     |λ̂_j − λ_j| <= ε λ_j + 4η,  ε = 2.2(|e|(ln m + 1) + 2·ulps)u + γ_m + 8u  (2.2: second-order terms),
  //   the 4η covering t_j that underflow. Then |√λ̂ − √λ| = |λ̂ − λ|/(√λ̂ + √λ) <= ε√λ + √(4η)
  //   (if √λ̂ + √λ < √(4η), both roots are below √(4η)), and with √λ <= √λ̂(1 + ε) + 2.01√η and
  //   √λ̂ <= root(1 + u), ε <= 0.01: <= ε·root·(1 + 2ε) + 2√(4η).
  const VecD lambda = models::node_scales(m, config.gamma, config.alpha);
  const double e_abs = std::abs(1.0 / config.alpha);
  const double ln_m = std::log(static_cast<double>(m)) + 1;  // >= ln m whatever the libm error
  const double eps = add_up(add_up(mul_up(2.2 * u, add_up(mul_up(e_abs, ln_m), 2.0 * kElementaryFunctionUlps)),
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

MatrixEnclosure rff_feature_enclosure(const models::RffResNetConfig& config, const MatD& X) {
  const models::RffResNet<double> net(config);
  const Index n = X.rows();
  // A has 0/1 entries with one 1 per row, so A x copies coordinates: exact.
  const MatD ax = X * net.embedding().transpose();
  const MatrixEnclosure z = plus_row(product({ax, MatD::Zero(n, ax.cols())}, net.frequencies().transpose()), net.phases());
  // cos is 1-Lipschitz and bounded by 1: |cos(z) − fl(cos(z_m))| <= z_r + 32u (one call: 2u·ulps
  // relative of a value <= 1 is far inside 32u; Eigen's vectorised cos is held to the same (A7)).
  MatrixEnclosure phi{z.mid.array().cos().matrix(), MatD()};
  phi.rad = inflate(z.rad.array() + kLibmBudget + 32 * kEta).matrix();
  // Scale √(2/p) (rff) or 1, times c: √ and / round once each, 4u relative covers their product.
  double s = config.residual_scale;
  double s_rad = 0;
  if (config.feature_map == models::RffFeatureMap::rff) {
    const double root = std::sqrt(2.0 / static_cast<double>(config.features));
    s = s * root;
    s_rad = 8 * u * std::abs(s);
  } else if (s != 1) {
    s_rad = 0;  // c is an exact double
  }
  return scaled(phi, s, s_rad);
}

MatrixEnclosure gram_enclosure(const MatrixEnclosure& m) {
  // M Mᵀ − M_m M_mᵀ = M_m Δᵀ + Δ M_mᵀ + Δ Δᵀ with |Δ| <= R, so |.| <= 2|M_m| Rᵀ... bounded by
  // |M_m| Rᵀ + R |M_m|ᵀ + R Rᵀ, each product of nonnegative matrices bounded through (E3).
  MatrixEnclosure out = product(m, m.mid.transpose());  // encloses M M_mᵀ, radius R|M_m|ᵀ + rounding
  const double k = static_cast<double>(m.mid.cols());
  const double c1 = div_up(1.0, sub_down(1.0, gamma_up(k)));
  MatD extra;
  extra.noalias() = m.mid.cwiseAbs() * m.rad.transpose();
  MatD rr;
  rr.noalias() = m.rad * m.rad.transpose();
  out.rad = inflate(out.rad.array() + ((extra.array() + rr.array()) + 2 * k * kEta) * c1).matrix();
  // The exact Gram G is symmetric, so |G_ij − (m_ij + m_ji)/2| <= (r_ij + r_ji)/2 <= max(r_ij, r_ji);
  // the average itself rounds once.
  const MatD mid = out.mid;
  out.mid = (mid + mid.transpose()) / 2;
  out.rad = inflate(out.rad.cwiseMax(out.rad.transpose()).array() + u * out.mid.array().abs()).matrix();
  return out;
}

double spectral_norm_upper(const MatD& rad) {
  // ||R||_2 <= sqrt(||R||_1 ||R||_inf) (Hölder). Each column or row sum of nonnegatives is bounded
  // through (E3) from its RN value (any summation order); (· + kη)·c1 is 2 RN operations (lemma).
  const double k = static_cast<double>(std::max(rad.rows(), rad.cols()));
  const double c1 = div_up(1.0, sub_down(1.0, gamma_up(k)));
  const double one = inflate((rad.colwise().sum().maxCoeff() + k * kEta) * c1);
  const double inf = inflate((rad.rowwise().sum().maxCoeff() + k * kEta) * c1);
  return sqrt_up(mul_up(one, inf));
}

double norm2_upper(const MatrixEnclosure& m) {
  // ||mid||_F² is a k-term dot product: (E2) gives exact <= (fl + kη)/(1 − γ_k), 2 RN operations (lemma).
  const double k = static_cast<double>(m.mid.size());
  const double c1 = div_up(1.0, sub_down(1.0, gamma_up(k)));
  const double frob = sqrt_up(inflate((m.mid.squaredNorm() + k * kEta) * c1));
  return add_up(frob, spectral_norm_upper(m.rad));
}

}  // namespace nncert::verifiers
