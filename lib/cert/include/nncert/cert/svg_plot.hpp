#pragma once
// Inline SVG line plots for the reports: no script, no external resource, readable tick labels.
#include <string>
#include <vector>

namespace nncert::cert {

// One curve of a plot: points with a non-finite coordinate (or y <= 0 on a log scale) are skipped.
struct PlotSeries {
  std::string name;
  std::vector<double> x, y;
  std::string color;
  bool dashed = false;
  bool points = false;  // markers instead of a line
  // When set (one per point): an enclosure bar from y_low[i] to y[i] at x[i], with a marker at each
  // end; a non-finite or, on a log scale, non-positive lower end draws the upper marker alone.
  std::vector<double> y_low{};
};

// Tick positions for an axis spanning [lo, hi] (lo <= hi): on a linear axis 1-2-5 multiples of a
// power of ten; on a log axis (lo, hi are log10 values) whole decades, or 1-2-5 steps of log10 when
// the span holds fewer than two decades. Every tick lies in [lo, hi]; at least two are returned.
std::vector<double> axis_ticks(double lo, double hi, bool log_scale);

// An inline <svg> line plot with axes, ticks and a legend.
std::string svg_plot(const std::string& title, const std::string& x_label, const std::string& y_label,
                     const std::vector<PlotSeries>& series, bool log_y, bool log_x = false);

// "1.23e-05"-style text for a number, "∞"/"—" for infinities and NaN.
std::string format_number(double x);

}  // namespace nncert::cert
