// Reports of [train] prune_keep (pruning_report.hpp).
#include "pruning_report.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "html_escape.hpp"
#include "nncert/cert/svg_plot.hpp"

namespace nncert::cert {
namespace {

using nlohmann::json;

const char* const kPalette[] = {"#0969da", "#bc4c00", "#1a7f37", "#8250df", "#cf222e", "#6e7781"};

double number_or_nan(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_number() ? j[key].get<double>() : NAN;
}

// Test error = 1 − test accuracy (NaN without a test split or class targets).
double error_of(double accuracy) { return 1.0 - accuracy; }

const json* pruning_of(const json& summary) {
  if (!summary.is_object() || !summary.contains("evaluation")) return nullptr;
  const json& e = summary["evaluation"];
  if (!e.is_object() || !e.contains("pruning") || !e["pruning"].is_array() || e["pruning"].empty()) return nullptr;
  return &e["pruning"];
}

std::string percent(double x) { return std::isnan(x) ? std::string("—") : fmt::format("{:.2f}%", 100.0 * x); }

std::string point_label(const StudyResult& s, const StudyPointResult& p) {
  std::string out;
  for (std::size_t a = 0; a < s.keys.size() && a < p.values.size(); ++a)
    out += fmt::format("{}{} = {}", a ? ", " : "", s.keys[a], p.values[a]);
  return out;
}

std::set<Index> all_keeps(const StudyResult& s) {
  std::set<Index> keeps;
  for (const auto& p : s.points)
    for (const auto& e : p.pruning) keeps.insert(e.keep);
  return keeps;
}

const train::PrunedEvaluation* entry(const StudyPointResult& p, Index keep) {
  for (const auto& e : p.pruning)
    if (e.keep == keep) return &e;
  return nullptr;
}

const char* kCaption =
    "The trained network pruned, without retraining, to the k nodes of largest scale lambda_j (read-out "
    "sqrt(lambda_j)*u_j; equal scales are taken in index order), the other nodes' read-out set to 0. "
    "Error = 1 - accuracy. An observation of the trained run, not a consequence of the theorem.";

}  // namespace

std::optional<std::pair<std::string, std::string>> pruning_run_figure(const json& summary) {
  const json* pruning = pruning_of(summary);
  if (pruning == nullptr) return std::nullopt;
  PlotSeries test{"test error", {}, {}, "#d62728"}, train{"train error", {}, {}, "#1f77b4", true};
  for (const auto& e : *pruning) {
    const double k = number_or_nan(e, "keep");
    test.x.push_back(k);
    test.y.push_back(error_of(number_or_nan(e, "test_accuracy")));
    train.x.push_back(k);
    train.y.push_back(error_of(number_or_nan(e, "train_accuracy")));
  }
  const auto any_finite = [](const PlotSeries& s) { return std::any_of(s.y.begin(), s.y.end(), [](double y) { return std::isfinite(y); }); };
  std::vector<PlotSeries> series;
  for (const auto* s : {&test, &train})
    if (any_finite(*s)) series.push_back(*s);
  if (!series.empty())
    return std::pair<std::string, std::string>{
        "Pruning: error against the number of nodes kept (observed, not a claim)",
        svg_plot("Error of the pruned network", "nodes kept k (largest lambda_j first)", "error = 1 - accuracy", series, false, true)};
  // Regression targets have no error rate: the losses instead.
  PlotSeries test_loss{"test loss", {}, {}, "#d62728"}, train_loss{"train loss", {}, {}, "#1f77b4", true};
  for (const auto& e : *pruning) {
    const double k = number_or_nan(e, "keep");
    test_loss.x.push_back(k);
    test_loss.y.push_back(number_or_nan(e, "test_loss"));
    train_loss.x.push_back(k);
    train_loss.y.push_back(number_or_nan(e, "train_loss"));
  }
  for (const auto* s : {&test_loss, &train_loss})
    if (any_finite(*s)) series.push_back(*s);
  if (series.empty()) return std::nullopt;
  return std::pair<std::string, std::string>{
      "Pruning: loss against the number of nodes kept (observed, not a claim)",
      svg_plot("Loss of the pruned network (log scale)", "nodes kept k (largest lambda_j first)", "(1/2n)|f(X) - Y|^2", series, true, true)};
}

std::string pruning_run_markdown(const json& summary) {
  const json* pruning = pruning_of(summary);
  if (pruning == nullptr) return "";
  std::string md = std::string("## Pruning (observed, not a claim)\n\n") + kCaption +
                   "\n\n| nodes kept k | train accuracy | test accuracy | test error | train loss | test loss |\n|---|---|---|---|---|---|\n";
  for (const auto& e : *pruning) {
    const double test_acc = number_or_nan(e, "test_accuracy");
    md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", e.value("keep", 0), percent(number_or_nan(e, "train_accuracy")),
                      percent(test_acc), percent(error_of(test_acc)), format_number(number_or_nan(e, "train_loss")),
                      format_number(number_or_nan(e, "test_loss")));
  }
  return md + "\n";
}

