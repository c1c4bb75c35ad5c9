// block_local_pl (docs/theorems/kawaguchi-sun-2021-expressivity-local-pl.md: phase 2 with the local-PL technique of docs/theorems/barboni-2022-local-pl.md;
// our derivation [D], written out in proofs/kawaguchi-sun-2021-expressivity-local-pl.md).
//
// Phase 2 trains only θ_S = W^K (a hidden block: K < L, so S does not enter the output linearly) on
// frozen features h_i = h^{K−1}(x_i); L = (1/2n)||r||², r = vec f − vec Y, ∇_S L = (1/n) J_Sᵀ r, so
//   ||∇_S L||² >= (2/n)·σ_min(J_S(θ))²·L.
// J_S rows (i,o) = (e_oᵀ T(z_i)) ⊗ s_K h_iᵀ with z_i = s_K W h_i + b and T the frozen tail's Jacobian
// (tail_lipschitz.hpp), hence with ΔW = W − W_0:
//   ||J_S(W) − J_S(W_0)||_2 <= ||.||_F <= Lip_J·||ΔW||_F,
//   Lip_J = sqrt(min(m_y, m_K))·Lip(T)·s_K²·sqrt(A_J),  A_J = min(Σ_i ||h_i||⁴, max_i ||h_i||²·||H||_2²)
// (Σ_i ||ΔT_i||_F² s²||h_i||² <= min(m_y,m_K) Lip(T)² s⁴ Σ_i ||ΔW h_i||²||h_i||², and the last sum is
// <= ||ΔW||_2² Σ||h_i||⁴ and <= max||h_i||²·||ΔW Hᵀ||_F² <= max||h_i||²·||ΔW||_F²·||H||_2²).
// Weyl: σ_min(J_S(W)) >= σ0 − Lip_J·||ΔW||_F. We fix R := σ0/(2 Lip_J) (σ0 the certified lower bound
// at the start, Lip_J the upper bound; any smaller R would do), so on B_R:
//   μ_* = (2/n)(σ0 − Lip_J R)²  (a lower bound of the PL constant).
// Smoothness on B_R: ∇²L = (1/n)(J_SᵀJ_S + Σ_{i,o} r_io ∇²f_io), and for a direction V with a_i = s V h_i
//   |Σ_o r_io ∇²f_io[V,V]| = |r_iᵀ (DT(z_i)[a_i]) a_i| <= ||r_i||·Lip(T)·s²||V||²||h_i||²,
// summed with Cauchy–Schwarz (or max_i ||r_i|| <= ||r|| and Σ||V h_i||² <= ||V||²||H||_2²):
//   |Σ r ∇²f[V,V]| <= Lip(T)·s²·A_H·||r||·||V||²,  A_H = min(sqrt(Σ||h_i||⁴), ||H||_2²);
//   ||J_S|| <= σmax0 + Lip_J R,  ||r|| <= ||r0|| + (σmax0 + Lip_J R)·R  (mean value theorem),
//   β = (1/n)[(σmax0 + Lip_J R)² + Lip(T) s² A_H (||r0|| + (σmax0 + Lip_J R) R)].
// Start condition (GD, η <= 1/β): L_start < μ_* R²/16 keeps every iterate in B_R (path length
// <= 4 sqrt(L_start/μ_*) < R) and gives L_t <= (1 − ημ_*/2)^t L_start.
//
// Verdicts: certified when σ0 > 0 and the start condition are proven; refuted only when σ_min(J_S) = 0
// is proven (structural rank deficiency: no PL constant exists); a start condition proven false is
// INCONCLUSIVE ("start condition not met"): the local argument does not apply, which says nothing
// about whether training converges. relu/leaky-relu (T not Lipschitz) are inconclusive.
//
// Start point (parameter `start`): "theta0" (default) certifies at θ0; "phase2" replays phase 1 of the
// problem's [train] section (the two-phase recipe: τ steps on all parameters, then the switch
// perturbation) with the same deterministic trainer and certifies at that phase-2 start θ_τ. The
// finding then carries `phase2_start_offset` = ||θ_τ − θ0|| so that the prediction is only compared with
// a run whose phase 2 starts there (theory::predict).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "jacobian_checks.hpp"
#include "gram_checks.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"
#include "nncert/theory/shortfall.hpp"
#include "nncert/train/phase_two_start.hpp"
#include "parameters.hpp"
#include "tail_lipschitz.hpp"

