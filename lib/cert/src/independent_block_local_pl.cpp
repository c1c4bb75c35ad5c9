// Independent re-derivation of a block_local_pl certificate (verifiers/block_local_pl.cpp, our
// derivation in proofs/kawaguchi-sun-2021-expressivity-local-pl.md). The verifier bounds every quantity
// in double with one-ulp outward steps and interval enclosures; here the same mathematics is evaluated
// on the replayed start θ_start in 256-bit MPFR, and the RECORDED constants are re-proven:
//   σ0    σ_min(J_S(θ_start)) >= σ0 and λ_max(J_S J_Sᵀ) <= σmax0²: exact integer Cholesky witnesses on
//         the MPFR Gram (independent.hpp);
//   Lip_J from the tail bounds (sup‖Dg_k‖ <= s·‖W‖₂·s1, Lip(Dg_k) <= s·min(‖W‖₂, max_j‖W_:j‖)·s2,
//         ‖W‖₂ <= min(‖W‖_F, √(‖W‖₁‖W‖_∞)), chain rule) and the features H = h^{K−1}(X):
//         Lip_J = √min(m_y, m_K)·Lip(T)·s_K²·√A_J, A_J = min(Σ‖h_i‖⁴, max‖h_i‖²·‖H‖₂²), with ‖H‖₂²
//         <= u proven by a witness on u·I − HHᵀ;
//   then with the recorded R and μ_*: σ0 − Lip_J R > 0 and (2/n)(σ0 − Lip_J R)² >= μ_* (the PL
//   constant on B_R), β_recorded >= ((σmax0 + Lip_J R)² + Lip(T)s_K²A_H(‖r0‖ + (σmax0 + Lip_J R)R))/n,
//   and L_start = ‖f(X) − Y‖²/(2n) < μ_*R²/16 by at least the recorded margin.
// Rounding: every derived MPFR quantity comes from fewer than 2^30 round-to-nearest operations at 256
// bits on nonnegative values (relative error < 2^-220); upper bounds are multiplied by 1 + 2^-200 and
// lower bounds by 1 − 2^-200. MPFR forward values (features, outputs) get the absolute allowance
// 2^-160·(1 + max) of the Gram checks (the stated 256-bit evaluation assumption of independent.hpp).
#include "nncert/cert/independent_block_local_pl.hpp"

#include <algorithm>
#include <string>

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "nncert/models/activation.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/mpfr_product.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/train/phase_two_start.hpp"

