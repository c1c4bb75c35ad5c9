#pragma once
// Reports of a certificate (DESIGN.md §2.8): report.md and a self-contained report.html (inline CSS,
// inline SVG plots, no external resources). Both are rendered from the certificate and its
// trajectory alone, so `nncert report CERT --out DIR` reproduces them.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nncert/cert/trajectory_table.hpp"

namespace nncert::cert {

struct RenderedReports {
  std::string markdown;
  std::string html;
};

RenderedReports render_reports(const nlohmann::json& certificate, const TrajectoryTable& trajectory);

// DIR/report.md and DIR/report.html, atomically.
void write_reports(const std::filesystem::path& dir, const RenderedReports& reports);

// One curve of a plot: points with a non-finite coordinate (or y <= 0 on a log scale) are skipped.
struct PlotSeries {
  std::string name;
  std::vector<double> x, y;
  std::string color;
  bool dashed = false;
  bool points = false;  // markers instead of a line
};

// An inline <svg> line plot with axes, ticks and a legend.
std::string svg_plot(const std::string& title, const std::string& x_label, const std::string& y_label,
                     const std::vector<PlotSeries>& series, bool log_y, bool log_x = false);

// "1.23e-05"-style text for a number, "∞"/"—" for infinities and NaN.
std::string format_number(double x);

}  // namespace nncert::cert
