#include "nncert/theory/shortfall.hpp"

#include <cmath>

#include <fmt/format.h>

#include "nncert/numeric/rounding.hpp"

namespace nncert::theory {

std::string shortfall_words(double a_lower, double b_upper) {
  if (!(a_lower > 0) || !(b_upper > 0) || !std::isfinite(a_lower) || !std::isfinite(b_upper)) return "";
  // ratio <= a_lower/b_upper <= a/b (division rounded down); log10 is a few ulps accurate, so one
  // part in 1e12 is taken off before the floor: "at least K" may undercount by one, never overcount.
  const double ratio = div_down(a_lower, b_upper);
  if (!(ratio > 1)) return "";
  // Tenths, rounded down (the product's rounding is covered by the 1e-12): 1.79 prints as 1.7.
  if (ratio < 10) return fmt::format("short by a factor of at least {:.1f}", std::floor(ratio * 10 * (1 - 1e-12)) / 10);
  const double k = std::floor(std::log10(ratio) * (1 - 1e-12));
  if (k < 1) return fmt::format("short by a factor of at least {:.0f}", std::floor(ratio * (1 - 1e-12)));
  return fmt::format("short by at least {:.0f} order{} of magnitude", k, k == 1 ? "" : "s");
}

}  // namespace nncert::theory
