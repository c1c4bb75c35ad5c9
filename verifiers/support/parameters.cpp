#include "parameters.hpp"

#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"

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

}  // namespace nncert::verifiers
