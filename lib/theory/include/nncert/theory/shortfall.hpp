#pragma once
// How far a failed condition "a < b" is from holding, in words that carry its size, so that a user
// sees at a glance whether a verdict is a near miss or hopeless: "short by at least 19 orders of
// magnitude" or "short by a factor of at least 1.7".
#include <string>

namespace nncert::theory {

// The finding detail that says, from this problem's own numbers, what would turn a refuted or
// inconclusive hypothesis certified; the report ends with these.
inline constexpr const char* kWhatWouldChange = "what would change the verdict";

// For a condition a < b that fails, given a lower bound `a_lower` of a and an upper bound `b_upper` of
// b (both > 0): the proven shortfall a/b >= a_lower/b_upper in words. The factor is rounded DOWN, so
// every "at least" is true. Empty when the bounds prove nothing (non-positive or non-finite).
std::string shortfall_words(double a_lower, double b_upper);

}  // namespace nncert::theory
