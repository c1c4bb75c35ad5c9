#pragma once
// Reports of a certificate (docs/design.md#layers): report.md and a self-contained report.html (inline CSS,
// inline SVG plots, no external resources). Both are rendered from the certificate and its
// trajectory alone, so `nncert report CERT --out DIR` reproduces them.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nncert/cert/svg_plot.hpp"
#include "nncert/cert/trajectory_table.hpp"

namespace nncert::cert {

struct RenderedReports {
  std::string markdown;
  std::string html;
};

RenderedReports render_reports(const nlohmann::json& certificate, const TrajectoryTable& trajectory);

// The prediction in one word, as the terminal and the reports show it: "applicable", "heuristic
// (decides nothing)" or "not applicable".
std::string prediction_word(const nlohmann::json& prediction);

// DIR/report.md and DIR/report.html, atomically.
void write_reports(const std::filesystem::path& dir, const RenderedReports& reports);

}  // namespace nncert::cert
