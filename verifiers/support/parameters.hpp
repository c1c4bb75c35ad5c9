#pragma once
// Typed access to a hypothesis' parameters (theorem file), overridden by the problem's [verify].
#include <string>

#include "nncert/theory/verifier.hpp"

namespace nncert::verifiers {

std::string string_parameter(const theory::VerificationContext& c, std::string_view key, const std::string& fallback);
double double_parameter(const theory::VerificationContext& c, std::string_view key, double fallback);
bool bool_parameter(const theory::VerificationContext& c, std::string_view key, bool fallback);

// Enclosure of a certified interval [lo, hi] (rounded outward already).
linalg::Enclosure certified(double lower, double upper, const std::string& method, int bits = 53);
linalg::Enclosure estimate(double value, const std::string& method);

}  // namespace nncert::verifiers
