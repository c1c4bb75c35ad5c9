#pragma once
// Typed access to one table of the problem file, with errors that name the file, the line, the
// section and the key: "P.toml:7: [data].n must be an integer, got string". Reused by every layer
// that reads a section ([data] here, [model], [train], ...).
//
//   SectionReader r(section_table, "data", problem.path.string());
//   r.allow_only(section_keys("data"));    // the list in problem_keys.hpp
//   const std::string source = r.require_string("source");
//   const std::int64_t n = r.optional_int("n").value_or(256);
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace nncert::data {

class SectionReader {
 public:
  SectionReader(const toml::table& table, std::string section, std::string file);

  // InvalidInput naming the first key not in `allowed` and its line (see check_keys).
  void allow_only(std::initializer_list<std::string_view> allowed) const;
  // The same against a list from the key registry: r.allow_only(section_keys("train")).
  void allow_only(std::span<const std::string_view> allowed) const;

  bool has(std::string_view key) const;

  std::optional<std::string> optional_string(std::string_view key) const;
  std::string require_string(std::string_view key) const;
  std::optional<std::int64_t> optional_int(std::string_view key) const;
  std::int64_t require_int(std::string_view key) const;
  // Accepts TOML floats and integers (an integer must be exactly representable as a double).
  std::optional<double> optional_double(std::string_view key) const;
  double require_double(std::string_view key) const;
  std::optional<bool> optional_bool(std::string_view key) const;
  std::optional<std::vector<std::int64_t>> optional_int_array(std::string_view key) const;
  std::optional<std::vector<double>> optional_double_array(std::string_view key) const;
  std::optional<std::vector<std::string>> optional_string_array(std::string_view key) const;

  // Line of `key` if present, else the line of the table itself.
  int line(std::string_view key) const;

  // Throws InvalidInput "FILE:LINE: [section].key <problem>" (LINE of the key if present).
  [[noreturn]] void fail(std::string_view key, std::string_view problem) const;

  const toml::table& table() const { return table_; }
  const std::string& file() const { return file_; }
  const std::string& section() const { return section_; }

 private:
  const toml::table& table_;
  std::string section_;
  std::string file_;
};

}  // namespace nncert::data
