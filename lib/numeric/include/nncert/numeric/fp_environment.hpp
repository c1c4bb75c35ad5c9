#pragma once
// The floating-point assumptions that every certified bound in nncert rests on, stated in one place.
//
//  (A1) double is IEEE 754 binary64 and expressions are evaluated in double (FLT_EVAL_METHOD == 0,
//       x86-64 SSE2, no x87 double rounding). Unit roundoff u = 2^-53, smallest subnormal η = 2^-1074.
//  (A2) The rounding mode is round-to-nearest-even, except inside a RoundingModeGuard.
//  (A3) Gradual underflow: subnormals are produced and read (MXCSR FTZ and DAZ bits clear). Any object
//       linked with -ffast-math/-Ofast may set them process-wide, which would void the η-terms of the
//       bounds: the rigorous entry points clear them on the calling thread (require_sound_fp_environment)
//       and on the OpenMP workers (linalg ensure_workers_round_to_nearest). The installed library is a
//       shared object linked -Bsymbolic-functions, so its calls never bind to a consumer's fast-math
//       copies of inline code (lib/package.cmake).
//  (A4) No value-changing optimisation: the project compiles with -frounding-math -ffp-contract=off and
//       never with -ffast-math (top-level CMakeLists.txt). Exception: the kernels' fused fast loops
//       (lib/kernels/CMakeLists.txt) drop -frounding-math so that GCC vectorises sqrt/fma; they never
//       run under a directed mode, and their values are midpoints bounded by interval evaluation.
//  (A5) Directed rounding set with fesetround is honoured by the calling thread only; threaded BLAS or
//       OpenMP workers keep their own mode, so directed-rounding kernels run single-threaded. The
//       threaded round-to-nearest work (Eigen's OpenMP products, OpenBLAS's dpotrf) needs its workers
//       in round-to-nearest: OpenMP workers are set so before certifying (linalg
//       ensure_workers_round_to_nearest); OpenBLAS starts its threads when it loads, before main(), in
//       the default environment, and no nncert code runs on them to change it.
//  (A6) The compiler does not tie floating-point arithmetic to fesetround calls even with
//       -frounding-math (GCC bug 34678). Hence Interval never switches modes (its bounds come from
//       round-to-nearest error-free transformations, interval.hpp), and the few directed-rounding
//       kernels pass their results through fp_barrier inside the guard (rounding.hpp).
//  (A7) Elementary functions are accurate to kLibmUlps (below): for every double argument in the range
//       nncert evaluates it on, the double c returned by
//         glibc's libm: exp, log, log1p, pow, tanh, acos, asin, cos, sin;
//         Boost.Math (1.74): erf, log1p;
//         Eigen 3.4's vectorised ArrayXd exp, log1p, cos;
//       lies within kLibmUlps consecutive doubles of the exact value x: next_down^k(c) <= x <=
//       next_up^k(c) with k = kLibmUlps. Consequently |c − x| <= 2u·k·max(|c|, |x|) + k·η (each
//       step is at most 2u times the larger magnitude, or η below DBL_MIN). glibc documents at most
//       1–2 ulps for these functions on x86-64 (manual, "Errors in Math Functions"); k = 4 is the
//       margin. sqrt needs no assumption: IEEE 754 rounds it correctly. The interval layer widens
//       libm results by k steps (interval.cpp, lib/kernels interval_trig.cpp); the rigorous model
//       evaluation turns k into relative budgets (lib/models activation_enclosure.cpp). This is a
//       property of the linked libraries, not of the machine: tests/unit/numeric/test_libm_accuracy.cpp
//       checks it against 256-bit MPFR over the argument ranges used.
//
// check_fp_environment() tests (A1)-(A3) and (A5)'s mode switching at run time; every command that may
// print "certified" calls require_sound_fp_environment() first and refuses to certify otherwise.
#include <string>

namespace nncert {

// (A7): the accuracy, in consecutive doubles, assumed of every elementary function nncert calls.
inline constexpr int kLibmUlps = 4;

struct FpEnvironmentCheck {
  bool sound = true;
  std::string problem;  // empty when sound
};

FpEnvironmentCheck check_fp_environment();

// Clears FTZ and DAZ on the calling thread (gradual underflow, A3). Called by every rigorous entry
// point: a consumer program built with -ffast-math keeps flush-to-zero in its own code only until it
// calls nncert, and must set it again afterwards if it relies on it.
void establish_gradual_underflow();

// Establishes gradual underflow on the calling thread, then throws UnsoundEnvironment naming the
// violated assumption, if any.
void require_sound_fp_environment();

}  // namespace nncert
