#include "nncert/numeric/fp_environment.hpp"

#include <cfenv>
#include <cfloat>
#include <cmath>
#include <limits>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/fp_environment_report.hpp"
#include "nncert/numeric/rounding.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace nncert {
namespace {

// Values pass through volatile so that the compiler evaluates them at run time, in the run-time mode.
double runtime(double x) {
  volatile double v = x;
  return v;
}

[[gnu::noinline]] double divide_in_mode(int mode, double a, double b) {
  RoundingModeGuard guard(mode);
  return runtime(runtime(a) / runtime(b));
}

[[gnu::noinline]] double add_in_mode(int mode, double a, double b) {
  RoundingModeGuard guard(mode);
  return runtime(runtime(a) + runtime(b));
}

std::string rounding_mode_name(int mode) {
  switch (mode) {
    case FE_TONEAREST: return "round-to-nearest";
    case FE_UPWARD: return "upward";
    case FE_DOWNWARD: return "downward";
    case FE_TOWARDZERO: return "toward zero";
  }
  return "unknown";
}

}  // namespace

FpEnvironmentCheck check_fp_environment() {
  auto fail = [](std::string why) { return FpEnvironmentCheck{false, std::move(why)}; };
  static_assert(std::numeric_limits<double>::is_iec559, "double must be IEEE 754 binary64");
  static_assert(std::numeric_limits<double>::digits == 53, "double must have a 53-bit significand");
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
  return fail("FLT_EVAL_METHOD != 0: expressions are not evaluated in double (x87?)");
#endif
  if (std::fegetround() != FE_TONEAREST) return fail("rounding mode is not round-to-nearest");
  // Round-to-nearest-even: 1 + u is a tie and rounds to 1; 1 + u + u^2 rounds up.
  if (runtime(1.0) + runtime(kUnitRoundoff) != 1.0) return fail("1 + 2^-53 != 1: not round-to-nearest-even");
  if (runtime(runtime(1.0) + runtime(kUnitRoundoff + 0x1p-105)) != 1.0 + 0x1p-52)
    return fail("1 + 2^-53 + 2^-105 does not round up: not round-to-nearest");
#if defined(__x86_64__) || defined(__i386__)
  const unsigned csr = _mm_getcsr();
  if (csr & 0x8000u) return fail("MXCSR flush-to-zero is set (an object built with -ffast-math?)");
  if (csr & 0x0040u) return fail("MXCSR denormals-are-zero is set (an object built with -ffast-math?)");
#endif
  // Gradual underflow: DBL_MIN/2 is a subnormal, and a subnormal is read as nonzero.
  if (runtime(DBL_MIN) / 2.0 == 0.0) return fail("subnormal results are flushed to zero");
  if (runtime(kEta) * runtime(0x1p1000) == 0.0) return fail("subnormal inputs are read as zero");
  // Directed rounding is honoured by this thread (A5) and not folded away by the compiler (A4).
  const double third_up = divide_in_mode(FE_UPWARD, 1.0, 3.0);
  const double third_down = divide_in_mode(FE_DOWNWARD, 1.0, 3.0);
  if (!(third_up > third_down)) return fail("fesetround(FE_UPWARD/DOWNWARD) has no effect on 1/3");
  if (add_in_mode(FE_UPWARD, 1.0, 0x1p-106) != 1.0 + 0x1p-52)
    return fail("upward rounding of 1 + 2^-106 is not 1 + 2^-52");
  if (add_in_mode(FE_DOWNWARD, 1.0, -0x1p-106) != 1.0 - 0x1p-53)
    return fail("downward rounding of 1 - 2^-106 is not 1 - 2^-53");
  if (std::fegetround() != FE_TONEAREST) return fail("rounding mode not restored after a guard");
  return {};
}

void establish_gradual_underflow() {
#if defined(__x86_64__) || defined(__i386__)
  if (const unsigned csr = _mm_getcsr(); csr & 0x8040u) _mm_setcsr(csr & ~0x8040u);  // clear FTZ, DAZ
#endif
}

void require_sound_fp_environment() {
  // A program linked with -ffast-math sets FTZ/DAZ at start-up, process-wide (A3). The library restores
  // gradual underflow on the calling thread instead of refusing to work.
  establish_gradual_underflow();
  static const FpEnvironmentCheck check = check_fp_environment();
  if (!check.sound) throw UnsoundEnvironment("unsound floating-point environment: " + check.problem);
  // The caller's rounding mode may differ from the mode seen by the first (cached) check.
  if (std::fegetround() != FE_TONEAREST)
    throw UnsoundEnvironment("unsound floating-point environment: rounding mode is not round-to-nearest");
}

// The items of check_fp_environment with what was observed (`nncert env`).
std::vector<FpEnvironmentItem> describe_fp_environment() {
  std::vector<FpEnvironmentItem> items;
  const int mode = std::fegetround();
  items.push_back({"rounding mode", mode == FE_TONEAREST, rounding_mode_name(mode)});
  items.push_back({"expression evaluation", FLT_EVAL_METHOD == 0, FLT_EVAL_METHOD == 0 ? "in double (FLT_EVAL_METHOD 0)" : "wider than double"});
#if defined(__x86_64__) || defined(__i386__)
  const unsigned csr = _mm_getcsr();
  items.push_back({"flush-to-zero (MXCSR FTZ)", (csr & 0x8000u) == 0, (csr & 0x8000u) ? "set" : "clear"});
  items.push_back({"denormals-are-zero (MXCSR DAZ)", (csr & 0x0040u) == 0, (csr & 0x0040u) ? "set" : "clear"});
#else
  items.push_back({"flush-to-zero / denormals-are-zero", true, "not an x86 target: checked through subnormal arithmetic below"});
#endif
  const bool subnormal_results = runtime(DBL_MIN) / 2.0 != 0.0;
  const bool subnormal_inputs = runtime(kEta) * runtime(0x1p1000) != 0.0;
  items.push_back({"gradual underflow", subnormal_results && subnormal_inputs,
                   subnormal_results && subnormal_inputs ? "subnormal results and inputs kept" : "subnormals flushed"});
  const double up = divide_in_mode(FE_UPWARD, 1.0, 3.0), down = divide_in_mode(FE_DOWNWARD, 1.0, 3.0);
  items.push_back({"directed rounding on this thread", up > down,
                   up > down ? "1/3 rounded up > 1/3 rounded down" : "fesetround has no effect"});
  const FpEnvironmentCheck whole = check_fp_environment();
  items.push_back({"every check of docs/floating-point.md", whole.sound, whole.sound ? "sound" : whole.problem});
  return items;
}

}  // namespace nncert
