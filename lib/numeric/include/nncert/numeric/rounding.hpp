#pragma once
// Rounding-error model of binary64 (Higham, Accuracy and Stability of Numerical Algorithms, §2-3) and
// rigorous one-operation bounds that need no rounding-mode switch.
//
// Every function named *_up returns a double >= the exact real result, *_down one <= it. They compute
// the round-to-nearest result r and step one unit in the last place outward: |r - exact| <= ulp(r)/2
// (or η/2 in the subnormal range), so nextafter(r, ±inf) is on the correct side. Overflow rounds to
// ±inf or ±DBL_MAX, both still on the correct side.
#include <cfenv>
#include <cmath>
#include <limits>

namespace nncert {

inline constexpr double kUnitRoundoff = 0x1p-53;                             // u
inline constexpr double kEta = std::numeric_limits<double>::denorm_min();    // η = 2^-1074
inline constexpr double kInf = std::numeric_limits<double>::infinity();

inline double next_up(double x) { return std::nextafter(x, kInf); }
inline double next_down(double x) { return std::nextafter(x, -kInf); }

inline double add_up(double a, double b) { return next_up(a + b); }
inline double add_down(double a, double b) { return next_down(a + b); }
inline double sub_up(double a, double b) { return next_up(a - b); }
inline double sub_down(double a, double b) { return next_down(a - b); }
inline double mul_up(double a, double b) { return next_up(a * b); }
inline double mul_down(double a, double b) { return next_down(a * b); }
inline double div_up(double a, double b) { return next_up(a / b); }
inline double div_down(double a, double b) { return next_down(a / b); }
inline double sqrt_up(double a) { return next_up(std::sqrt(a)); }
inline double sqrt_down(double a) { return a <= 0 ? 0.0 : next_down(std::sqrt(a)); }

// Upper bound of γ_k = k·u / (1 − k·u). Returns +inf when k·u >= 1/2 (bound useless, never unsound).
double gamma_up(double k);

// Sets the rounding mode of the calling thread for the guard's lifetime (FE_UPWARD, FE_DOWNWARD, ...).
// Code run under a guard must be single-threaded (assumption A5), live in a separate noinline
// function, read its inputs from memory after the guard is built, and pass every result through
// fp_barrier before the guard is destroyed: -frounding-math does not stop GCC from moving
// floating-point arithmetic across fesetround (GCC bug 34678), and values kept in registers are not
// tied to the calls that switch the mode.
// Forces `value` to be computed before this point and its later reads to happen after it, in program
// order with the (opaque) fesetround calls: the asm reads and writes the value in memory and clobbers
// memory, so neither the arithmetic producing the value nor loads and stores around it can cross it.
template <class T>
inline void fp_barrier(T& value) {
  asm volatile("" : "+m"(value) : : "memory");
}

class RoundingModeGuard {
 public:
  explicit RoundingModeGuard(int mode);
  ~RoundingModeGuard();
  RoundingModeGuard(const RoundingModeGuard&) = delete;
  RoundingModeGuard& operator=(const RoundingModeGuard&) = delete;

 private:
  int saved_;
};

}  // namespace nncert
