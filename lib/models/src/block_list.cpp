#include "nncert/models/block_list.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"

namespace nncert::models {

namespace {
std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string allowed_names(const std::vector<ParameterBlock>& available) {
  std::string out;
  for (const auto& b : available) out += (out.empty() ? "" : ", ") + b.name;
  return out;
}
}  // namespace

std::vector<ParameterBlock> resolve_block_list(const std::string& list, const std::vector<ParameterBlock>& available) {
  auto fail = [&](const std::string& why) {
    throw InvalidInput(fmt::format("block list '{}': {} (allowed names: {})", list, why, allowed_names(available)));
  };
  // getline yields no token after a final comma, so "layer:1," would pass as "layer:1".
  if (const std::string whole = trimmed(list); !whole.empty() && whole.back() == ',') fail("empty block name");
  std::vector<ParameterBlock> chosen;
  std::stringstream ss(list);
  for (std::string raw; std::getline(ss, raw, ',');) {
    const std::string name = trimmed(raw);
    if (name.empty()) fail("empty block name");
    const auto it = std::find_if(available.begin(), available.end(), [&](const ParameterBlock& b) { return b.name == name; });
    if (it == available.end()) fail(fmt::format("unknown block '{}'", name));
    chosen.push_back(*it);
  }
  if (chosen.empty()) fail("no block named");
  std::sort(chosen.begin(), chosen.end(), [](const ParameterBlock& a, const ParameterBlock& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.size < b.size;
  });
  // Sorted by offset, two blocks share a parameter exactly when one starts before the previous ends.
  for (std::size_t i = 1; i < chosen.size(); ++i)
    if (chosen[i].offset < chosen[i - 1].offset + chosen[i - 1].size)
      fail(chosen[i].name == chosen[i - 1].name
               ? fmt::format("'{}' is listed twice", chosen[i].name)
               : fmt::format("'{}' and '{}' name the same parameters", chosen[i - 1].name, chosen[i].name));
  return chosen;
}

std::string join_block_names(const std::vector<ParameterBlock>& blocks) {
  std::string out;
  for (const auto& b : blocks) out += (out.empty() ? "" : ",") + b.name;
  return out;
}

}  // namespace nncert::models