std::string pruning_csv_header(const StudyResult& s) {
  std::string out;
  for (const Index k : all_keeps(s)) out += fmt::format(",test_error_keep_{}", k);
  for (const Index k : all_keeps(s)) out += fmt::format(",test_loss_keep_{}", k);
  return out;
}

std::string pruning_csv_fields(const StudyResult& s, const StudyPointResult& p) {
  const auto field = [](double x) { return std::isnan(x) ? std::string(",") : fmt::format(",{:.6g}", x); };
  std::string out;
  for (const Index k : all_keeps(s)) {
    const auto* e = entry(p, k);
    out += field(e != nullptr ? error_of(e->test_accuracy) : NAN);
  }
  for (const Index k : all_keeps(s)) {
    const auto* e = entry(p, k);
    out += field(e != nullptr ? e->test_loss : NAN);
  }
  return out;
}

json pruning_json(const StudyPointResult& p) {
  const auto or_null = [](double x) { return std::isfinite(x) ? json(x) : json(); };
  json out = json::array();
  for (const auto& e : p.pruning)
    out.push_back({{"keep", e.keep},
                   {"train_loss", or_null(e.train_loss)},
                   {"train_accuracy", or_null(e.train_accuracy)},
                   {"test_loss", or_null(e.test_loss)},
                   {"test_accuracy", or_null(e.test_accuracy)},
                   {"test_error", or_null(error_of(e.test_accuracy))}});
  return out;
}

std::string pruning_study_html(const StudyResult& s) {
  const std::set<Index> keeps = all_keeps(s);
  if (keeps.empty()) return "";
  std::vector<PlotSeries> series, losses;
  for (const auto& p : s.points) {
    if (p.pruning.empty()) continue;
    const std::string color = kPalette[(series.size() / 2) % 6];
    PlotSeries loss{"test loss, " + point_label(s, p), {}, {}, color};
    for (const auto& e : p.pruning) {
      loss.x.push_back(static_cast<double>(e.keep));
      loss.y.push_back(e.test_loss);
    }
    losses.push_back(loss);
    PlotSeries test{"test, " + point_label(s, p), {}, {}, color}, train{"train, " + point_label(s, p), {}, {}, color, true};
    for (const auto& e : p.pruning) {
      test.x.push_back(static_cast<double>(e.keep));
      test.y.push_back(error_of(e.test_accuracy));
      train.x.push_back(static_cast<double>(e.keep));
      train.y.push_back(error_of(e.train_accuracy));
    }
    series.push_back(test);
    series.push_back(train);
  }
  std::string html = "<h2>Pruning: error against the number of nodes kept</h2>\n<figure>" +
                     svg_plot("Error of the pruned network (test solid, train dashed)", "nodes kept k (largest lambda_j first)",
                              "error = 1 - accuracy", series, false, true) +
                     "<figcaption>" + html_escape(kCaption) + "</figcaption></figure>\n<figure>" +
                     svg_plot("Test loss of the pruned network", "nodes kept k (largest lambda_j first)",
                              "test loss (1/2m)|f(X) - Y|^2", losses, false, true) +
                     "<figcaption>The same pruned networks' squared loss on the test rows: it sees the "
                     "size of the output that pruning removes, which the sign of a two-class output hides."
                     "</figcaption></figure>\n<table style=\"margin-bottom:1.5em\"><tr><th>nodes kept k</th>";
  for (const auto& p : s.points)
    if (!p.pruning.empty())
      html += "<th>test error, " + html_escape(point_label(s, p)) + "</th><th>test loss, " + html_escape(point_label(s, p)) + "</th>";
  html += "</tr>\n";
  for (const Index k : keeps) {
    html += fmt::format("<tr><td>{}</td>", k);
    for (const auto& p : s.points) {
      if (p.pruning.empty()) continue;
      const auto* e = entry(p, k);
      html += "<td>" + html_escape(percent(e != nullptr ? error_of(e->test_accuracy) : NAN)) + "</td><td>" +
              html_escape(format_number(e != nullptr ? e->test_loss : NAN)) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string pruning_study_markdown(const StudyResult& s) {
  const std::set<Index> keeps = all_keeps(s);
  if (keeps.empty()) return "";
  std::string md = std::string("\n## Pruning: test error against the number of nodes kept\n\n") + kCaption + "\n\n| nodes kept k |";
  std::string rule = "|---|";
  for (const auto& p : s.points)
    if (!p.pruning.empty()) md += " test error, " + point_label(s, p) + " | test loss, " + point_label(s, p) + " |", rule += "---|---|";
  md += "\n" + rule + "\n";
  for (const Index k : keeps) {
    md += fmt::format("| {} |", k);
    for (const auto& p : s.points) {
      if (p.pruning.empty()) continue;
      const auto* e = entry(p, k);
      md += " " + percent(e != nullptr ? error_of(e->test_accuracy) : NAN) + " | " +
            format_number(e != nullptr ? e->test_loss : NAN) + " |";
    }
    md += "\n";
  }
  return md;
}

}  // namespace nncert::cert
