#include "nncert/theory/theorem.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "nncert/data/section_reader.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::theory {
namespace {

std::string id_to_file_stem(const std::string& id) {
  std::string stem = id;
  std::replace(stem.begin(), stem.end(), '/', '-');
  return stem;
}

Expression parse_expression(const data::SectionReader& r, std::string_view key) {
  try {
    return Expression::parse(r.require_string(key));
  } catch (const InvalidInput& e) {
    r.fail(key, e.what());
  }
}

HypothesisSpec parse_hypothesis(const toml::table& t, int index, const std::string& file) {
  const data::SectionReader r(t, fmt::format("hypothesis #{}", index + 1), file);
  r.allow_only({"id", "verifier", "statement", "params"});
  HypothesisSpec h{r.require_string("id"), r.require_string("verifier"), r.require_string("statement"), {}};
  if (const auto* params = t.get("params")) {
    if (!params->is_table()) r.fail("params", "must be a table");
    h.params = *params->as_table();
  }
  return h;
}

// The protocol and regime of the conclusion (issue #16): what training it covers, and whether it is
// an infinite-width statement.
void parse_conclusion_setting(const toml::table& t, const data::SectionReader& r, const std::string& file,
                              ConclusionSpec& c) {
  if (const auto* protocol = t.get("protocol")) {
    if (!protocol->is_table()) r.fail("protocol", "must be a table");
    c.protocol = parse_protocol_spec(*protocol->as_table(), file);
  }
  c.regime = r.optional_string("regime").value_or("finite");
  if (c.regime != "finite" && c.regime != "infinite-width")
    r.fail("regime", "must be \"finite\" or \"infinite-width\", got \"" + c.regime + "\"");
  if (t.contains("width_required")) c.width_required = parse_expression(r, "width_required");
  if (c.regime == "infinite-width" && !c.width_required) r.fail("width_required", "an infinite-width conclusion states its width condition");
  c.width_constant_known = r.optional_bool("width_constant_known").value_or(false);
  c.assumes = r.optional_string_array("assumes").value_or(std::vector<std::string>{});
  for (const auto& a : c.assumes)
    if (a.empty()) r.fail("assumes", "an assumption is stated in words, not empty");
}

ConclusionSpec parse_conclusion(const toml::table& t, const std::string& file) {
  const data::SectionReader r(t, "conclusion", file);
  r.allow_only({"kind", "statement", "rate", "constants", "floor", "conditions", "phase", "target", "protocol", "regime",
                "width_required", "width_constant_known", "assumes"});
  ConclusionSpec c;
  c.kind = r.require_string("kind");
  if (c.kind != "linear-rate" && c.kind != "exponential-decay" && c.kind != "global-minimum")
    r.fail("kind", "must be \"linear-rate\", \"exponential-decay\" or \"global-minimum\", got \"" + c.kind + "\"");
  c.statement = r.require_string("statement");
  if (c.kind != "global-minimum") c.rate = parse_expression(r, "rate");
  c.floor = r.optional_double("floor").value_or(c.floor);
  c.target = r.optional_double("target").value_or(c.target);
  c.phase = static_cast<int>(r.optional_int("phase").value_or(0));
  if (c.phase < 0) r.fail("phase", "must be >= 0");
  for (const auto& text : r.optional_string_array("conditions").value_or(std::vector<std::string>{})) {
    try {
      c.conditions.push_back(Expression::parse(text));
    } catch (const InvalidInput& e) {
      r.fail("conditions", e.what());
    }
  }
  if (const auto* constants = t.get("constants")) {
    if (!constants->is_table()) r.fail("constants", "must be a table of name = \"expression\"");
    const data::SectionReader cr(*constants->as_table(), "conclusion.constants", file);
    for (const auto& [name, node] : *constants->as_table()) c.constants.emplace(std::string(name.str()), parse_expression(cr, name.str()));
  }
  parse_conclusion_setting(t, r, file, c);
  return c;
}

}  // namespace

