// Reports: sections, inline SVG, no external resources, the vacuous flag.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "nncert/cert/report.hpp"
#include "test_cert_fixture.hpp"

using namespace nncert;

namespace {
cert::TrajectoryTable table_of(const train::Trajectory& t) {
  cert::TrajectoryTable table;
  table.columns = {"step", "time", "phase", "loss", "pl_ratio", "lambda_min_gram_estimate"};
  for (const auto& r : t.rows) table.rows.push_back({double(r.step), r.time, double(r.phase), r.loss, r.pl_ratio, r.lambda_min_gram});
  return table;
}
}  // namespace

TEST_CASE("report has every section, inline SVG plots and no external resources") {
  const auto run = test::tiny_run();
  const auto r = cert::render_reports(test::certificate_of(run), table_of(run.trajectory));
  for (const char* section : {"## How strong is this guarantee", "## Hypotheses", "## Prediction", "## Confirmation", "## Trajectory", "## Provenance (informational)"})
    CHECK(r.markdown.find(section) != std::string::npos);
  CHECK(r.markdown.find("condition number <= 123") != std::string::npos);
  CHECK(r.markdown.find("10^-3") != std::string::npos);
  CHECK(r.html.find("<svg") != std::string::npos);
  CHECK(r.html.find("certified envelope") != std::string::npos);
  CHECK(r.html.find("PL ratio") != std::string::npos);
  CHECK(r.html.find("http://") == r.html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
  CHECK(r.html.find("https://") == std::string::npos);
  CHECK(r.html.find("<script") == std::string::npos);
  CHECK(r.html.find("<link") == std::string::npos);
  CHECK(r.markdown.find("Certified but vacuous") == std::string::npos);
  // The strength grade opens the report, with its reason.
  CHECK(r.markdown.find("| strength | **") < r.markdown.find("| hypotheses |"));
  CHECK(r.markdown.find("Strength: **") != std::string::npos);
}

TEST_CASE("a certified but vacuous prediction is flagged") {
  const auto run = test::tiny_run("1 - eta * mu", 1e-12);
  REQUIRE(run.prediction.vacuous);
  const auto r = cert::render_reports(test::certificate_of(run), table_of(run.trajectory));
  CHECK(r.markdown.find("Certified but vacuous") != std::string::npos);
  CHECK(r.html.find("Certified but vacuous") != std::string::npos);
}

TEST_CASE("an inapplicable prediction says so and draws no envelope") {
  auto run = test::tiny_run();
  run.report.findings[0].verdict = Verdict::inconclusive;
  run.report.verdict = Verdict::inconclusive;
  run.prediction = theory::predict(run.theorem, run.report.findings, run.quantities, {true, std::nullopt});
  const auto r = cert::render_reports(test::certificate_of(run), table_of(run.trajectory));
  CHECK(r.markdown.find("No prediction is made") != std::string::npos);
  CHECK(r.html.find("certified envelope") == std::string::npos);
}

TEST_CASE("svg plot skips points a log scale cannot show") {
  const std::string svg = cert::svg_plot("t", "x", "y", {{"s", {0, 1, 2}, {1, -1, 0}, "#000"}}, true);
  CHECK(svg.find("<polyline") != std::string::npos);
  CHECK(cert::svg_plot("t", "x", "y", {{"s", {0}, {-1}, "#000"}}, true).find("no data") != std::string::npos);
}

TEST_CASE("axis ticks are 1-2-5 multiples on linear axes and whole decades on log axes") {
  CHECK(cert::axis_ticks(0, 300, false) == std::vector<double>{0, 100, 200, 300});
  const auto fractions = cert::axis_ticks(0.013, 0.87, false);
  REQUIRE(fractions.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(fractions[i] == Approx(0.2 * (i + 1)));
  // log10 span [-2.3, 0.3]: decades 10^-2, 10^-1, 10^0.
  CHECK(cert::axis_ticks(-2.3, 0.3, true) == std::vector<double>{-2, -1, 0});
  // 40 decades thin to at most six ticks, all inside the span.
  const auto many = cert::axis_ticks(-35.5, 4.2, true);
  CHECK(many.size() <= 6);
  CHECK(many.size() >= 2);
  for (double t : many) CHECK((t >= -35.5 && t <= 4.2 && t == std::round(t)));
  // Less than two decades on a log axis: 1-2-5 steps of log10 inside the span.
  for (double t : cert::axis_ticks(-0.5, 0.7, true)) CHECK((t >= -0.5 && t <= 0.7));
}

TEST_CASE("log-scale plot labels decades as powers of ten, never as 6-digit values") {
  const std::string svg = cert::svg_plot("t", "x", "y", {{"s", {0, 100, 200}, {1.9, 0.1, 0.0053}, "#000"}}, true);
  CHECK(svg.find(">0.01<") != std::string::npos);
  CHECK(svg.find(">0.1<") != std::string::npos);
  CHECK(svg.find("1.90369") == std::string::npos);
}
