#include "nncert/numeric/fp_environment_report.hpp"

#include <cfenv>
#include <cfloat>

#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/rounding.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace nncert {
namespace {

double runtime(double x) {
  volatile double v = x;
  return v;
}

[[gnu::noinline]] double third_in_mode(int mode) {
  RoundingModeGuard guard(mode);
  return runtime(runtime(1.0) / runtime(3.0));
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
  const double up = third_in_mode(FE_UPWARD), down = third_in_mode(FE_DOWNWARD);
  items.push_back({"directed rounding on this thread", up > down,
                   up > down ? "1/3 rounded up > 1/3 rounded down" : "fesetround has no effect"});
  const FpEnvironmentCheck whole = check_fp_environment();
  items.push_back({"every check of docs/floating-point.md", whole.sound, whole.sound ? "sound" : whole.problem});
  return items;
}

}  // namespace nncert
