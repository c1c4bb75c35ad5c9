#include "nncert/cert/svg_plot.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "html_escape.hpp"

namespace nncert::cert {
namespace {

// The smallest 1-2-5 multiple of a power of ten that splits a span into at most max_ticks intervals.
double nice_step(double span, int max_intervals) {
  const double raw = span / max_intervals;
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * decade >= raw) return m * decade;
  return 10 * decade;
}

std::vector<double> multiples_in(double lo, double hi, double step) {
  std::vector<double> ticks;
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k += 1) ticks.push_back(k * step);
  return ticks;
}

// A tick label: on a log axis the value 10^v, written as a power of ten when v is whole.
std::string tick_label(double v, bool log_scale) {
  if (!log_scale) return fmt::format("{:.4g}", std::abs(v) < 1e-12 ? 0.0 : v);
  if (std::abs(v - std::round(v)) < 1e-9) {
    const int e = static_cast<int>(std::round(v));
    return e >= -2 && e <= 3 ? fmt::format("{:g}", std::pow(10.0, e)) : fmt::format("1e{}", e);
  }
  return fmt::format("{:.3g}", std::pow(10.0, v));
}

}  // namespace

std::vector<double> axis_ticks(double lo, double hi, bool log_scale) {
  if (!(hi > lo)) return {lo, lo};
  if (log_scale && hi - lo >= 2) {
    // Whole decades, thinned so that at most six remain.
    const double stride = std::max(1.0, std::ceil((std::floor(hi) - std::ceil(lo)) / 5));
    return multiples_in(lo, hi, stride);
  }
  auto ticks = multiples_in(lo, hi, nice_step(hi - lo, 5));
  if (ticks.size() < 2) return {lo, hi};
  return ticks;
}

std::string format_number(double x) {
  if (std::isnan(x)) return "—";
  if (std::isinf(x)) return x > 0 ? "∞" : "-∞";
  if (x == std::trunc(x) && std::abs(x) < 1e15) return fmt::format("{:.0f}", x);
  return fmt::format("{:.6g}", x);
}

std::string svg_plot(const std::string& title, const std::string& x_label, const std::string& y_label,
                     const std::vector<PlotSeries>& series, bool log_y, bool log_x) {
  const double W = 720, H = 320, left = 80, right = 170, top = 30, bottom = 45;
  auto tx = [&](double v) { return log_x ? std::log10(v) : v; };
  auto ty = [&](double v) { return log_y ? std::log10(v) : v; };
  auto usable = [&](double x, double y) { return std::isfinite(x) && std::isfinite(y) && (!log_y || y > 0) && (!log_x || x > 0); };
  double x0 = HUGE_VAL, x1 = -HUGE_VAL, y0 = HUGE_VAL, y1 = -HUGE_VAL;
  for (const auto& s : series)
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (usable(s.x[i], s.y[i])) {
        x0 = std::min(x0, tx(s.x[i])), x1 = std::max(x1, tx(s.x[i]));
        y0 = std::min(y0, ty(s.y[i])), y1 = std::max(y1, ty(s.y[i]));
      }
      if (i < s.y_low.size() && usable(s.x[i], s.y_low[i])) y0 = std::min(y0, ty(s.y_low[i])), y1 = std::max(y1, ty(s.y_low[i]));
    }
  std::string svg = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">", W, H, W, H);
  svg += fmt::format("<text x=\"{}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{}</text>", left, html_escape(title));
  if (!(x0 <= x1)) return svg + fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\">no data to plot</text></svg>", left, H / 2);
  if (x1 == x0) x1 = x0 + 1;
  if (y1 == y0) y0 -= 0.5, y1 += 0.5;
  // A 4 % margin above and below keeps curves off the frame.
  const double pad = 0.04 * (y1 - y0);
  y0 -= pad, y1 += pad;
  const double pw = W - left - right, ph = H - top - bottom;
  auto px_of = [&](double t) { return left + (t - x0) / (x1 - x0) * pw; };  // t: transformed x
  auto py_of = [&](double t) { return top + ph - (t - y0) / (y1 - y0) * ph; };
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#444\"/>", left, top, pw, ph);
  for (double t : axis_ticks(y0, y1, log_y)) {
    const double py = py_of(t);
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#eee\"/>", left, py, left + pw, py);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">{}</text>", left - 5, py + 4,
                       html_escape(tick_label(t, log_y)));
  }
  for (double t : axis_ticks(x0, x1, log_x))
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>", px_of(t), top + ph + 15,
                       html_escape(tick_label(t, log_x)));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>", left + pw / 2, H - 8,
                     html_escape(x_label));
  svg += fmt::format("<text x=\"14\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">{}</text>",
                     top + ph / 2, top + ph / 2, html_escape(y_label));
  double legend_y = top + 10;
  for (const auto& s : series) {
    std::string pts;
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
      if (usable(s.x[i], s.y[i])) {
        const double px = px_of(tx(s.x[i])), py = py_of(ty(s.y[i]));
        if (i < s.y_low.size() && usable(s.x[i], s.y_low[i])) {
          const double pl = py_of(ty(s.y_low[i]));
          svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" stroke-width=\"2\"/>"
                             "<line x1=\"{4:.1f}\" y1=\"{2:.1f}\" x2=\"{5:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>",
                             px, py, pl, s.color, px - 4, px + 4);
        }
        if (s.points || !s.y_low.empty())
          svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>", px, py, s.color);
        else
          pts += fmt::format("{:.1f},{:.1f} ", px, py);
      }
    if (!pts.empty())
      svg += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\"{} points=\"{}\"/>", s.color,
                         s.dashed ? " stroke-dasharray=\"6 4\"" : "", pts);
    svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>", W - right + 10, legend_y,
                       W - right + 30, legend_y, s.color, s.dashed ? " stroke-dasharray=\"6 4\"" : "");
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>", W - right + 35, legend_y + 4, html_escape(s.name));
    legend_y += 18;
  }
  return svg + "</svg>";
}

}  // namespace nncert::cert
