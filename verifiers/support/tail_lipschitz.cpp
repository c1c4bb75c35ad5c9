#include "tail_lipschitz.hpp"

#include <algorithm>
#include <cmath>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::verifiers {

// Sums and products of nonnegative doubles rounded up one ulp after each RN operation: each computed
// partial result is >= the exact one (|fl(x) − x| <= ulp/2 < next_up step).
double operator_norm_upper(const MatD& W) {
  double frob = 0;
  VecD col = VecD::Zero(W.cols());
  double inf = 0;
  for (Index i = 0; i < W.rows(); ++i) {
    double row = 0;
    for (Index j = 0; j < W.cols(); ++j) {
      const double a = std::abs(W(i, j));
      frob = add_up(frob, mul_up(a, a));
      row = add_up(row, a);
      col(j) = add_up(col(j), a);
    }
    inf = std::max(inf, row);
  }
  const double one = W.cols() > 0 ? col.maxCoeff() : 0.0;
  // ||W||_2 <= ||W||_F and ||W||_2² <= ||W||_1·||W||_∞.
  return std::min(sqrt_up(frob), sqrt_up(mul_up(one, inf)));
}

double max_column_norm_upper(const MatD& W) {
  double best = 0;
  for (Index j = 0; j < W.cols(); ++j) {
    double s = 0;
    for (Index i = 0; i < W.rows(); ++i) s = add_up(s, mul_up(W(i, j), W(i, j)));
    best = std::max(best, sqrt_up(s));
  }
  return best;
}

double layer_scale_upper(const models::MlpConfig& config, Index layer) {
  if (config.parameterization == models::Parameterization::standard) return 1.0;
  // 1/√m <= 1/sqrt_down(m), rounded up.
  return div_up(1.0, sqrt_down(static_cast<double>(config.widths[static_cast<std::size_t>(layer - 1)])));
}

MatD mlp_weight(const models::Mlp<double>& net, Index layer) {
  const auto blk = net.weight_block(layer);
  const Index rows = net.config().widths[static_cast<std::size_t>(layer)];
  const Index cols = net.config().widths[static_cast<std::size_t>(layer - 1)];
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      net.params().data() + blk.offset, rows, cols);
}

TailBounds mlp_tail_bounds(const models::Mlp<double>& net, Index K, const ActivationCurvature& curvature) {
  const Index L = net.num_layers();
  if (K < 1 || K >= L) throw InvalidInput("mlp_tail_bounds: the block must be a hidden layer's weights (1 <= K < L)");
  TailBounds t;
  bool first = true;
  for (Index k = K; k <= L - 1; ++k) {
    // g_k reads σ(z^k) through W^{k+1}.
    const MatD W = mlp_weight(net, k + 1);
    const double s = layer_scale_upper(net.config(), k + 1);
    const double norm = operator_norm_upper(W);
    const double sup_dg = mul_up(mul_up(s, norm), curvature.s1);
    const double lip_dg = mul_up(mul_up(s, std::min(norm, max_column_norm_upper(W))), curvature.s2);
    if (first) {
      t.jacobian_sup = sup_dg;
      t.jacobian_lipschitz = lip_dg;
      first = false;
      continue;
    }
    // Lip(D(g∘F)) <= Lip(Dg)·sup||DF||² + sup||Dg||·Lip(DF); sup||D(g∘F)|| <= sup||Dg||·sup||DF||.
    t.jacobian_lipschitz = add_up(mul_up(lip_dg, mul_up(t.jacobian_sup, t.jacobian_sup)), mul_up(sup_dg, t.jacobian_lipschitz));
    t.jacobian_sup = mul_up(sup_dg, t.jacobian_sup);
  }
  return t;
}

}  // namespace nncert::verifiers
