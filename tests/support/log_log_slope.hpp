#pragma once
// Least-squares slope of log y against log x: the exponent of a power law y ~ x^slope, for the
// regression tests that check how an error shrinks with width.
#include <cmath>
#include <vector>

namespace nncert::test {

inline double log_log_slope(const std::vector<double>& x, const std::vector<double>& y) {
  const double k = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double lx = std::log(x[i]), ly = std::log(y[i]);
    sx += lx, sy += ly, sxx += lx * lx, sxy += lx * ly;
  }
  return (k * sxy - sx * sy) / (k * sxx - sx * sx);
}

}  // namespace nncert::test
