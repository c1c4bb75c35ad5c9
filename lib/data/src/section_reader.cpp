#include "nncert/data/section_reader.hpp"

#include <cmath>

#include "nncert/data/problem_file.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::data {
namespace {

const char* type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date/time";
    default: return "an unknown value";
  }
}

}  // namespace

SectionReader::SectionReader(const toml::table& table, std::string section, std::string file)
    : table_(table), section_(std::move(section)), file_(std::move(file)) {}

void SectionReader::allow_only(std::initializer_list<std::string_view> allowed) const {
  check_keys(table_, allowed, section_, file_);
}

void SectionReader::allow_only(std::span<const std::string_view> allowed) const {
  check_keys(table_, allowed, section_, file_);
}

bool SectionReader::has(std::string_view key) const { return table_.get(key) != nullptr; }

int SectionReader::line(std::string_view key) const {
  const toml::node* n = table_.get(key);
  return line_of(n != nullptr ? *n : static_cast<const toml::node&>(table_));
}

void SectionReader::fail(std::string_view key, std::string_view problem) const {
  throw InvalidInput(file_ + ":" + std::to_string(line(key)) + ": [" + section_ + "]." +
                     std::string(key) + " " + std::string(problem));
}

std::optional<std::string> SectionReader::optional_string(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* s = n->as_string()) return s->get();
  fail(key, std::string("must be a string, got ") + type_name(*n));
}

std::string SectionReader::require_string(std::string_view key) const {
  auto v = optional_string(key);
  if (!v) fail(key, "is required (a string)");
  return *v;
}

std::optional<std::int64_t> SectionReader::optional_int(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* i = n->as_integer()) return i->get();
  fail(key, std::string("must be an integer, got ") + type_name(*n));
}

std::int64_t SectionReader::require_int(std::string_view key) const {
  auto v = optional_int(key);
  if (!v) fail(key, "is required (an integer)");
  return *v;
}

namespace {
bool exact_double(std::int64_t i) { return i >= -(std::int64_t(1) << 53) && i <= (std::int64_t(1) << 53); }
}  // namespace

std::optional<double> SectionReader::optional_double(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* f = n->as_floating_point()) {
    if (!std::isfinite(f->get())) fail(key, "must be finite");
    return f->get();
  }
  if (const auto* i = n->as_integer()) {
    if (!exact_double(i->get())) fail(key, "is an integer too large to be exactly a double");
    return static_cast<double>(i->get());
  }
  fail(key, std::string("must be a number, got ") + type_name(*n));
}

double SectionReader::require_double(std::string_view key) const {
  auto v = optional_double(key);
  if (!v) fail(key, "is required (a number)");
  return *v;
}

std::optional<bool> SectionReader::optional_bool(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  fail(key, std::string("must be true or false, got ") + type_name(*n));
}

std::optional<std::vector<std::int64_t>> SectionReader::optional_int_array(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (n == nullptr) return std::nullopt;
  const auto* a = n->as_array();
  if (a == nullptr) fail(key, std::string("must be an array of integers, got ") + type_name(*n));
  std::vector<std::int64_t> out;
  for (const toml::node& e : *a) {
    const auto* i = e.as_integer();
    if (i == nullptr)
      fail(key, std::string("must be an array of integers, has ") + type_name(e) + " at position " +
                    std::to_string(out.size()));
    out.push_back(i->get());
  }
  return out;
}

std::optional<std::vector<double>> SectionReader::optional_double_array(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (n == nullptr) return std::nullopt;
  const auto* a = n->as_array();
  if (a == nullptr) fail(key, std::string("must be an array of numbers, got ") + type_name(*n));
  std::vector<double> out;
  for (const toml::node& e : *a) {
    if (const auto* f = e.as_floating_point(); f != nullptr && std::isfinite(f->get())) {
      out.push_back(f->get());
    } else if (const auto* i = e.as_integer(); i != nullptr && exact_double(i->get())) {
      out.push_back(static_cast<double>(i->get()));
    } else {
      fail(key, "must be an array of finite numbers; position " + std::to_string(out.size()) +
                    " is " + type_name(e));
    }
  }
  return out;
}

std::optional<std::vector<std::string>> SectionReader::optional_string_array(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (n == nullptr) return std::nullopt;
  const auto* a = n->as_array();
  if (a == nullptr) fail(key, std::string("must be an array of strings, got ") + type_name(*n));
  std::vector<std::string> out;
  for (const toml::node& e : *a) {
    const auto* s = e.as_string();
    if (s == nullptr)
      fail(key, std::string("must be an array of strings, has ") + type_name(e) + " at position " +
                    std::to_string(out.size()));
    out.push_back(s->get());
  }
  return out;
}

}  // namespace nncert::data
