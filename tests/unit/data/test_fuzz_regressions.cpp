// Inputs on which a fuzzer once failed (fuzz/regressions/NAME/, also replayed by scripts/fuzz.sh under
// the sanitizers) must be read or refused with InvalidInput, under the fuzzers' 16 MiB budget.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "nncert/data/admission.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/numeric/errors.hpp"
#include "test_support.hpp"

using namespace nncert;
using Catch::Contains;

namespace {

// The fuzzers' budget (fuzz/fuzz_input.hpp) for the lifetime of one test case.
struct FuzzBudget {
  FuzzBudget() { data::set_budget(16.0 * 1024 * 1024, 5); }
  ~FuzzBudget() { data::set_budget(data::available_memory_bytes(), data::kDefaultMaxSeconds); }
};

}  // namespace

TEST_CASE("fuzz regressions: a synthetic source of 13 million values is refused, not generated") {
  // fuzz_problem_toml timed out (over 10 s under ASan) on n = 3, d = 4404022 with a 256 MiB budget:
  // the data needs 8·n·(2d + 2) = 211 MB. Under the fuzzers' budget admission must refuse it at once.
  const FuzzBudget budget;
  const auto file = test::source_path("fuzz/regressions/problem_toml/synthetic-13-million-normals.toml");
  const data::ProblemFile problem = data::read_problem_file(file);
  CHECK_THROWS_WITH(data::load_dataset(problem), Contains("synthetic-13-million-normals.toml") && Contains("budget"));
}

TEST_CASE("fuzz regressions: every saved problem file is parsed or refused as bad input") {
  const FuzzBudget budget;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("fuzz/regressions/problem_toml"))) {
    INFO(entry.path().string());
    try {
      const data::ProblemFile problem = data::read_problem_file(entry.path());
      (void)data::load_dataset(problem);
    } catch (const InvalidInput&) {
      // the documented answer to bad input
    }
  }
}
