#include <cfenv>

#include <catch2/catch.hpp>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/rounding.hpp"

using namespace nncert;

TEST_CASE("the build's floating-point environment satisfies the certification assumptions", "[numeric]") {
  const auto check = check_fp_environment();
  INFO(check.problem);
  REQUIRE(check.sound);
  REQUIRE_NOTHROW(require_sound_fp_environment());
}

TEST_CASE("a flush-to-zero environment is detected as unsound", "[numeric]") {
#if defined(__x86_64__)
  const unsigned saved = __builtin_ia32_stmxcsr();
  __builtin_ia32_ldmxcsr(saved | 0x8040u);  // FTZ | DAZ, as -ffast-math's crtfastmath.o would set
  const auto check = check_fp_environment();
  __builtin_ia32_ldmxcsr(saved);
  REQUIRE_FALSE(check.sound);
  REQUIRE_THAT(check.problem, Catch::Matchers::Contains("MXCSR"));
#endif
}

TEST_CASE("a directed rounding mode left active is detected as unsound", "[numeric]") {
  FpEnvironmentCheck check;
  {
    RoundingModeGuard guard(FE_UPWARD);
    check = check_fp_environment();
  }
  REQUIRE_FALSE(check.sound);
}
