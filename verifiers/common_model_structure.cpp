// common_model_structure (docs/theorems/kawaguchi-zhang-deng-2022-alignment.md): vec f_X(θ) = J_S(θ) θ_S.
//
// The block list S is resolved into a set of parameter blocks first (block_parameter: unknown names,
// repeated names and aliases of the same parameters are bad input, the order is normalised), so every
// decision below is taken on the parameters S covers, never on how S is spelt.
//
// Certified structurally, by an identity that holds exactly for every θ, in two cases only:
//  (R) S is the whole read-out, {W^L} of a bias-free net or {W^L, b^L} with biases: f = s_L W^L h + b^L
//      is linear in θ_S, so J_S θ_S = s_L W^L h + b^L = f.
//  (E) S is exactly one weight matrix W^K of a bias-free net whose activation satisfies σ(z) = σ'(z)·z
//      for every real z, σ' as the model computes it (relu, leaky-relu, identity: at z = 0 both sides
//      are 0 whatever σ'(0) is). Euler's identity for degree-1 homogeneity, proven on the back-
//      propagation itself: with δ^l the backward signal, J_S θ_S = δ^K·(s_K W^K h^{K−1}) = δ^K·z^K, and
//      δ^l·z^l = δ^{l+1}·s_{l+1}W^{l+1}(σ'(z^l)⊙z^l) = δ^{l+1}·z^{l+1} (no bias), ending at δ^L·z^L = f.
// A set of two or more weight matrices is homogeneous of a higher degree (two layers of a bias-free
// ReLU net: J_S θ_S = 2f), a bias outside S breaks homogeneity, and a smooth activation breaks
// σ(z) = σ'(z)z: all of these go to the rigorous residual below, which refutes when its lower bound
// is positive and is inconclusive otherwise (equality cannot be proven numerically).
#include <fmt/format.h>

#include "jacobian_checks.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

bool same_parameters(const models::ParameterBlock& a, const models::ParameterBlock& b) {
  return a.offset == b.offset && a.size == b.size;
}

// σ(z) = σ'(z)·z for every z (the hypothesis of case (E)).
bool degree_one_homogeneous(models::Activation a) {
  return a == models::Activation::relu || a == models::Activation::leaky_relu || a == models::Activation::identity;
}

// The structural identity that proves J_S θ_S = f for this S, or "" when none applies.
std::string structural_proof(const models::Mlp<double>& net, const std::vector<models::ParameterBlock>& S) {
  const models::MlpConfig& cfg = net.config();
  const Index L = net.num_layers();
  const bool readout = cfg.bias ? S.size() == 2 && same_parameters(S[0], net.weight_block(L)) &&
                                      same_parameters(S[1], net.bias_block(L))
                                : S.size() == 1 && same_parameters(S[0], net.weight_block(L));
  if (readout) return "structural: f is linear in the read-out parameters";
  if (cfg.bias || S.size() != 1 || !degree_one_homogeneous(cfg.activation)) return "";
  for (Index k = 1; k <= L; ++k)
    if (same_parameters(S[0], net.weight_block(k)))
      return fmt::format("structural: Euler's identity, f is positively homogeneous of degree 1 in W^{} alone", k);
  return "";
}

// θ restricted to the blocks, in the blocks' order (the column order of model_jacobian).
VecD restrict_to(const VecD& theta, const std::vector<models::ParameterBlock>& blocks) {
  Index size = 0;
  for (const auto& b : blocks) size += b.size;
  VecD out(size);
  Index at = 0;
  for (const auto& b : blocks) {
    out.segment(at, b.size) = theta.segment(b.offset, b.size);
    at += b.size;
  }
  return out;
}

// Enclosure of J·θ for every J with |J − mid| <= rad: J θ ∈ [c − r, c + r] with
//   c = fl(mid θ), r = e + Jr|θ|, |mid θ − c| <= e (product_enclosure: γ_k with underflow, any order),
//   and Jr|θ| <= q_mid + q_rad (product_enclosure of Jr·|θ|); r is summed rounding upward.
linalg::MatrixEnclosure times_theta(const linalg::MatrixEnclosure& j, const VecD& theta) {
  const linalg::MatrixEnclosure p = linalg::product_enclosure(j.mid, theta);
  const linalg::MatrixEnclosure q = linalg::product_enclosure(j.rad, theta.cwiseAbs());
  linalg::MatrixEnclosure out{p.mid, p.rad};
  for (Index i = 0; i < out.rad.rows(); ++i) out.rad(i, 0) = add_up(p.rad(i, 0), add_up(q.mid(i, 0), q.rad(i, 0)));
  return out;
}

