#pragma once
// The problem file (docs/problem-files.md): TOML parsed with toml++, kept verbatim with its SHA-256 so a
// certificate can embed exactly what was certified.
//
// read_problem_file checks the keys of the top level and of every section the key registry covers
// (problem_keys.hpp); parse_problem_text checks only the top level (its sections are checked by their
// parsers). Errors are InvalidInput whose message starts with the file:
// "P.toml:LINE:COL: <toml++ message>" for syntax errors, "P.toml:LINE: unknown key 'x' in [data]
// (allowed: ...)" for unknown keys.
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace nncert::data {

struct ProblemFile {
  std::filesystem::path path;
  std::string text;    // the file's bytes, verbatim
  std::string sha256;  // sha256_hex(text), lower-case hex
  toml::table table;
};

ProblemFile read_problem_file(const std::filesystem::path& path);

// Parses TOML held in memory; `path` is only used in messages and stored in the result.
ProblemFile parse_problem_text(std::string text, const std::filesystem::path& path);

// The table [name]; InvalidInput "P.toml: missing section [name]" if absent, or naming the line if
// `name` is present but not a table.
const toml::table& require_section(const ProblemFile& problem, std::string_view name);

// The table [name], or nullptr if absent (InvalidInput if present but not a table).
const toml::table* optional_section(const ProblemFile& problem, std::string_view name);

// Throws InvalidInput "FILE:LINE: unknown key 'k' in [section] (allowed: a, b, c)" for the first key
// of `t` (in file order) that is not in `allowed`. `section` is the name shown in brackets ("" for
// the top level).
void check_keys(const toml::table& t, std::span<const std::string_view> allowed, std::string_view section,
                const std::string& file);
void check_keys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                std::string_view section, const std::string& file);

// The 1-based line where `node` was defined (0 if toml++ recorded no position).
int line_of(const toml::node& node);

}  // namespace nncert::data