namespace nncert::verifiers {
namespace {

// The weight block's layer K (S = W^K), or 0 when the block set is not exactly one weight matrix.
Index block_layer(const models::Mlp<double>& net, const std::vector<models::ParameterBlock>& blocks) {
  if (blocks.size() != 1) return 0;
  const auto& info = blocks.front();
  for (Index k = 1; k <= net.num_layers(); ++k) {
    const auto w = net.weight_block(k);
    if (w.offset == info.offset && w.size == info.size) return k;
  }
  return 0;
}

linalg::Enclosure bound(double lower, double upper, const std::string& method) { return certified(lower, upper, method); }

class BlockLocalPl final : public theory::Verifier {
 public:
  std::string_view name() const override { return "block_local_pl"; }
  std::string_view description() const override {
    return "local PL constants sigma0, Lip_J, R, mu_*, beta and the start condition for a hidden phase-2 block (Kawaguchi-Sun)";
  }
  // Problem-settable: which phase-2 block and which start point the local-PL constants are proven at.
  std::vector<std::string_view> problem_options() const override { return {"block", "start"}; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    theory::Finding f;
    f.quantity = "mu_* R^2 / 16 - L_start";
    f.method = "certified sigma_min of J_S, rigorous tail Lipschitz bounds, interval arithmetic";
    const auto* mlp = std::get_if<models::MlpConfig>(&c.model);
    if (!mlp) {
      f.reason = "the block_local_pl verifier handles mlp models";
      return f;
    }
    const auto curvature = activation_curvature(mlp->activation);
    if (!curvature) {
      f.reason = "the activation is not C^2 with bounded sigma'' (relu / leaky-relu): the tail Jacobian T is not Lipschitz, so the local PL radius cannot be certified";
      return f;
    }
    const std::string start = string_parameter(c, "start", "theta0");
    const VecD theta0 = models::Mlp<double>(*mlp).params();
    VecD theta;
    try {
      theta = train::phase_two_start(*mlp, c.data.X, c.data.Y, c.problem, start);
    } catch (const InvalidInput& e) {
      throw InvalidInput(fmt::format("hypothesis '{}': {}", c.hypothesis.id, e.what()));
    }
    const models::Mlp<double> net(*mlp, theta);
    const Index L = net.num_layers(), n = c.data.n(), k = net.output_dim();
    const auto blocks = block_parameter(c, net.blocks(), net.widest_hidden_layer() > 0 ? "wide" : "output");
    const std::string block = models::join_block_names(blocks);
    const Index K = block_layer(net, blocks);
    if (K == 0)
      throw InvalidInput(fmt::format("hypothesis '{}': block '{}' is not one weight matrix (use \"wide\" or \"layer:K\")", c.hypothesis.id, block));
    f.details["block"] = fmt::format("S = W^{} ({}, {} parameters), start = {}", K, block, net.weight_block(K).size, start);
    if (K == L) {
      f.reason = "S is the output layer: it enters the output linearly, so kawaguchi-sun-2021/expressivity covers it (global PL)";
      return f;
    }
    f.constants["phase2_start_offset"] = start_offset_enclosure(theta, theta0);

    // σ0 and σmax0 at the start (certified σ_min ladder on the rigorous J_S enclosure).
    const std::string layer_block = fmt::format("layer:{}", K);
    f.details["start"] = start;  // with "J_S block", what `nncert check` needs to re-prove σ0
    f.details["J_S block"] = layer_block;
    f.details["certified_block"] = layer_block;  // what the prediction compares with [train] (issue #16)
    const auto jac = model_jacobian(c, layer_block, theta);
    theory::Finding r = full_row_rank_finding(*jac, "sigma_min(J_S)");
    add_rank_remedy(c, r, theta);
    for (const auto& [key, v] : r.details) f.details["J_S " + key] = v;
    if (r.verdict != Verdict::certified) {
      f.details[theory::kWhatWouldChange] = r.details[theory::kWhatWouldChange];
      f.verdict = r.verdict;
      f.enclosure = r.enclosure;
      f.reason = "sigma_min(J_S) > 0 is not certified at the phase-2 start: " + r.reason;
      if (r.verdict == Verdict::refuted) f.reason = "J_S cannot have full row rank (no PL constant): " + r.reason;
      return f;
    }
    const double sigma0 = r.enclosure.lower;
    const double sigma_max0 = sqrt_up(r.constants["lambda_max_G"].upper);

    // Features h_i = h^{K−1}(x_i) and the outputs, rigorously enclosed.
    const linalg::MatrixEnclosure H = models::mlp_feature_enclosure(*mlp, theta, c.data.X, K - 1);
    const linalg::MatrixEnclosure out = models::mlp_feature_enclosure(*mlp, theta, c.data.X, L);
    double sum_h4 = 0, max_h2 = 0;  // upper bounds
    for (Index i = 0; i < n; ++i) {
      double h2 = 0;
      for (Index j = 0; j < H.mid.cols(); ++j) {
        const double a = add_up(std::abs(H.mid(i, j)), H.rad(i, j));
        h2 = add_up(h2, mul_up(a, a));
      }
      sum_h4 = add_up(sum_h4, mul_up(h2, h2));
      max_h2 = std::max(max_h2, h2);
    }
    // ||H||_2² <= λ_max upper bound of the enclosed Gram H Hᵀ.
    const double h_op2 = lambda_max_upper(linalg::gram_enclosure(H));
    const double a_j = std::min(sum_h4, mul_up(max_h2, h_op2));
    const double a_h = std::min(sqrt_up(sum_h4), h_op2);
    // r0 = f(X) − Y: ||r0||² enclosed entrywise from |mid − y| ± rad.
    double r2_up = 0, r2_lo = 0;
    for (Index i = 0; i < n; ++i)
      for (Index o = 0; o < k; ++o) {
        const double d = std::abs(out.mid(i, o) - c.data.Y(i, o));
        const double d_up = add_up(next_up(d), out.rad(i, o));  // |fl(a − b) − (a − b)| <= ulp/2
        const double d_lo = std::max(0.0, sub_down(next_down(d), out.rad(i, o)));
        r2_up = add_up(r2_up, mul_up(d_up, d_up));
        r2_lo = add_down(r2_lo, mul_down(d_lo, d_lo));
      }
    const double r0_up = sqrt_up(r2_up);
    const double nn = static_cast<double>(n);
    const double l_start_up = div_up(r2_up, 2 * nn), l_start_lo = std::max(0.0, div_down(r2_lo, 2 * nn));

    const TailBounds tail = mlp_tail_bounds(net, K, *curvature);
    const double s = layer_scale_upper(*mlp, K);
    const double s2 = mul_up(s, s);
    const double lip_j =
        mul_up(mul_up(mul_up(sqrt_up(static_cast<double>(std::min(k, mlp->widths[static_cast<std::size_t>(K)]))), tail.jacobian_lipschitz), s2),
               sqrt_up(a_j));
    const double hess = mul_up(mul_up(tail.jacobian_lipschitz, s2), a_h);
    f.details["tail"] = fmt::format("sup||T|| <= {:.6g}, Lip(T) <= {:.6g} (s1 = {}, s2 = {})", tail.jacobian_sup,
                                    tail.jacobian_lipschitz, curvature->s1, curvature->s2);
    f.details["features"] = fmt::format("sum ||h_i||^4 <= {:.6g}, max ||h_i||^2 <= {:.6g}, ||H||_2^2 <= {:.6g}", sum_h4, max_h2, h_op2);

    // R := σ0/(2 Lip_J) (any value; the bounds below hold for the R chosen), μ_* from σ0 − Lip_J R.
    double R = 0, mu_star = 0;
    if (lip_j == 0) {
      f.reason = "Lip_J = 0: the tail is linear; use kawaguchi-sun-2021/expressivity";
      return f;
    }
    R = sigma0 / (2 * lip_j);
    const double sigma_r = sub_down(sigma0, mul_up(lip_j, R));  // <= σ0 − Lip_J R <= σ_min on B_R
    if (!(sigma_r > 0)) {
      f.reason = "the certified radius is degenerate (sigma0 - Lip_J R <= 0 after rounding)";
      return f;
    }
    mu_star = mul_down(div_down(2.0, nn), mul_down(sigma_r, sigma_r));
    const double jnorm = add_up(sigma_max0, mul_up(lip_j, R));             // >= sup_{B_R} ||J_S||_2
    const double r_sup = add_up(r0_up, mul_up(jnorm, R));                 // >= sup_{B_R} ||r||
    const double beta = div_up(add_up(mul_up(jnorm, jnorm), mul_up(hess, r_sup)), nn);
    const double threshold = div_down(mul_down(mu_star, mul_down(R, R)), 16.0);  // <= μ_* R²/16

    f.constants["sigma0"] = bound(sigma0, r.enclosure.upper, r.enclosure.method);
    f.constants["sigma_max0"] = bound(sigma0, sigma_max0, "sqrt of the lambda_max upper bound of J_S J_S^T");
    f.constants["Lip_T"] = bound(0, tail.jacobian_lipschitz, "chain rule on operator-norm upper bounds");
    f.constants["Lip_J"] = bound(0, lip_j, "Lip(T) s^2 sqrt(min(m_y, m_K) A_J)");
    f.constants["R"] = bound(R, R, "chosen: sigma0 / (2 Lip_J)");
    f.constants["mu_star"] = bound(mu_star, mu_star, "PL constant on B_R: (2/n)(sigma0 - Lip_J R)^2, rounded down");
    f.constants["beta"] = bound(beta, beta, "smoothness bound on B_R, rounded up");
    f.constants["L_start"] = bound(l_start_lo, l_start_up, "rigorous forward enclosure");
    f.constants["start_threshold"] = bound(threshold, threshold, "mu_* R^2 / 16, rounded down");
    const double margin = sub_down(threshold, l_start_up);
    f.enclosure = bound(margin, sub_up(threshold, l_start_lo), "interval arithmetic on certified constants");
    f.margin = margin;
    f.details["start condition"] = fmt::format("L_start in [{:.6g}, {:.6g}] vs mu_* R^2/16 = {:.6g} (mu_* = {:.6g}, R = {:.6g}, sigma0 = {:.6g}, Lip_J = {:.6g}, beta = {:.6g})",
                                               l_start_lo, l_start_up, threshold, mu_star, R, sigma0, lip_j, beta);
    if (l_start_up < threshold) {
      f.verdict = Verdict::certified;
    } else {
      f.verdict = Verdict::inconclusive;
      f.reason = l_start_lo >= threshold
                     ? fmt::format("start condition not met: L_start >= {:.3g} vs mu_* R^2/16 = {:.3g}, {}; the local PL argument does not cover this start (it does not mean training fails)",
                                   l_start_lo, threshold, theory::shortfall_words(l_start_lo, threshold))
                     : "the start condition cannot be decided at this precision";
      if (l_start_lo >= threshold)
        f.details[theory::kWhatWouldChange] = fmt::format(
            "a start with loss below {:.3g} (train the other layers longer before the switch: `start = \"phase2\"` with a larger tau), "
            "or a larger sigma_min(J_S) = {:.3g} relative to Lip_J = {:.3g} (a wider layer S)", threshold, sigma0, lip_j);
    }
    return f;
  }
};

const theory::VerifierRegistration<BlockLocalPl> registration;

}  // namespace
}  // namespace nncert::verifiers