class CommonModelStructure final : public theory::Verifier {
 public:
  std::string_view name() const override { return "common_model_structure"; }
  std::string_view description() const override { return "common model structure vec f = J_S theta_S"; }
  // Problem-settable: which S the structure is proven for (the same [verify] block as the alignment hypothesis).
  std::vector<std::string_view> problem_options() const override { return {"block"}; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    theory::Finding f;
    f.quantity = "||vec f_X - J_S theta_S||_2";
    const auto* mlp = std::get_if<models::MlpConfig>(&c.model);
    if (!mlp) {
      f.reason = "the common-model-structure verifier handles mlp models";
      return f;
    }
    const models::Mlp<double> net(*mlp);
    const auto readout = models::resolve_block_list(mlp->bias ? "output,output.bias" : "output", net.blocks());
    const auto S = block_parameter(c, net.blocks(), models::join_block_names(readout));
    f.details["block"] = models::join_block_names(S);
    f.details["certified_block"] = f.details["block"];  // what the prediction compares with [train]
    if (const std::string proof = structural_proof(net, S); !proof.empty()) {
      f.verdict = Verdict::certified;
      f.enclosure = certified(0, 0, "structural");
      f.method = proof;
      return f;
    }
    // Rigorous residual r = f − J_S θ_S, with f = J_R θ_R exactly for the read-out R (case (R)).
    const auto js = model_jacobian(c, S);
    const auto jr = model_jacobian(c, readout);
    const linalg::MatrixEnclosure jt = times_theta(*js, restrict_to(net.params(), S));
    const linalg::MatrixEnclosure fx = times_theta(*jr, restrict_to(net.params(), readout));
    // Per entry: r_i ∈ [dlo − ρ, dhi + ρ] with [dlo, dhi] ∋ fx.mid − jt.mid (directed subtraction) and
    // ρ >= fx.rad + jt.rad (rounded up). Hence |r_i| >= max(0, mig[dlo, dhi] − ρ) and
    // |r_i| <= mag[dlo, dhi] + ρ, each rounded outward; ||·||₂ of these bounds by directed rounding.
    const Index m = fx.mid.rows();
    VecD lower(m), upper(m);
    for (Index i = 0; i < m; ++i) {
      const double dlo = sub_down(fx.mid(i, 0), jt.mid(i, 0)), dhi = sub_up(fx.mid(i, 0), jt.mid(i, 0));
      const double rho = add_up(fx.rad(i, 0), jt.rad(i, 0));
      const double mig = dlo > 0 ? dlo : (dhi < 0 ? -dhi : 0.0);
      const double mag = std::max(std::abs(dlo), std::abs(dhi));
      lower(i) = std::max(0.0, sub_down(mig, rho));
      upper(i) = add_up(mag, rho);
      if (!std::isfinite(upper(i))) upper(i) = kInf;
    }
    const double lo = sqrt_down(linalg::squared_norm_lower(lower));
    const double up = upper.allFinite() ? sqrt_up(linalg::squared_norm_upper(upper)) : kInf;
    f.enclosure = certified(lo, up, "directed-rounding enclosure of f and J_S theta_S");
    f.method = "rigorous residual enclosure";
    const double f_norm = fx.mid.norm();  // display only
    f.details["relative residual"] = fmt::format("{:.3g}", f_norm > 0 ? up / f_norm : up);
    if (lo > 0) {
      f.verdict = Verdict::refuted;
      f.margin = -lo;
      f.reason = fmt::format("vec f_X != J_S theta_S: the residual is at least {:.6g}", lo);
    } else {
      f.verdict = Verdict::inconclusive;
      f.reason = "the residual is within rounding of 0, but equality cannot be proven numerically";
    }
    return f;
  }
};

const theory::VerifierRegistration<CommonModelStructure> registration;

}  // namespace
}  // namespace nncert::verifiers
