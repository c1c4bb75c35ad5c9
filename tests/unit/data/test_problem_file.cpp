#include "data_test_util.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/data/section_reader.hpp"

using namespace nncert::data;
using namespace nncert::test;
namespace fs = std::filesystem;

TEST_CASE("read_problem_file keeps the text, its hash and the table", "[data][problem]") {
  const fs::path dir = make_temp_dir("problem");
  const std::string text = "theorem = \"x/thm1\"\n[data]\nsource = \"synthetic:sphere\"\nn = 8\n[model]\nkind = \"mlp\"\n";
  const auto p = write_bytes(dir / "P.toml", text);
  const ProblemFile pf = read_problem_file(p);
  CHECK(pf.text == text);
  CHECK(pf.sha256.size() == 64);
  CHECK(require_section(pf, "data")["n"].value<std::int64_t>() == 8);
  CHECK(optional_section(pf, "train") == nullptr);
  CHECK(optional_section(pf, "model") != nullptr);
  require_invalid([&] { require_section(pf, "train"); }, {"P.toml: ", "missing section [train]"});
  require_invalid([&] { require_section(pf, "theorem"); }, {"P.toml:1: ", "must be a table"});
  fs::remove_all(dir);
}

TEST_CASE("read_problem_file reports syntax errors, unknown keys and missing files", "[data][problem]") {
  const fs::path dir = make_temp_dir("problem-bad");
  require_invalid([&] { read_problem_file(dir / "none.toml"); }, {"none.toml: ", "cannot open"});
  const auto syntax = write_bytes(dir / "S.toml", "[data]\nn = 8\nsource = \n");
  require_invalid([&] { read_problem_file(syntax); }, {"S.toml:3:"});
  const auto unknown = write_bytes(dir / "U.toml", "[data]\nn = 8\n\n[modle]\nkind = \"mlp\"\n");
  require_invalid([&] { read_problem_file(unknown); }, {"U.toml:4: ", "unknown key 'modle'", "allowed:"});
  fs::remove_all(dir);
}

TEST_CASE("check_keys and SectionReader name the file, key and line", "[data][problem]") {
  const ProblemFile pf = parse_problem_text(
      "[train]\nsteps = 10\nstep_size = \"big\"\nzeta = 1\nalpha = 2\nwidths = [1, 2.5]\nok = true\n",
      "T.toml");
  const toml::table& t = require_section(pf, "train");
  // The first unknown key in file order (zeta, line 4) is reported, not the first alphabetically.
  require_invalid([&] { check_keys(t, {"steps", "step_size", "widths", "ok"}, "train", "T.toml"); },
                  {"T.toml:4: ", "unknown key 'zeta' in [train]"});
  check_keys(t, {"steps", "step_size", "zeta", "alpha", "widths", "ok"}, "train", "T.toml");
  const SectionReader r(t, "train", "T.toml");
  CHECK(r.require_int("steps") == 10);
  CHECK(r.optional_double("steps") == 10.0);
  CHECK(r.optional_bool("ok") == true);
  CHECK_FALSE(r.optional_int("missing").has_value());
  require_invalid([&] { r.require_double("step_size"); }, {"T.toml:3: [train].step_size must be a number, got a string"});
  require_invalid([&] { r.require_string("steps"); }, {"T.toml:2: [train].steps must be a string"});
  require_invalid([&] { r.optional_int_array("widths"); }, {"T.toml:6: [train].widths", "position 1"});
  CHECK(r.optional_double_array("widths") == std::vector<double>{1, 2.5});
  require_invalid([&] { r.require_int("missing"); }, {"T.toml:1: [train].missing is required"});
}
