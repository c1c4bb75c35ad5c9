#pragma once
// A valid input whose result (or an intermediate the method needs) leaves the range of double, in a
// computation that has no wider route: the command answers "inconclusive" (exit 3) with this message
// as its reason ("the variance of input 0 underflows below 2.2e-308 at layer 1"), never a wrong or
// non-finite number and never "bad input" (errors.hpp is for malformed input).
#include <stdexcept>

namespace nncert {

struct RangeExceeded : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace nncert
