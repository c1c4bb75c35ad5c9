#include "parameters.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::verifiers {
namespace {
[[noreturn]] void bad(const theory::VerificationContext& c, std::string_view key, std::string_view what) {
  throw InvalidInput(fmt::format("hypothesis '{}': parameter '{}' {}", c.hypothesis.id, key, what));
}
}  // namespace

std::string string_parameter(const theory::VerificationContext& c, std::string_view key, const std::string& fallback) {
  const toml::node* node = theory::parameter(c, key);
  if (!node) return fallback;
  if (const auto* s = node->as_string()) return s->get();
  bad(c, key, "must be a string");
}

double double_parameter(const theory::VerificationContext& c, std::string_view key, double fallback) {
  const toml::node* node = theory::parameter(c, key);
  if (!node) return fallback;
  if (const auto* f = node->as_floating_point()) return f->get();
  if (const auto* i = node->as_integer()) return static_cast<double>(i->get());
  bad(c, key, "must be a number");
}

bool bool_parameter(const theory::VerificationContext& c, std::string_view key, bool fallback) {
  const toml::node* node = theory::parameter(c, key);
  if (!node) return fallback;
  if (const auto* b = node->as_boolean()) return b->get();
  bad(c, key, "must be true or false");
}

std::vector<models::ParameterBlock> block_parameter(const theory::VerificationContext& c,
                                                    const std::vector<models::ParameterBlock>& available,
                                                    const std::string& fallback) {
  const std::string list = string_parameter(c, "block", fallback);
  try {
    return models::resolve_block_list(list, available);
  } catch (const InvalidInput& e) {
    const bool from_problem = c.verify_options.get("block") != nullptr;
    throw InvalidInput(fmt::format("{}: {} 'block' of hypothesis '{}': {}", c.problem.path.string(),
                                   from_problem ? "[verify]" : "theorem parameter", c.hypothesis.id, e.what()));
  }
}

linalg::Enclosure certified(double lower, double upper, const std::string& method, int bits) {
  return {lower, upper, true, method, bits};
}

linalg::Enclosure estimate(double value, const std::string& method) { return {value, value, false, method, 53}; }

linalg::Enclosure start_offset_enclosure(const VecD& theta, const VecD& theta0) {
  if (theta == theta0) return certified(0, 0, "theta0");
  VecD gap_lo(theta.size()), gap_hi(theta.size());
  for (Index t = 0; t < theta.size(); ++t) {
    const double lo = sub_down(theta(t), theta0(t)), hi = sub_up(theta(t), theta0(t));
    gap_lo(t) = theta(t) == theta0(t) ? 0.0 : (lo > 0 ? lo : (hi < 0 ? -hi : 0.0));
    gap_hi(t) = theta(t) == theta0(t) ? 0.0 : std::max(std::abs(lo), std::abs(hi));
  }
  const double offset = (theta - theta0).norm();
  const double lower = std::min(sqrt_down(linalg::squared_norm_lower(gap_lo)), std::max(0.0, next_down(offset)));
  const double upper = std::max(sqrt_up(linalg::squared_norm_upper(gap_hi)), next_up(offset));
  return certified(lower, upper, "replayed phase 1, directed rounding");
}

}  // namespace nncert::verifiers
