#include "nncert/data/study_spec.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "nncert/data/problem_keys.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::data {
namespace {

constexpr std::size_t kMaxPoints = 10000;  // a study is a figure, not a search

std::string where(const ProblemFile& problem, const toml::node& node) {
  return fmt::format("{}:{}", problem.path.string(), line_of(node));
}

// "SECTION.KEY[.INDEX]" checked against the problem: the section is [data], [model] or [train] and
// holds KEY; with INDEX, KEY is an array with that entry. Returns the node the values replace.
const toml::node& swept_node(const ProblemFile& problem, StudyAxis& axis, const toml::node& at) {
  const std::string& key = axis.key;
  const auto dot = key.find('.');
  const std::string bad = fmt::format("{}: [study] key '{}'", where(problem, at), key);
  if (dot == std::string::npos) throw InvalidInput(bad + " must be SECTION.KEY or SECTION.KEY.INDEX");
  axis.section = key.substr(0, dot);
  std::string rest = key.substr(dot + 1);
  if (axis.section != "data" && axis.section != "model" && axis.section != "train")
    throw InvalidInput(bad + ": only [data], [model] and [train] keys may be swept");
  const auto dot2 = rest.find('.');
  axis.name = rest.substr(0, dot2);
  if (dot2 != std::string::npos) {
    const std::string index = rest.substr(dot2 + 1);
    if (index.empty() || index.size() > 6 || index.find_first_not_of("0123456789") != std::string::npos)
      throw InvalidInput(bad + ": '" + index + "' is not an array index");
    axis.index = std::stol(index);
  }
  const toml::table* section = problem.table[axis.section].as_table();
  if (section == nullptr) throw InvalidInput(fmt::format("{}: the problem has no [{}] section", bad, axis.section));
  const toml::node* node = section->get(axis.name);
  if (node == nullptr)
    throw InvalidInput(fmt::format("{}: [{}] has no key '{}' to sweep (write the key with its first value)", bad,
                                   axis.section, axis.name));
  if (axis.index < 0) return *node;
  const toml::array* array = node->as_array();
  if (array == nullptr || static_cast<std::size_t>(axis.index) >= array->size())
    throw InvalidInput(fmt::format("{}: [{}] {} has no entry {}", bad, axis.section, axis.name, axis.index));
  return *array->get(static_cast<std::size_t>(axis.index));
}

// An integer may stand for a float; otherwise the type is the swept key's own.
bool same_type(const toml::node& value, const toml::node& like) {
  if (value.type() == like.type()) return true;
  return like.is_floating_point() && value.is_integer();
}

StudyAxis parse_axis(const ProblemFile& problem, const toml::table& study, const char* key_name, const char* values_name) {
  StudyAxis axis;
  const toml::node* key = study.get(key_name);
  const toml::node* values = study.get(values_name);
  const std::string file = problem.path.string();
  if (key == nullptr || !key->is_string())
    throw InvalidInput(fmt::format("{}: [study] '{}' must be a string SECTION.KEY", key ? where(problem, *key) : file, key_name));
  if (values == nullptr || !values->is_array() || values->as_array()->empty())
    throw InvalidInput(fmt::format("{}: [study] '{}' must be a non-empty array of values for '{}'",
                                   values ? where(problem, *values) : where(problem, *key), values_name, key_name));
  axis.key = key->value<std::string>().value_or("");
  const toml::node& swept = swept_node(problem, axis, *key);
  axis.values = *values->as_array();
  for (std::size_t i = 0; i < axis.values.size(); ++i) {
    const toml::node& v = *axis.values.get(i);
    if (!same_type(v, swept))
      throw InvalidInput(fmt::format("{}: [study] {}[{}] is a {}, but {} is a {}", where(problem, *values), values_name, i,
                                     toml::impl::node_type_friendly_names[static_cast<int>(v.type())], axis.key,
                                     toml::impl::node_type_friendly_names[static_cast<int>(swept.type())]));
  }
  return axis;
}

std::string text_of(const toml::node& node) {
  std::ostringstream out;
  node.visit([&](const auto& v) { out << v; });
  return out.str();
}

// kernel_reference: one kernel name or an array of distinct ones, each with a kernel-regression mode
// (`nncert kernel NAME --predict`), and only beside trained nets, whose test accuracy it is compared with.
std::vector<std::string> kernel_references(const ProblemFile& problem, const StudySpec& spec, const toml::node& node) {
  static const std::vector<std::string> known = {"ntk", "nngp", "cntk", "cntk-gap"};
  std::vector<std::string> out;
  const auto add = [&](const toml::node& name) {
    const std::string* text = name.as_string() ? &name.as_string()->get() : nullptr;
    if (text == nullptr || std::find(known.begin(), known.end(), *text) == known.end())
      throw InvalidInput(fmt::format("{}: [study] kernel_reference: {} is not a kernel with a regression mode (ntk, nngp, cntk, cntk-gap)",
                                     where(problem, name), text_of(name)));
    if (std::find(out.begin(), out.end(), *text) != out.end())
      throw InvalidInput(fmt::format("{}: [study] kernel_reference names '{}' twice", where(problem, name), *text));
    out.push_back(*text);
  };
  if (const toml::array* list = node.as_array()) {
    if (list->empty()) throw InvalidInput(fmt::format("{}: [study] kernel_reference is an empty array", where(problem, node)));
    for (const auto& name : *list) add(name);
  } else {
    add(node);
  }
  if (!spec.train)
    throw InvalidInput(fmt::format("{}: [study] kernel_reference needs train = true (the reference is compared with the trained nets' test accuracy)",
                                   where(problem, node)));
  return out;
}

// The value index of each axis at `point`, the first axis varying fastest.
std::vector<std::size_t> indices(const StudySpec& spec, std::size_t point) {
  std::vector<std::size_t> out;
  for (const auto& axis : spec.axes) {
    out.push_back(point % axis.values.size());
    point /= axis.values.size();
  }
  return out;
}

}  // namespace

