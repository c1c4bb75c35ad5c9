#include "nncert/data/problem_file.hpp"

#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>
#include <vector>

#include "file_error.hpp"
#include "nncert/data/admission.hpp"
#include "nncert/data/problem_keys.hpp"
#include "nncert/data/sha256.hpp"

namespace nncert::data {

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

ProblemFile parse_problem_text(std::string text, const std::filesystem::path& path) {
  ProblemFile p;
  p.path = path;
  p.sha256 = sha256_hex(text);
  try {
    p.table = toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    throw InvalidInput(path.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                       std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  p.text = std::move(text);
  check_keys(p.table, section_keys(""), "", path.string());
  return p;
}

ProblemFile read_problem_file(const std::filesystem::path& path) {
  require_regular_file(path, kMaxProblemFileBytes);
  std::ifstream in(path, std::ios::binary);
  if (!in) detail::file_error(path, "cannot open file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) detail::file_error(path, "read error");
  ProblemFile problem = parse_problem_text(std::move(text), path);
  check_problem_keys(problem);  // every section, including those this command never reads
  return problem;
}

namespace {

const toml::table* section_or_null(const ProblemFile& problem, std::string_view name) {
  const toml::node* node = problem.table.get(name);
  if (node == nullptr) return nullptr;
  const toml::table* t = node->as_table();
  if (t == nullptr)
    throw InvalidInput(problem.path.string() + ":" + std::to_string(line_of(*node)) + ": '" +
                       std::string(name) + "' must be a table ([" + std::string(name) + "])");
  return t;
}

}  // namespace

const toml::table& require_section(const ProblemFile& problem, std::string_view name) {
  const toml::table* t = section_or_null(problem, name);
  if (t == nullptr) detail::file_error(problem.path, "missing section [" + std::string(name) + "]");
  return *t;
}

const toml::table* optional_section(const ProblemFile& problem, std::string_view name) {
  return section_or_null(problem, name);
}

void check_keys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                std::string_view section, const std::string& file) {
  check_keys(t, std::span<const std::string_view>(allowed.begin(), allowed.size()), section, file);
}

void check_keys(const toml::table& t, std::span<const std::string_view> allowed, std::string_view section,
                const std::string& file) {
  // toml::table iterates in key order, not file order: report the unknown key that comes first in
  // the file so the message points at what the user sees first.
  const toml::key* worst = nullptr;
  for (auto&& [key, node] : t) {
    bool ok = false;
    for (const std::string_view a : allowed) ok = ok || key.str() == a;
    if (ok) continue;
    const auto& b = node.source().begin;
    if (worst == nullptr || b.line < t.get(worst->str())->source().begin.line) worst = &key;
  }
  if (worst == nullptr) return;
  std::string list;
  for (const std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  const std::string where = section.empty() ? "at the top level" : "in [" + std::string(section) + "]";
  throw InvalidInput(file + ":" + std::to_string(line_of(*t.get(worst->str()))) + ": unknown key '" +
                     std::string(worst->str()) + "' " + where + " (allowed: " + (list.empty() ? "none" : list) + ")");
}

}  // namespace nncert::data
