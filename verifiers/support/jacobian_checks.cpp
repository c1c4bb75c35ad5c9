#include "jacobian_checks.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "nncert/linalg/sigma_min.hpp"
#include "nncert/models/build_model.hpp"
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

}  // namespace nncert::verifiers
