#include "nncert/theory/verifier.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"

namespace nncert::theory {
namespace {
std::map<std::string, std::unique_ptr<Verifier>, std::less<>>& registry() {
  static std::map<std::string, std::unique_ptr<Verifier>, std::less<>> verifiers;
  return verifiers;
}
}  // namespace

void register_verifier(std::unique_ptr<Verifier> verifier) {
  const std::string name(verifier->name());
  registry()[name] = std::move(verifier);
}

const Verifier& find_verifier(std::string_view name) {
  const auto it = registry().find(name);
  if (it != registry().end()) return *it->second;
  std::string known;
  for (const auto& [n, v] : registry()) known += (known.empty() ? "" : ", ") + n;
  throw InvalidInput(fmt::format("unknown verifier '{}' (known: {})", name, known));
}

std::vector<const Verifier*> registered_verifiers() {
  std::vector<const Verifier*> out;
  for (const auto& [n, v] : registry()) out.push_back(v.get());
  return out;
}

const toml::node* parameter(const VerificationContext& context, std::string_view key) {
  const auto options = find_verifier(context.hypothesis.verifier).problem_options();
  if (std::find(options.begin(), options.end(), key) != options.end())
    if (const auto* node = context.verify_options.get(key)) return node;
  return context.hypothesis.params.get(key);
}

}  // namespace nncert::theory