std::size_t StudySpec::points() const {
  std::size_t n = axes.empty() ? 0 : 1;
  for (const auto& a : axes) n *= a.values.size();
  return n;
}

StudySpec parse_study(const ProblemFile& problem) {
  const toml::table& study = require_section(problem, "study");
  check_keys(study, section_keys("study"), "study", problem.path.string());
  StudySpec spec;
  spec.axes.push_back(parse_axis(problem, study, "key", "values"));
  if (study.contains("key2") || study.contains("values2")) {
    spec.axes.push_back(parse_axis(problem, study, "key2", "values2"));
    if (spec.axes[1].key == spec.axes[0].key)
      throw InvalidInput(fmt::format("{}: [study] key2 sweeps '{}' again", where(problem, *study.get("key2")), spec.axes[0].key));
  }
  for (const char* flag : {"train", "log_x"}) {
    const toml::node* node = study.get(flag);
    if (node != nullptr && !node->is_boolean())
      throw InvalidInput(fmt::format("{}: [study] {} must be true or false", where(problem, *node), flag));
  }
  if (const toml::node* claim = study.get("claim"); claim != nullptr && !claim->is_string())
    throw InvalidInput(fmt::format("{}: [study] claim must be a string", where(problem, *claim)));
  spec.claim = study["claim"].value_or(std::string());
  spec.train = study["train"].value_or(false);
  spec.log_x = study["log_x"].value_or(false);
  if (const toml::node* verify = study.get("verify")) {
    if (!verify->is_boolean()) throw InvalidInput(fmt::format("{}: [study] verify must be true or false", where(problem, *verify)));
    spec.verify = verify->value<bool>().value_or(true);
    if (!spec.verify && !spec.train)
      throw InvalidInput(fmt::format("{}: [study] verify = false needs train = true (a point must do something)", where(problem, *verify)));
  }
  if (const toml::node* kernels = study.get("kernel_reference")) spec.kernel_references = kernel_references(problem, spec, *kernels);
  if (const toml::node* gd = study.get("kernel_reference_gd")) {
    if (!gd->is_boolean()) throw InvalidInput(fmt::format("{}: [study] kernel_reference_gd must be true or false", where(problem, *gd)));
    spec.kernel_reference_gd = gd->value<bool>().value_or(false);
    if (spec.kernel_reference_gd && spec.kernel_references.empty())
      throw InvalidInput(fmt::format("{}: [study] kernel_reference_gd needs kernel_reference", where(problem, *gd)));
  }
  if (spec.points() > kMaxPoints)
    throw InvalidInput(fmt::format("{}: [study] has {} points (at most {})", problem.path.string(), spec.points(), kMaxPoints));
  return spec;
}

ProblemFile study_point(const ProblemFile& problem, const StudySpec& spec, std::size_t point) {
  toml::table table = problem.table;
  table.erase("study");
  const auto at = indices(spec, point);
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const StudyAxis& axis = spec.axes[a];
    toml::table& section = *table[axis.section].as_table();
    const toml::node& value = *axis.values.get(at[a]);
    value.visit([&](const auto& v) {
      if (axis.index < 0)
        section.insert_or_assign(axis.name, v);
      else
        section[axis.name].as_array()->replace(section[axis.name].as_array()->begin() + axis.index, v);
    });
  }
  std::ostringstream text;
  text << table << '\n';
  ProblemFile out = parse_problem_text(text.str(), problem.path);
  check_problem_keys(out);
  return out;
}

std::vector<std::string> study_point_values(const StudySpec& spec, std::size_t point) {
  std::vector<std::string> out;
  const auto at = indices(spec, point);
  for (std::size_t a = 0; a < spec.axes.size(); ++a) out.push_back(text_of(*spec.axes[a].values.get(at[a])));
  return out;
}

std::vector<double> study_point_numbers(const StudySpec& spec, std::size_t point) {
  std::vector<double> out;
  const auto at = indices(spec, point);
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const toml::node& v = *spec.axes[a].values.get(at[a]);
    out.push_back(v.is_number() ? v.value<double>().value_or(std::numeric_limits<double>::quiet_NaN())
                                : std::numeric_limits<double>::quiet_NaN());
  }
  return out;
}

}  // namespace nncert::data
