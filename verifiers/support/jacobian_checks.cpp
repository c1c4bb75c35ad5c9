#include "jacobian_checks.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include <fmt/format.h>

#include "nncert/linalg/sigma_min.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/theory/shortfall.hpp"
#include "nncert/models/model.hpp"
#include "nncert/models/model_enclosure.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"
#include "gram_checks.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {

std::string shape(const MatD& m) { return fmt::format("{}x{}", m.rows(), m.cols()); }

std::vector<models::ParameterBlock> model_blocks(const theory::VerificationContext& c) {
  return models::build_model<double>(c.model)->blocks();
}

std::optional<linalg::MatrixEnclosure> model_jacobian(const theory::VerificationContext& c, const std::string& blocks,
                                              const VecD& theta) {
  return model_jacobian(c, models::resolve_block_list(blocks, model_blocks(c)), theta);
}

std::optional<linalg::MatrixEnclosure> model_jacobian(const theory::VerificationContext& c,
                                              const std::vector<models::ParameterBlock>& blocks, const VecD& theta) {
  // J_S is n·k × |S|, the largest object of these verifiers: each block's part is copied into its
  // columns and released at once (never all parts and the result together), and a single block is
  // returned as it is (moved, not copied).
  std::optional<linalg::MatrixEnclosure> out;
  Index cols = 0;
  for (const auto& block : blocks) cols += block.size;
  Index at = 0;
  for (const auto& block : blocks) {
    std::optional<linalg::MatrixEnclosure> part;
    try {
      part = models::jacobian_enclosure(c.model, theta, c.data.X, block.name);
    } catch (const InvalidInput& e) {
      throw InvalidInput(fmt::format("hypothesis '{}': {}", c.hypothesis.id, e.what()));
    }
    if (!part) return std::nullopt;
    if (part->mid.cols() != block.size)  // the columns below are sized from the blocks
      throw std::logic_error(fmt::format("block '{}': Jacobian has {} columns, the block {} parameters", block.name,
                                         part->mid.cols(), block.size));
    if (blocks.size() == 1) return part;
    if (!out) out = linalg::MatrixEnclosure{MatD(part->mid.rows(), cols), MatD(part->mid.rows(), cols)};
    out->mid.middleCols(at, part->mid.cols()) = part->mid;
    out->rad.middleCols(at, part->mid.cols()) = part->rad;
    at += part->mid.cols();
  }
  return out;
}

theory::Finding full_row_rank_finding(const linalg::MatrixEnclosure& j, const std::string& quantity) {
  theory::Finding f;
  f.quantity = quantity;
  f.details["shape"] = shape(j.mid);
  if (j.mid.rows() > j.mid.cols()) {
    // rank J <= p < n·k rows: full row rank is impossible for every parameter value.
    f.verdict = Verdict::refuted;
    f.enclosure = {0, 0, true, "structural", 53};
    f.method = "structural: rank J <= number of columns";
    f.reason = fmt::format("J is {}: fewer columns than rows, so it cannot have full row rank", shape(j.mid));
    f.constants["sigma_min"] = f.enclosure;
    f.constants["lambda_min_G"] = f.enclosure;
    return f;
  }
  const linalg::SigmaResult r = linalg::certify_sigma_min(j.mid, j.rad, 0.0);
  f.verdict = r.verdict;
  f.enclosure = r.sigma_min;
  f.method = r.sigma_min.method;
  f.precision_bits = r.sigma_min.precision_bits;
  f.margin = r.sigma_min.certified ? r.sigma_min.lower : 0;
  f.reason = r.reason;
  f.details["shape"] = shape(j.mid);
  f.details["rank"] = fmt::format("[{}, {}]", r.rank_lower, r.rank_upper);
  const double norm_up = linalg::norm2_upper(j);
  f.details["norm2_upper"] = fmt::format("{:.6g}", norm_up);
  if (r.sigma_min.lower > 0) f.details["condition_number_upper"] = fmt::format("{:.6g}", div_up(norm_up, r.sigma_min.lower));
  const bool ok = r.verdict == Verdict::certified && r.sigma_min.certified;
  f.constants["sigma_min"] = r.sigma_min;
  f.constants["lambda_min_G"] = {mul_down(std::max(0.0, r.sigma_min.lower), std::max(0.0, r.sigma_min.lower)),
                                 mul_up(r.sigma_min.upper, r.sigma_min.upper), ok, r.sigma_min.method,
                                 r.sigma_min.precision_bits};
  // λ_max(G) >= λ_min(G): the lower end keeps n/λ_max enclosable when full rank is proven.
  f.constants["lambda_max_G"] = {f.constants["lambda_min_G"].lower,
                                 std::min(mul_up(norm_up, norm_up), lambda_max_upper(linalg::gram_enclosure(j))), true,
                                 "shifted Cholesky of s I - J J^T", 53};
  return f;
}

namespace {

// "19 of 64 units of layer 2" for each hidden layer with units whose output is exactly 0 on every
// sample; empty when there are none (or the model is not an MLP).
std::string dead_units(const theory::VerificationContext& c, const VecD& theta) {
  const auto* config = std::get_if<models::MlpConfig>(&c.model);
  if (config == nullptr) return {};
  models::Mlp<double> net(*config);
  if (theta.size() == net.num_params()) net.set_params(theta);
  std::string out;
  for (Index l = 1; l < net.num_layers(); ++l) {
    const MatD h = net.features(c.data.X, l);
    Index dead = 0;
    for (Index u = 0; u < h.cols(); ++u) dead += (h.col(u).array() == 0).all() ? 1 : 0;
    if (dead > 0) out += fmt::format("{}{} of {} units of layer {}", out.empty() ? "" : ", ", dead, h.cols(), l);
  }
  return out;
}

}  // namespace

void add_rank_remedy(const theory::VerificationContext& c, theory::Finding& f, const VecD& theta) {
  if (f.verdict == Verdict::certified || f.details.count(theory::kWhatWouldChange) > 0) return;
  const auto s = f.constants.find("sigma_min");
  const double upper = s != f.constants.end() ? s->second.upper : f.enclosure.upper;
  const std::string bound = f.verdict == Verdict::refuted ? "sigma_min(J_S) = 0 is proven here"
                                                          : fmt::format("sigma_min(J_S) <= {:.2g}", upper);
  const std::string dead = dead_units(c, theta);
  // The rank the σ_min ladder found ("[lo, hi]" in details, full_row_rank_finding): fewer samples than
  // its upper end per output can still be full rank.
  long rank_lo = 0, rank_hi = -1;
  const auto rank = f.details.find("rank");
  const bool rank_known = rank != f.details.end() && std::sscanf(rank->second.c_str(), "[%ld, %ld]", &rank_lo, &rank_hi) == 2;
  const long k = std::max<long>(1, static_cast<long>(c.data.k()));
  const std::string samples = rank_known && rank_hi >= 0 && rank_hi < static_cast<long>(c.data.n()) * k
                                  ? fmt::format(", at most {} samples (rank J_S <= {} here)", std::max(1L, rank_hi / k), rank_hi)
                                  : std::string();
  const std::string levers =
      fmt::format("more parameters in S (a wider layer){}, no duplicate or parallel inputs, or another seed", samples);
  f.details[theory::kWhatWouldChange] =
      dead.empty() ? fmt::format("{}: {}", bound, levers)
                   : fmt::format("{} with {} dead (output 0 on every sample): try activation = \"tanh\" or "
                                 "\"softplus\", or a smaller bias; otherwise {}", bound, dead, levers);
}

}  // namespace nncert::verifiers