namespace nncert::cert {
namespace {

using M = MpfrFloat;

M up(const M& x) { return x * (1 + ldexp(M(1), -200)); }
M dn(const M& x) { return x * (1 - ldexp(M(1), -200)); }

// λ_max(G) <= u, proven by the exact witness that λ_min(u·I − G) >= 0.
bool lambda_max_at_most(const Mat<M>& G, const M& u, std::string& why) {
  const Index n = G.rows();
  Mat<M> shifted = -G;
  for (Index i = 0; i < n; ++i) shifted(i, i) += u;
  const IndependentCheck c = prove_mpfr_gram(shifted, "lambda_min", 0.0, 160, "u I - G", "MPFR");
  if (c.verdict != Verdict::certified) why = c.detail;
  return c.verdict == Verdict::certified;
}

M operator_norm_upper(const Mat<M>& W) {
  M frob = 0, inf = 0;
  Vec<M> col = Vec<M>::Zero(W.cols());
  for (Index i = 0; i < W.rows(); ++i) {
    M row = 0;
    for (Index j = 0; j < W.cols(); ++j) {
      const M a = abs(W(i, j));
      frob += a * a;
      row += a;
      col(j) += a;
    }
    inf = std::max(inf, row);
  }
  M one = 0;
  for (Index j = 0; j < W.cols(); ++j) one = std::max(one, col(j));
  return up(std::min(M(sqrt(frob)), M(sqrt(one * inf))));
}

M max_column_norm_upper(const Mat<M>& W) {
  M best = 0;
  for (Index j = 0; j < W.cols(); ++j) best = std::max(best, M(W.col(j).squaredNorm()));
  return up(M(sqrt(best)));
}

IndependentCheck fail(std::string why) {
  IndependentCheck out;
  out.attempted = true;
  out.detail = "not re-derived: " + std::move(why);
  return out;
}

}  // namespace

std::optional<IndependentCheck> independent_block_local_pl_check(const nlohmann::json& h, const theory::LoadedProblem& problem) {
  const auto* mlp = std::get_if<models::MlpConfig>(&problem.model);
  if (!mlp || !h.contains("details") || !h["details"].contains("J_S block") || !h["details"].contains("start")) return std::nullopt;
  double sigma0 = 0, sigma_max0 = 0, R = 0, mu_star = 0, beta = 0, margin = 0;
  std::string block, start;
  try {
    const auto& c = h.at("constants");
    sigma0 = c.at("sigma0").at("lower").get<double>();
    sigma_max0 = c.at("sigma_max0").at("upper").get<double>();
    R = c.at("R").at("lower").get<double>();
    mu_star = c.at("mu_star").at("lower").get<double>();
    beta = c.at("beta").at("upper").get<double>();
    margin = h.at("enclosure").at("lower").get<double>();
    block = h["details"]["J_S block"].get<std::string>();
    start = h["details"]["start"].get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return fail("the record lacks a constant (sigma0, sigma_max0, R, mu_star, beta) or its enclosure");
  }
  const Index n = problem.data.n(), k = problem.data.k();
  const auto L = static_cast<Index>(mlp->widths.size()) - 1;
  Index K = 0;
  if (block.rfind("layer:", 0) == 0) K = std::atol(block.c_str() + 6);
  if (K < 1 || K >= L) return fail(fmt::format("'{}' is not a hidden weight block", block));
  const auto curvature = models::activation_curvature(mlp->activation);
  if (!curvature) return fail("the activation has no bounded second derivative");
  const double s1 = curvature->s1, s2 = curvature->s2;
  if (static_cast<double>(n * k) * static_cast<double>(mlp->widths[static_cast<std::size_t>(K)] * mlp->widths[static_cast<std::size_t>(K - 1)]) > 4e6)
    return IndependentCheck{Verdict::inconclusive, "skipped: J_S too large for a 256-bit re-evaluation", false};

  VecD theta;
  try {
    theta = train::phase_two_start(*mlp, problem.data.X, problem.data.Y, problem.problem, start);
  } catch (const InvalidInput& e) {
    return fail(fmt::format("the start point cannot be rebuilt: {}", e.what()));
  }
  const MpfrPrecision precision(256);
  const models::Mlp<M> net(*mlp, theta.cast<M>());
  const Mat<M> X = problem.data.X.cast<M>();
  std::string why;

  // σ0 and σmax0.
  const Mat<M> J = net.jacobian_block(X, block);
  const Mat<M> G = mpfr_product(J, J.transpose());
  const IndependentCheck s0 = prove_mpfr_gram(G, "sigma_min", sigma0, 160, "J_S J_S^T", "Jacobian at the start");
  if (s0.verdict != Verdict::certified) return s0;
  if (!lambda_max_at_most(G, M(sigma_max0) * M(sigma_max0), why)) return fail("sigma_max0 not re-proven: " + why);

  // Features H = h^{K−1}(X) with the forward allowance, and ‖H‖₂² <= u.
  const Mat<M> H = net.features(X, K - 1);
  M hmax = 0;
  for (Index i = 0; i < H.size(); ++i) hmax = std::max(hmax, M(abs(H.data()[i])));
  const M eps_h = ldexp(1 + hmax, -160);
  M sum_h4 = 0, max_h2 = 0;
  for (Index i = 0; i < n; ++i) {
    M h2 = 0;
    for (Index j = 0; j < H.cols(); ++j) {
      const M a = abs(H(i, j)) + eps_h;
      h2 += a * a;
    }
    sum_h4 += h2 * h2;
    max_h2 = std::max(max_h2, h2);
  }
  sum_h4 = up(sum_h4);
  max_h2 = up(max_h2);
  const Mat<M> HH = mpfr_product(H, H.transpose());
  const MatD hh = HH.cast<double>();
  const double est = Eigen::SelfAdjointEigenSolver<MatD>(hh, Eigen::EigenvaluesOnly).eigenvalues().maxCoeff();
  // ‖H‖₂ <= ‖H_mpfr‖₂ + ‖ΔH‖_F: the allowance enters through (√u + √(n·m)·ε)².
  M h_op2 = M(1.0001 * est + 1e-300);
  if (!lambda_max_at_most(HH, h_op2, why)) return fail("||H||_2 not bounded: " + why);
  h_op2 = up(M(pow(sqrt(h_op2) + sqrt(M(H.size())) * eps_h, 2)));
  const M a_j = std::min(sum_h4, up(max_h2 * h_op2));
  const M a_h = std::min(up(M(sqrt(sum_h4))), h_op2);

  // Tail bounds: g_k(z) = s_{k+1} W^{k+1} σ(z) + b, k = K..L−1.
  auto scale = [&](Index layer) {
    return mlp->parameterization == models::Parameterization::standard
               ? M(1)
               : up(M(1 / sqrt(M(mlp->widths[static_cast<std::size_t>(layer - 1)]))));
  };
  M t_sup = 0, t_lip = 0;
  for (Index kk = K; kk <= L - 1; ++kk) {
    const auto wb = net.weight_block(kk + 1);
    const Index rows = mlp->widths[static_cast<std::size_t>(kk + 1)], cols = mlp->widths[static_cast<std::size_t>(kk)];
    Mat<M> W(rows, cols);
    for (Index i = 0; i < rows; ++i)
      for (Index j = 0; j < cols; ++j) W(i, j) = M(theta(wb.offset + i * cols + j));  // θ is row-major per block
    const M norm = operator_norm_upper(W);
    const M sup_dg = up(scale(kk + 1) * norm * s1);
    const M lip_dg = up(scale(kk + 1) * std::min(norm, max_column_norm_upper(W)) * s2);
    if (kk == K) {
      t_sup = sup_dg;
      t_lip = lip_dg;
    } else {
      t_lip = up(lip_dg * t_sup * t_sup + sup_dg * t_lip);
      t_sup = up(sup_dg * t_sup);
    }
  }
  const M sK = scale(K);
  const M sK2 = up(sK * sK);
  const auto m_min = std::min<Index>(k, mlp->widths[static_cast<std::size_t>(K)]);
  const M lip_j = up(sqrt(M(m_min)) * t_lip * sK2 * sqrt(a_j));
  const M hess = up(t_lip * sK2 * a_h);

  // L_start and ‖r0‖ from the MPFR forward pass with its allowance.
  const Mat<M> out = net.forward(X);
  M omax = 0;
  for (Index i = 0; i < out.size(); ++i) omax = std::max(omax, M(abs(out.data()[i])));
  const M eps_o = ldexp(1 + omax, -160);
  M r2 = 0;
  for (Index i = 0; i < n; ++i)
    for (Index o = 0; o < k; ++o) {
      const M d = abs(out(i, o) - M(problem.data.Y(i, o))) + eps_o;
      r2 += d * d;
    }
  r2 = up(r2);
  const M l_start = up(r2 / (2 * n));

  const M Rm(R);
  const M sigma_r = dn(M(sigma0) - lip_j * Rm);
  if (!(sigma_r > 0)) return fail(fmt::format("sigma0 - Lip_J R <= 0 with Lip_J <= {:.6g}", lip_j.convert_to<double>()));
  const bool mu_ok = dn(2 * sigma_r * sigma_r / n) >= M(mu_star);
  const M jnorm = up(M(sigma_max0) + lip_j * Rm);
  const M r_sup = up(sqrt(r2) + jnorm * Rm);
  const M beta_ours = up((jnorm * jnorm + hess * r_sup) / n);
  const bool beta_ok = beta_ours <= M(beta);
  const M threshold = dn(M(mu_star) * Rm * Rm / 16);
  const M margin_ours = dn(threshold - l_start);
  const bool start_ok = margin_ours > 0 && margin_ours >= M(margin);
  IndependentCheck result;
  result.attempted = true;
  result.verdict = mu_ok && beta_ok && start_ok ? Verdict::certified : Verdict::inconclusive;
  result.detail = fmt::format(
      "re-derived in 256-bit MPFR at the {} start: sigma0 and sigma_max0 re-proven by witnesses; Lip_J <= {:.6g}, "
      "(2/n)(sigma0 - Lip_J R)^2 = {:.6g} {} mu_* {:.6g}; beta <= {:.6g} {} recorded {:.6g}; mu_* R^2/16 - L_start >= {:.6g} {} "
      "recorded {:.6g}",
      start, lip_j.convert_to<double>(), (2 * sigma_r * sigma_r / n).convert_to<double>(), mu_ok ? ">=" : "<", mu_star,
      beta_ours.convert_to<double>(), beta_ok ? "<=" : ">", beta, margin_ours.convert_to<double>(), start_ok ? ">=" : "<",
      margin);
  return result;
}

}  // namespace nncert::cert
