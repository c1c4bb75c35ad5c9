// expressivity (docs/theorems/kawaguchi-sun-2021-expressivity.md): rank J_S(θ) = n·m_y for the phase-2 block S.
//
// Structural refutations, true for every θ (docs/theorems/kawaguchi-sun-2021-expressivity.md): |S| < n·m_y
// (rank J_S <= |S|); S the output layer reading a hidden layer of width m_l < n (J_S = H ⊗ I up to
// permutations, rank <= m_y·m_l). A hidden block after a narrow layer is decided numerically, never refuted
// by a width count. Certification: σ_min(J) > 0 for every J in a rigorous enclosure of J_S (models
// jacobian_enclosure), through the certified σ_min ladder (Gram + shifted Cholesky, or SVD + Weyl;
// docs/floating-point.md#σ_min-and-rank-of-a-jacobian).
//
// Where (parameter `start`): "theta0" (default), or "phase2", where the paper needs the condition: the
// two-phase recipe's switch point θ^(τ), after phase 1 and the perturbation, reached by replaying the
// problem's [train] recipe with the deterministic trainer (train::phase_two_start). The finding then
// carries `phase2_start_offset` = ||θ^(τ) − θ0||, so the prediction binds only to a run whose phase 2
// starts there, and `nncert check` re-proves σ_min(J_S) at the replayed point.
#include <fmt/format.h>

#include "jacobian_checks.hpp"
#include "nncert/theory/shortfall.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/train/phase_two_start.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

class Expressivity final : public theory::Verifier {
 public:
  std::string_view name() const override { return "expressivity"; }
  std::string_view description() const override { return "full row rank of the block Jacobian J_S (Kawaguchi-Sun)"; }
  // Problem-settable: which phase-2 block S (the rate is conditioned on it: linear_block), and where the
  // condition is certified (θ0 or the replayed switch point).
  std::vector<std::string_view> problem_options() const override { return {"block", "start"}; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    theory::Finding f;
    const auto* mlp = std::get_if<models::MlpConfig>(&c.model);
    if (!mlp) {
      f.verdict = Verdict::inconclusive;
      f.reason = "the expressivity verifier handles mlp models";
      return f;
    }
    const models::Mlp<double> net(*mlp);
    const auto blocks = block_parameter(c, net.blocks(), net.widest_hidden_layer() > 0 ? "wide" : "output");
    const std::string block = models::join_block_names(blocks);
    Index size = 0;
    for (const auto& b : blocks) size += b.size;
    const Index n = c.data.n(), k = net.output_dim(), L = net.num_layers();
    // S = W^L alone: the block enters the output linearly (the rate's linear_block condition).
    const bool reads_last_hidden = blocks.size() == 1 && blocks.front().offset == net.weight_block(L).offset &&
                                   blocks.front().size == net.weight_block(L).size;
    f.quantity = fmt::format("sigma_min(J_S), S = {} ({} parameters)", block, size);
    std::string described;
    for (const auto& b : blocks) described += (described.empty() ? "" : ", ") + b.description;
    f.details["block"] = described;
    f.details["certified_block"] = block;  // what the prediction compares with [train]
    f.constants["linear_block"] = certified(reads_last_hidden ? 1 : 0, reads_last_hidden ? 1 : 0, "structure");
    const Index last_hidden = mlp->widths[static_cast<std::size_t>(L - 1)];
    // The read-out alone needs n units below it; any other block needs n·m_y parameters.
    const std::string widen_readout =
        fmt::format("widen layer {} from {} to at least n = {} units, or use at most {} samples", L - 1, last_hidden, n, last_hidden);
    if (size < n * k) {
      f.verdict = Verdict::refuted;
      f.enclosure = certified(0, 0, "structural");
      f.method = "structural: rank J_S <= |S|";
      f.reason = fmt::format("|S| = {} < n·m_y = {}: J_S cannot have full row rank for any parameters", size, n * k);
      f.details[theory::kWhatWouldChange] =
          reads_last_hidden ? widen_readout
                            : fmt::format("a block S with at least {} parameters (a wider layer, or more layers in S), or at most {} samples",
                                          n * k, size / k);
      return f;
    }
    if (reads_last_hidden && last_hidden < n) {
      f.verdict = Verdict::refuted;
      f.enclosure = certified(0, 0, "structural");
      f.method = "structural: rank J_S <= m_y·m_l for the output layer";
      f.reason = fmt::format("S is the output layer and reads a layer of width {} < n = {}: rank J_S <= {} < {}",
                             last_hidden, n, k * last_hidden, n * k);
      f.details[theory::kWhatWouldChange] = widen_readout;
      return f;
    }
    const std::string start = string_parameter(c, "start", "theta0");
    VecD theta;  // empty: θ0
    if (start != "theta0") {
      try {
        theta = train::phase_two_start(*mlp, c.data.X, c.data.Y, c.problem, start);
      } catch (const InvalidInput& e) {
        throw InvalidInput(fmt::format("hypothesis '{}': {}", c.hypothesis.id, e.what()));
      }
    }
    const auto j = model_jacobian(c, block, theta);
    theory::Finding r = full_row_rank_finding(*j, f.quantity);
    r.details.insert(f.details.begin(), f.details.end());
    if (start != "theta0") r.details["start"] = start;  // what `nncert check` replays (witness "at")
    r.constants["linear_block"] = f.constants["linear_block"];
    if (theta.size() > 0) r.constants["phase2_start_offset"] = start_offset_enclosure(theta, net.params());
    if (r.verdict == Verdict::refuted && r.reason.empty()) r.reason = "rank deficiency proven";
    add_rank_remedy(c, r, theta);
    return r;
  }
};

const theory::VerifierRegistration<Expressivity> registration;

}  // namespace
}  // namespace nncert::verifiers
