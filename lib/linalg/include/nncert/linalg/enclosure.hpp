#pragma once
// The one result type of every rung of the escalation ladder (ladder.hpp).
#include <string>

namespace nncert::linalg {

// An enclosure [lower, upper] of a real quantity. When `certified` is true both ends are rigorous:
// lower <= true value <= upper, including every rounding error. When false the numbers are estimates.
// `method` names the rung that produced the bounds, `precision_bits` its working precision
// (53 = binary64, 113 = Float128/MPFR-113, 0 = exact rational arithmetic).
struct Enclosure {
  double lower = 0;
  double upper = 0;
  bool certified = false;
  std::string method;
  int precision_bits = 53;
};

}  // namespace nncert::linalg
