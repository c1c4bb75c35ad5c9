// alignment (docs/theorems/kawaguchi-zhang-deng-2022-alignment.md): data–architecture alignment vec Y ∈ Col J_S(θ).
//
// Refuted structurally by two identical inputs with different targets: rows i and j of J_S are then
// equal for every θ, so every vector in Col J_S has equal entries there while vec Y does not.
// Certified through full row rank of J_S (every vector is then in the column space), proven for every
// matrix in a rigorous enclosure of J_S. DAA of a rank-deficient J_S is a measure-zero, non-robust
// property (docs/theorems/kawaguchi-zhang-deng-2022-alignment.md): such cases are reported with the residual
// estimate as inconclusive.
#include <fmt/format.h>

#include "jacobian_checks.hpp"
#include "nncert/linalg/range_membership.hpp"
#include "nncert/numeric/errors.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

std::string default_block(const theory::VerificationContext& c) {
  if (const auto* mlp = std::get_if<models::MlpConfig>(&c.model)) return mlp->bias ? "output,output.bias" : "output";
  return "all";
}

class Alignment final : public theory::Verifier {
 public:
  std::string_view name() const override { return "alignment"; }
  std::string_view description() const override { return "data-architecture alignment: vec Y in Col J_S"; }
  // Problem-settable: which S; full row rank of any J_S gives Col J_S = R^{nk}.
  std::vector<std::string_view> problem_options() const override { return {"block"}; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const MatD& X = c.data.X;
    const MatD& Y = c.data.Y;
    theory::Finding f;
    f.quantity = "dist(vec Y, Col J_S)";
    for (Index i = 0; i < X.rows(); ++i)
      for (Index j = i + 1; j < X.rows(); ++j)
        if (X.row(i) == X.row(j) && Y.row(i) != Y.row(j)) {
          f.verdict = Verdict::refuted;
          f.enclosure = certified(0, 0, "structural");
          f.method = "structural: identical inputs with different targets";
          f.reason = fmt::format("inputs {} and {} are identical but their targets differ", i, j);
          return f;
        }
    const std::string block = models::join_block_names(block_parameter(c, model_blocks(c), default_block(c)));
    const auto jac = model_jacobian(c, block);
    if (!jac) {
      f.reason = "no rigorous Jacobian enclosure for this model kind yet";
      return f;
    }
    theory::Finding rank = full_row_rank_finding(*jac, "sigma_min(J_S)");
    add_rank_remedy(c, rank);
    f.details = rank.details;
    f.details["block"] = block;
    f.details["certified_block"] = block;  // what the prediction compares with [train] (issue #16)
    f.constants = rank.constants;
    f.method = rank.method;
    f.precision_bits = rank.precision_bits;
    if (rank.verdict == Verdict::certified) {
      f.verdict = Verdict::certified;
      f.enclosure = certified(0, 0, "full row rank of J_S: Col J_S = R^{n k}");
      f.margin = rank.enclosure.lower;
      f.details["sigma_min(J_S)"] = fmt::format("[{:.6g}, {:.6g}]", rank.enclosure.lower, rank.enclosure.upper);
      return f;
    }
    // Estimate the residual for the report (not evidence).
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> y_rows = Y;  // sample-major vec
    const VecD vec_y = Eigen::Map<const VecD>(y_rows.data(), y_rows.size());
    const linalg::RangeResult r = linalg::certify_in_range(jac->mid, vec_y, 0.0);
    f.enclosure = r.residual;
    f.enclosure.certified = false;
    f.verdict = Verdict::inconclusive;
    f.reason = fmt::format("full row rank of J_S not proven ({}); relative residual estimate {:.3g}", rank.reason,
                           vec_y.norm() > 0 ? r.residual.upper / vec_y.norm() : 0.0);
    return f;
  }
};

const theory::VerifierRegistration<Alignment> registration;

}  // namespace
}  // namespace nncert::verifiers
