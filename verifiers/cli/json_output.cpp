#include "json_output.hpp"

#include <cmath>

#include "nncert/numeric/rounding.hpp"

namespace nncert::cli {
namespace {
// Printed exactly: 0 and integers below 2^53 are written by the serializer as their exact decimal.
bool prints_exactly(double x) { return x == 0 || (std::abs(x) < 0x1p53 && std::trunc(x) == x); }
}  // namespace

// Why next_down(L) is safe to print for a lower bound L. nlohmann-json writes the shortest decimal d
// that reads back to v = next_down(L) (round-trip; Grisu2 with a fallback, so d always parses to v).
// Reading d back rounds to nearest, so d lies within the rounding interval of v, whose upper end is
// the midpoint (v + L)/2 < L (a tie at that midpoint goes to the even neighbour, still <= it).
// Hence d < L, and d is a valid lower bound of whatever L bounds. Symmetric for upper bounds.
double printable_lower(double x) {
  if (!std::isfinite(x) || prints_exactly(x)) return x;
  return next_down(x);
}

double printable_upper(double x) {
  if (!std::isfinite(x) || prints_exactly(x)) return x;
  return next_up(x);
}

nlohmann::json to_json(const linalg::Enclosure& e) {
  nlohmann::json j;
  const double lo = printable_lower(e.lower), hi = printable_upper(e.upper);
  j["lower"] = std::isfinite(lo) ? nlohmann::json(lo) : nlohmann::json(nullptr);
  j["upper"] = std::isfinite(hi) ? nlohmann::json(hi) : nlohmann::json(nullptr);
  j["certified"] = e.certified;
  j["method"] = e.method;
  j["precision_bits"] = e.precision_bits;
  return j;
}

}  // namespace nncert::cli