Theorem load_theorem(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw InvalidInput(file.string() + ": theorem file not found");
  std::ifstream in(file, std::ios::binary);
  const std::string text(std::istreambuf_iterator<char>(in), {});
  toml::table table;
  try {
    table = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw InvalidInput(fmt::format("{}:{}:{}: {}", file.string(), e.source().begin.line, e.source().begin.column,
                                   e.description()));
  }
  const std::string name = file.string();
  const data::SectionReader r(table, "", name);
  r.allow_only({"id", "title", "paper", "spec", "statement", "hypothesis", "conclusion"});
  Theorem th;
  th.file = file;
  th.id = r.require_string("id");
  th.title = r.require_string("title");
  th.paper = r.require_string("paper");
  th.spec = r.require_string("spec");
  th.statement_file = r.require_string("statement");
  const auto* hyps = table.get_as<toml::array>("hypothesis");
  if (!hyps || hyps->empty()) r.fail("hypothesis", "at least one [[hypothesis]] is required");
  for (std::size_t i = 0; i < hyps->size(); ++i) {
    const auto* t = hyps->get(i)->as_table();
    if (!t) r.fail("hypothesis", "must be an array of tables ([[hypothesis]])");
    th.hypotheses.push_back(parse_hypothesis(*t, static_cast<int>(i), name));
    for (std::size_t j = 0; j + 1 < th.hypotheses.size(); ++j)
      if (th.hypotheses[j].id == th.hypotheses.back().id)
        r.fail("hypothesis", "duplicate hypothesis id '" + th.hypotheses.back().id + "'");
  }
  const auto* conclusion = table.get_as<toml::table>("conclusion");
  if (!conclusion) r.fail("conclusion", "a [conclusion] table is required");
  th.conclusion = parse_conclusion(*conclusion, name);
  return th;
}

std::filesystem::path proofs_dir() {
  if (const char* dir = std::getenv("NNCERT_PROOFS_DIR"); dir && *dir) return dir;
  std::error_code ec;
  // An installed nncert finds the catalogue beside itself (PREFIX/bin/nncert -> PREFIX/share/nncert/proofs),
  // so a relocated or source-less installation keeps working.
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = exe.parent_path().parent_path() / "share" / "nncert" / "proofs";
    if (std::filesystem::is_directory(beside, ec)) return beside;
  }
  // A build tree (or a program linking the library) reads the source tree, else the installed copy.
  const std::filesystem::path source = std::filesystem::path(NNCERT_SOURCE_DIR) / "proofs";
  if (std::filesystem::is_directory(source, ec)) return source;
  return NNCERT_INSTALLED_PROOFS_DIR;
}

std::vector<Theorem> list_theorems() {
  std::vector<Theorem> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(proofs_dir(), ec))
    if (entry.is_regular_file() && entry.path().extension() == ".toml") out.push_back(load_theorem(entry.path()));
  std::sort(out.begin(), out.end(), [](const Theorem& a, const Theorem& b) { return a.id < b.id; });
  return out;
}

Theorem find_theorem(const std::string& id_or_path) {
  const std::filesystem::path as_path(id_or_path);
  if (as_path.extension() == ".toml") return load_theorem(as_path);
  const auto file = proofs_dir() / (id_to_file_stem(id_or_path) + ".toml");
  std::error_code ec;
  if (std::filesystem::is_regular_file(file, ec)) {
    Theorem th = load_theorem(file);
    if (th.id != id_or_path)
      throw InvalidInput(fmt::format("{}: declares id '{}', expected '{}'", file.string(), th.id, id_or_path));
    return th;
  }
  std::string known;
  for (const auto& th : list_theorems()) known += (known.empty() ? "" : ", ") + th.id;
  throw InvalidInput(fmt::format("unknown theorem '{}' (known: {})", id_or_path, known));
}

}  // namespace nncert::theory
