// The strength grade of a guarantee (strength.hpp): each grade with the twin that moves it.
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "nncert/theory/shortfall.hpp"
#include "nncert/theory/strength.hpp"

using namespace nncert;
using namespace nncert::theory;

namespace {
Prediction rate_prediction(double horizon) {
  Prediction p;
  p.kind = "linear-rate";
  p.applicable = true;
  p.horizon_1e3 = horizon;
  return p;
}
ComparedRun run_of(double length, double start = 1.0, double initial = 1.0) { return {length, start, initial}; }
}  // namespace

TEST_CASE("the grade follows the horizon against the compared run's length", "[theory][strength]") {
  REQUIRE(grade_strength(rate_prediction(900), run_of(1000)).grade == StrengthGrade::meaningful);
  REQUIRE(grade_strength(rate_prediction(1000), run_of(1000)).grade == StrengthGrade::meaningful);
  // Just past the run: weak, up to 100x; beyond: vacuous.
  REQUIRE(grade_strength(rate_prediction(1001), run_of(1000)).grade == StrengthGrade::weak);
  REQUIRE(grade_strength(rate_prediction(100000), run_of(1000)).grade == StrengthGrade::weak);
  const auto far = grade_strength(rate_prediction(100001), run_of(1000));
  REQUIRE(far.grade == StrengthGrade::vacuous);
  REQUIRE_THAT(far.reason, Catch::Matchers::Contains("1e+05") && Catch::Matchers::Contains("useless"));
  REQUIRE(grade_strength(rate_prediction(std::numeric_limits<double>::infinity()), run_of(1000)).grade == StrengthGrade::vacuous);
  // The example: 66,644,129 steps to 1e-3·L0 for a 2000-step run.
  REQUIRE(grade_strength(rate_prediction(66644129), run_of(2000)).grade == StrengthGrade::vacuous);
}

TEST_CASE("a certified phase that starts after the loss vanished is vacuous", "[theory][strength]") {
  // The example: phase 2 certified from L = 7e-15 after phase 1 brought 0.867 down.
  const auto late = grade_strength(rate_prediction(10), run_of(1000, 7e-15, 0.867));
  REQUIRE(late.grade == StrengthGrade::vacuous);
  REQUIRE_THAT(late.reason, Catch::Matchers::Contains("uncertified"));
  // Twin: the same phase starting at 1e-5·L0 is graded on its horizon.
  REQUIRE(grade_strength(rate_prediction(10), run_of(1000, 0.867e-5, 0.867)).grade == StrengthGrade::meaningful);
}

TEST_CASE("no guarantee, a heuristic, and a rate-free theorem get their own grades", "[theory][strength]") {
  Prediction none;
  none.reason = "hypothesis 'x' is refuted";
  REQUIRE(grade_strength(none, run_of(10)).grade == StrengthGrade::none);
  Prediction heuristic = rate_prediction(5);
  heuristic.applicable = false;
  heuristic.heuristic = true;
  REQUIRE(grade_strength(heuristic, run_of(10)).grade == StrengthGrade::none);
  Prediction minimum;
  minimum.kind = "global-minimum";
  minimum.applicable = true;
  REQUIRE(grade_strength(minimum, run_of(10)).grade == StrengthGrade::weak);
}

TEST_CASE("a shortfall is stated in orders of magnitude, never more than proven", "[theory][shortfall]") {
  // The example: F0 = 1.26 against mu* R^2/16 <= 3.5e-20: 3.6e19, at least 19 orders.
  REQUIRE(shortfall_words(1.26, 3.5e-20) == "short by at least 19 orders of magnitude");
  // Exactly a power of ten may be undercounted by one, never overcounted.
  const std::string exact = shortfall_words(1e5, 1.0);
  REQUIRE((exact == "short by at least 5 orders of magnitude" || exact == "short by at least 4 orders of magnitude"));
  REQUIRE(shortfall_words(1.79, 1.0) == "short by a factor of at least 1.7");
  REQUIRE(shortfall_words(1.7, 1.0) == "short by a factor of at least 1.6");  // 1.7 itself is not proven after rounding
  REQUIRE(shortfall_words(10.5, 1.0) == "short by at least 1 order of magnitude");
  // Nothing proven: no words.
  REQUIRE(shortfall_words(0.5, 1.0).empty());
  REQUIRE(shortfall_words(0.0, 1.0).empty());
  REQUIRE(shortfall_words(1.0, 0.0).empty());
  REQUIRE(shortfall_words(std::nan(""), 1.0).empty());
}
