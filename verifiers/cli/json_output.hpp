#pragma once
// JSON printing of enclosures for the command line (DESIGN.md §3): bounds are printed so that the
// decimal text, read back, is still a bound on the same side (see json_output.cpp for the argument).
#include <nlohmann/json.hpp>

#include "nncert/linalg/enclosure.hpp"

namespace nncert::cli {

// A decimal-safe lower bound: next_down(x) unless x is 0 or an integer of magnitude < 2^53.
double printable_lower(double x);
// A decimal-safe upper bound: next_up(x) unless x is 0 or an integer of magnitude < 2^53.
double printable_upper(double x);

// {"lower", "upper", "certified", "method", "precision_bits"}; infinite bounds print as null.
nlohmann::json to_json(const linalg::Enclosure& e);

}  // namespace nncert::cli
