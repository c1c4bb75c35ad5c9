#include "nncert/cert/study.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "html_escape.hpp"
#include "pruning_report.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/cert/svg_plot.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::cert {
namespace {

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number(double x) { return std::isfinite(x) ? fmt::format("{:.17g}", x) : (std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf")); }

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out.flush()) throw InvalidInput("cannot write " + file.string());
}

std::string csv(const StudyResult& s) {
  std::string out = "point";
  for (const auto& k : s.keys) out += "," + csv_field(k);
  out += ",verdict,hypothesis,hypothesis_verdict,quantity,lower,upper,certified,strength,confirmation,train_accuracy,"
         "test_accuracy,seconds,error" + pruning_csv_header(s) + "\n";
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const auto& p = s.points[i];
    std::string head = std::to_string(i);
    for (const auto& v : p.values) head += "," + csv_field(v);
    const auto accuracy = [](double a) { return std::isnan(a) ? std::string() : fmt::format("{:.6g}", a); };
    const std::string tail = fmt::format(",{},{},{},{},{:.3f},{}", csv_field(p.strength), csv_field(p.confirmation),
                                         accuracy(p.train_accuracy), accuracy(p.test_accuracy), p.seconds, csv_field(p.error)) +
                             pruning_csv_fields(s, p);
    if (p.findings.empty()) out += head + "," + p.verdict + ",,,,,,," + tail.substr(1) + "\n";
    for (const auto& f : p.findings)
      out += fmt::format("{},{},{},{},{},{},{},{}{}\n", head, p.verdict, csv_field(f.hypothesis_id), to_string(f.verdict),
                         csv_field(f.quantity), number(f.enclosure.lower), number(f.enclosure.upper),
                         f.enclosure.certified ? "true" : "false", tail);
  }
  return out;
}

const char* verdict_color(const std::string& v) {
  return v == "certified" ? "#1a7f37" : v == "refuted" ? "#cf222e" : v == "error" ? "#8250df" : "#6e7781";
}

// Where each point sits on the figures' horizontal axis: the first key's value when every value is a
// number, else the value's position among the first key's values (a categorical axis, named in the
// axis label: "train.algorithm (0 = 'gd', 1 = ...)").
struct FirstAxis {
  std::vector<double> x;  // one per point
  std::string label;
  bool categorical = false;
};

FirstAxis first_axis(const StudyResult& s) {
  FirstAxis a;
  a.label = s.keys[0];
  a.categorical = std::any_of(s.points.begin(), s.points.end(), [](const StudyPointResult& p) { return std::isnan(p.numbers[0]); });
  std::vector<std::string> seen;
  for (const auto& p : s.points) {
    if (!a.categorical) {
      a.x.push_back(p.numbers[0]);
      continue;
    }
    auto it = std::find(seen.begin(), seen.end(), p.values[0]);
    if (it == seen.end()) it = seen.insert(seen.end(), p.values[0]);
    a.x.push_back(static_cast<double>(it - seen.begin()));
  }
  if (a.categorical) {
    std::string names;
    for (std::size_t i = 0; i < seen.size(); ++i) names += fmt::format("{}{} = {}", i ? ", " : "", i, seen[i]);
    a.label += " (" + names + ")";
  }
  return a;
}

// [study] kernel_reference: each kernel's test accuracy as a dashed horizontal line across the
// first axis' range (the kernel does not depend on the swept keys).
std::vector<PlotSeries> kernel_reference_lines(const StudyResult& s, const std::vector<double>& x) {
  static const char* const colors[] = {"#cf222e", "#8250df", "#1a7f37", "#6e7781"};
  std::vector<PlotSeries> out;
  if (x.empty()) return out;
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  for (std::size_t i = 0; i < s.kernel_references.size(); ++i) {
    const auto& k = s.kernel_references[i];
    if (std::isnan(k.test_accuracy)) continue;
    PlotSeries line;
    line.name = k.kernel + " exact, test";
    line.x = {*lo, *hi};
    line.y = {k.test_accuracy, k.test_accuracy};
    line.color = colors[i % 4];
    line.dashed = true;
    out.push_back(line);
    if (k.gd_steps > 0 && !std::isnan(k.gd_test_accuracy)) {
      line.name = fmt::format("{}, {} GD steps, test", k.kernel, k.gd_steps);
      line.y = {k.gd_test_accuracy, k.gd_test_accuracy};
      line.color = colors[(i + 2) % 4];
      out.push_back(line);
    }
  }
  return out;
}

// Kernel test accuracy − the point's test accuracy (positive: the kernel predicts better); NaN when
// either is missing.
double kernel_gap(const StudyKernelReference& k, const StudyPointResult& p) { return k.test_accuracy - p.test_accuracy; }

std::string kernel_reference_csv(const StudyResult& s) {
  std::string out = "kernel,n,test_rows,ridge,targets,test_accuracy,test_mse,gram_verdict,lambda_min_lower,lambda_min_upper,"
                    "gd_steps,gd_step_size,gd_test_accuracy,gd_test_mse,seconds,reason\n";
  for (const auto& k : s.kernel_references)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{:.3f},{}\n", k.kernel, k.n, k.test_rows, number(k.ridge),
                       csv_field(k.targets), number(k.test_accuracy), number(k.test_mse), k.gram_verdict,
                       number(k.lambda_min.lower), number(k.lambda_min.upper), k.gd_steps, number(k.gd_step_size),
                       number(k.gd_test_accuracy), number(k.gd_test_mse), k.seconds, csv_field(k.reason));
  return out;
}

std::string kernel_reference_exact_text(const StudyKernelReference& k) {
  return fmt::format("{} kernel regression on the same {} training rows (ridge {}, targets {}): test accuracy {} on {} "
                     "test rows, test MSE {}; training Gram lambda_min {} in [{}, {}] ({:.1f} s)",
                     k.kernel, k.n, format_number(k.ridge), k.targets, format_number(k.test_accuracy), k.test_rows,
                     format_number(k.test_mse), k.gram_verdict.empty() ? "not certified" : k.gram_verdict,
                     format_number(k.lambda_min.lower), format_number(k.lambda_min.upper), k.seconds);
}

std::string kernel_reference_text(const StudyKernelReference& k) {
  if (std::isnan(k.test_accuracy))
    return fmt::format("{} kernel regression: no prediction ({})", k.kernel, k.reason.empty() ? "targets are not classes" : k.reason);
  const std::string gd = k.gd_steps == 0 ? std::string()
                                         : fmt::format("; gradient descent with the kernel from f = 0, {} steps of size {} "
                                                       "(the infinite-width net trained as long): test accuracy {}, test MSE {}",
                                                       k.gd_steps, format_number(k.gd_step_size),
                                                       format_number(k.gd_test_accuracy), format_number(k.gd_test_mse));
  return kernel_reference_exact_text(k) + gd;
}

// "Measured: the gap ntk − net ranges from 0.058 (model.widths.1 = 64) to 0.497 (... = 16) over 5 points."
std::string gap_range_text(const StudyResult& s, const StudyKernelReference& k) {
  const StudyPointResult* low = nullptr;
  const StudyPointResult* high = nullptr;
  std::size_t count = 0;
  for (const auto& p : s.points) {
    const double g = kernel_gap(k, p);
    if (std::isnan(g)) continue;
    ++count;
    if (low == nullptr || g < kernel_gap(k, *low)) low = &p;
    if (high == nullptr || g > kernel_gap(k, *high)) high = &p;
  }
  if (count == 0) return fmt::format("Measured: no point has a test accuracy to compare with the {} kernel.", k.kernel);
  const auto at = [&](const StudyPointResult& p) {
    std::string where;
    for (std::size_t a = 0; a < s.keys.size(); ++a) where += fmt::format("{}{} = {}", a ? ", " : "", s.keys[a], p.values[a]);
    return where;
  };
  return fmt::format("Measured: the gap {} − net (test accuracy; positive: the kernel is better) ranges from {} ({}) to {} ({}) over {} point(s).",
                     k.kernel, format_number(kernel_gap(k, *low)), at(*low), format_number(kernel_gap(k, *high)), at(*high), count);
}

// The reference kernels and, per point, the trained net's accuracies beside each kernel's gap.
std::string kernel_reference_html(const StudyResult& s) {
  if (s.kernel_references.empty()) return "";
  std::string out = "<h2>Kernel reference</h2>\n<ul>";
  for (const auto& k : s.kernel_references) out += "<li>" + html_escape(kernel_reference_text(k)) + "</li>";
  for (const auto& k : s.kernel_references) out += "<li>" + html_escape(gap_range_text(s, k)) + "</li>";
  out += "</ul>\n<table style=\"margin-bottom:1.5em\"><tr><th>point</th>";
  for (const auto& key : s.keys) out += "<th>" + html_escape(key) + "</th>";
  out += "<th>train accuracy</th><th>test accuracy</th>";
  for (const auto& k : s.kernel_references) {
    out += "<th>gap: " + html_escape(k.kernel) + " &minus; net (test)</th>";
    if (k.gd_steps > 0) out += fmt::format("<th>gap: {} after {} GD steps &minus; net (test)</th>", html_escape(k.kernel), k.gd_steps);
  }
  out += "</tr>\n";
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const auto& p = s.points[i];
    out += fmt::format("<tr><td>{}</td>", i);
    for (const auto& v : p.values) out += "<td>" + html_escape(v) + "</td>";
    out += "<td>" + html_escape(format_number(p.train_accuracy)) + "</td><td>" + html_escape(format_number(p.test_accuracy)) + "</td>";
    for (const auto& k : s.kernel_references) {
      out += "<td>" + html_escape(format_number(kernel_gap(k, p))) + "</td>";
      if (k.gd_steps > 0) out += "<td>" + html_escape(format_number(k.gd_test_accuracy - p.test_accuracy)) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string kernel_reference_markdown(const StudyResult& s) {
  if (s.kernel_references.empty()) return "";
  std::string out = "## Kernel reference\n\n";
  for (const auto& k : s.kernel_references) out += "- " + kernel_reference_text(k) + "\n";
  for (const auto& k : s.kernel_references) out += "- " + gap_range_text(s, k) + "\n";
  out += "\n| point |";
  for (const auto& key : s.keys) out += " " + key + " |";
  out += " train accuracy | test accuracy |";
  std::size_t gap_columns = 0;
  for (const auto& k : s.kernel_references) {
    out += " gap: " + k.kernel + " − net (test) |";
    if (k.gd_steps > 0) out += fmt::format(" gap: {} after {} GD steps − net (test) |", k.kernel, k.gd_steps);
    gap_columns += k.gd_steps > 0 ? 2 : 1;
  }
  out += "\n|---|";
  for (std::size_t i = 0; i < s.keys.size() + 2 + gap_columns; ++i) out += "---|";
  out += "\n";
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const auto& p = s.points[i];
    out += fmt::format("| {} |", i);
    for (const auto& v : p.values) out += " `" + v + "` |";
    out += " " + format_number(p.train_accuracy) + " | " + format_number(p.test_accuracy) + " |";
    for (const auto& k : s.kernel_references) {
      out += " " + format_number(kernel_gap(k, p)) + " |";
      if (k.gd_steps > 0) out += " " + format_number(k.gd_test_accuracy - p.test_accuracy) + " |";
    }
    out += "\n";
  }
  return out + "\n";
}

// One figure per hypothesis: its enclosure at each point against the first axis' value, one series per
// value of the second axis (or per verdict for a single axis). A finding's constants named "log10(...)"
// (a condition's margin in orders of magnitude, e.g. local_pl's start condition) get a figure each too,
// on a linear axis since they are logarithms already.
bool orders_constant(const std::string& name) { return name.rfind("log10(", 0) == 0; }

std::string figures(const StudyResult& s) {
  const FirstAxis x_axis = first_axis(s);
  const bool log_x = s.log_x && !x_axis.categorical;
  std::vector<std::pair<std::string, std::string>> hypotheses;  // (hypothesis, "" or the constant drawn)
  const auto add = [&](const std::string& h, const std::string& constant) {
    if (std::find(hypotheses.begin(), hypotheses.end(), std::pair(h, constant)) == hypotheses.end()) hypotheses.emplace_back(h, constant);
  };
  for (const auto& p : s.points)
    for (const auto& f : p.findings) {
      add(f.hypothesis_id, "");
      for (const auto& [name, e] : f.constants)
        if (orders_constant(name)) add(f.hypothesis_id, name);
    }
  static const char* const palette[] = {"#0969da", "#bc4c00", "#1a7f37", "#8250df", "#cf222e", "#6e7781"};
  std::string html;
  for (const auto& [h, constant] : hypotheses) {
    std::map<std::string, PlotSeries> series;  // by label, in first-seen order below
    std::vector<std::string> order;
    std::string quantity;
    double smallest_positive = INFINITY, largest = 0;
    std::size_t not_positive = 0;
    for (std::size_t pi = 0; pi < s.points.size(); ++pi) {
      const auto& p = s.points[pi];
      for (const auto& f : p.findings) {
        if (f.hypothesis_id != h || (!constant.empty() && !f.constants.count(constant))) continue;
        const linalg::Enclosure& e = constant.empty() ? f.enclosure : f.constants.at(constant);
        quantity = constant.empty() ? f.quantity : constant;
        const std::string label = s.keys.size() > 1 ? s.keys[1] + " = " + p.values[1] : std::string(to_string(f.verdict));
        if (!series.count(label)) {
          order.push_back(label);
          PlotSeries ps;
          ps.name = label;
          ps.points = true;
          ps.color = s.keys.size() > 1 ? palette[(order.size() - 1) % 6] : verdict_color(label);
          series[label] = ps;
        }
        PlotSeries& ps = series[label];
        ps.x.push_back(x_axis.x[pi]);
        ps.y.push_back(e.upper);
        ps.y_low.push_back(e.lower);
        if (e.upper > 0) {
          smallest_positive = std::min(smallest_positive, e.upper);
          largest = std::max(largest, e.upper);
        } else {
          ++not_positive;
        }
      }
    }
    // A hypothesis whose enclosure is the same at every point (a structural check) has nothing to plot.
    bool varies = false;
    double first_lo = NAN, first_up = NAN;
    for (const auto& label : order)
      for (std::size_t i = 0; i < series[label].y.size(); ++i) {
        const double lo = series[label].y_low[i], up = series[label].y[i];
        if (std::isnan(first_lo)) first_lo = lo, first_up = up;
        varies = varies || lo != first_lo || up != first_up;
      }
    if (!varies) continue;
    // The axis names the quantity, not one point's block size: "sigma_min(J_S), S = output (64 ...)".
    const std::string axis = quantity.substr(0, quantity.find(", "));
    std::vector<PlotSeries> list;
    for (const auto& label : order) list.push_back(series[label]);
    // A log scale when the positive values span two decades or more; points at or below 0 then drop out
    // of the figure (the caption counts them, the table lists them).
    const bool log_y = constant.empty() && largest > 0 && largest >= 100 * smallest_positive;
    std::string caption = "Each bar is the enclosure of " + axis + " at one point";
    if (!constant.empty()) caption += " (orders of magnitude: above 0 the condition holds with that many to spare, below 0 it fails by that many)";
    if (log_y) caption += " (log scale; a bar's lower end at or below 0 is not drawn)";
    if (log_y && not_positive > 0) caption += fmt::format("; {} point(s) with an upper end at or below 0 are not drawn", not_positive);
    html += "<figure>" + svg_plot(constant.empty() ? h : h + ": margin in orders of magnitude", x_axis.label, axis.empty() ? "enclosure" : axis + " (enclosure)", list, log_y, log_x) +
            "<figcaption>" + html_escape(caption) + ". The table below gives every point's verdict.</figcaption></figure>\n";
  }
  // Where training ran with classification targets: accuracy against the first key.
  std::map<std::string, PlotSeries> accuracy;
  std::vector<std::string> acc_order;
  for (std::size_t pi = 0; pi < s.points.size(); ++pi)
    for (const auto& [name, value] : {std::pair<const char*, double>{"train", s.points[pi].train_accuracy},
                                      {"test", s.points[pi].test_accuracy}}) {
      const auto& p = s.points[pi];
      if (std::isnan(value)) continue;
      const std::string label = std::string(name) + (s.keys.size() > 1 ? ", " + s.keys[1] + " = " + p.values[1] : "");
      if (!accuracy.count(label)) {
        acc_order.push_back(label);
        PlotSeries ps;
        ps.name = label;
        ps.points = true;
        ps.color = palette[(acc_order.size() - 1) % 6];
        accuracy[label] = ps;
      }
      accuracy[label].x.push_back(x_axis.x[pi]);
      accuracy[label].y.push_back(value);
    }
  if (!acc_order.empty()) {
    std::vector<PlotSeries> list;
    for (const auto& label : acc_order) list.push_back(accuracy[label]);
    const std::vector<PlotSeries> references = kernel_reference_lines(s, x_axis.x);
    list.insert(list.end(), references.begin(), references.end());
    html += "<figure>" + svg_plot("accuracy of the trained network", x_axis.label, "accuracy", list, false, log_x) +
            "<figcaption>Train and test accuracy at the last recorded step of each point's run (an observation "
            "about the data, not a consequence of the theorem)" +
            (references.empty() ? std::string()
                                : "; dashed: the test accuracy of the infinite-width kernel on the same train/test split, "
                                  "one value for every point (exact kernel regression, and where drawn gradient descent "
                                  "with the kernel for the same steps as the nets)") +
            ".</figcaption></figure>\n";
  }
  return html;
}

std::string summary_line(const StudyResult& s) {
  std::map<std::string, int> count;
  for (const auto& p : s.points) ++count[p.verdict];
  std::string out;
  for (const auto& [v, n] : count) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, v);
  return fmt::format("{} points: {}", s.points.size(), out);
}

std::string html(const StudyResult& s) {
  std::string keys;
  for (const auto& k : s.keys) keys += (keys.empty() ? "" : " and ") + k;
  std::string out = "<!doctype html><html><head><meta charset=\"utf-8\"><title>nncert study: " + html_escape(s.theorem) +
                    "</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse}"
                    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}</style></head><body>\n";
  out += "<h1>Study: " + html_escape(s.theorem) + " across " + html_escape(keys) + "</h1>\n";
  out += "<p><b>" + html_escape(summary_line(s)) + "</b>. Problem: <code>" + html_escape(s.problem) +
         "</code>. Every point is the problem file with the swept keys replaced; " +
         (s.verify ? std::string("its verdicts are those of <code>nncert verify</code>") +
                         (s.train ? " and <code>nncert prove</code> (its certificate is listed)" : "") + " on that file."
                   : std::string("it is trained as <code>nncert train</code> trains that file, and no hypothesis of the "
                                 "theorem is verified there ([study] verify = false).")) +
         "</p>\n";
  if (!s.claim.empty())
    out += "<p><b>The paper's claim</b> (as the study states it; nncert does not check this sentence): " +
           html_escape(s.claim) + "</p>\n";
  out += figures(s);
  out += pruning_study_html(s);
  out += kernel_reference_html(s);
  out += "<table><tr><th>point</th>";
  for (const auto& k : s.keys) out += "<th>" + html_escape(k) + "</th>";
  out += "<th>verdict</th>";
  if (s.train && s.verify) out += "<th>strength</th><th>confirmation</th><th>certificate</th>";
  out += "<th>seconds</th><th>findings</th></tr>\n";
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const auto& p = s.points[i];
    out += fmt::format("<tr><td>{}</td>", i);
    for (const auto& v : p.values) out += "<td>" + html_escape(v) + "</td>";
    out += fmt::format("<td style=\"color:{}\">{}</td>", verdict_color(p.verdict), p.verdict);
    if (s.train && s.verify)
      out += "<td>" + html_escape(p.strength) + "</td><td>" + html_escape(p.confirmation) + "</td><td>" +
             (p.certificate.empty() ? "" : "<a href=\"" + html_escape(p.certificate) + "\">" + html_escape(p.certificate) + "</a>") + "</td>";
    out += fmt::format("<td>{:.2f}</td><td>", p.seconds);
    if (!p.error.empty()) out += html_escape(p.error);
    for (const auto& f : p.findings)
      out += fmt::format("{}: <span style=\"color:{}\">{}</span> [{}, {}]<br>", html_escape(f.hypothesis_id), verdict_color(std::string(to_string(f.verdict))),
                         to_string(f.verdict), html_escape(format_number(f.enclosure.lower)), html_escape(format_number(f.enclosure.upper)));
    out += "</td></tr>\n";
  }
  return out + "</table></body></html>\n";
}

std::string markdown(const StudyResult& s) {
  std::string out = "# Study: " + s.theorem + "\n\n**" + summary_line(s) + "** (problem `" + s.problem +
                    "`; figures in report.html)\n\n";
  if (!s.claim.empty()) out += "**The paper's claim** (as the study states it; not checked by nncert): " + s.claim + "\n\n";
  out += kernel_reference_markdown(s);
  out += "| point |";
  for (const auto& k : s.keys) out += " " + k + " |";
  out += " verdict |" + std::string(s.train ? " strength | confirmation | train / test accuracy |" : "") + " findings |\n|---|";
  for (std::size_t i = 0; i < s.keys.size(); ++i) out += "---|";
  out += std::string(s.train ? "---|---|---|" : "") + "---|---|\n";
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    const auto& p = s.points[i];
    out += fmt::format("| {} |", i);
    for (const auto& v : p.values) out += " `" + v + "` |";
    out += " " + p.verdict + " |";
    if (s.train)
      out += " " + p.strength + " | " + p.confirmation + " | " + format_number(p.train_accuracy) + " / " +
             format_number(p.test_accuracy) + " |";
    std::string findings = p.error;
    for (const auto& f : p.findings)
      findings += fmt::format("{}{}: {} [{}, {}]", findings.empty() ? "" : "; ", f.hypothesis_id, to_string(f.verdict),
                              format_number(f.enclosure.lower), format_number(f.enclosure.upper));
    out += " " + findings + " |\n";
  }
  return out + pruning_study_markdown(s);
}

}  // namespace

nlohmann::json study_json(const StudyResult& s) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : s.points) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : p.findings) findings.push_back(to_json(f));
    nlohmann::json j = {{"values", p.values}, {"verdict", p.verdict}, {"findings", findings}, {"seconds", p.seconds}};
    if (!p.error.empty()) j["error"] = p.error;
    if (s.train) {
      const auto or_null = [](double a) { return std::isnan(a) ? nlohmann::json() : nlohmann::json(a); };
      j["prove"] = {{"strength", p.strength}, {"confirmation", p.confirmation}, {"certificate", p.certificate},
                    {"train_accuracy", or_null(p.train_accuracy)}, {"test_accuracy", or_null(p.test_accuracy)}};
      if (!p.pruning.empty()) j["prove"]["pruning"] = pruning_json(p);
      for (const auto& k : s.kernel_references) j["kernel_gap"][k.kernel] = or_null(kernel_gap(k, p));
    }
    points.push_back(j);
  }
  nlohmann::json out = {{"theorem", s.theorem}, {"problem", s.problem}, {"keys", s.keys}, {"train", s.train}, {"claim", s.claim},
                        {"points", points}, {"summary", summary_line(s)}};
  if (!s.verify) out["verify"] = false;
  if (!s.kernel_references.empty()) {
    const auto or_null = [](double a) { return std::isnan(a) ? nlohmann::json() : nlohmann::json(a); };
    nlohmann::json refs = nlohmann::json::array();
    for (const auto& k : s.kernel_references) {
      nlohmann::json r = {{"kernel", k.kernel}, {"n", k.n}, {"test_rows", k.test_rows}, {"ridge", k.ridge}, {"targets", k.targets},
                          {"test_accuracy", or_null(k.test_accuracy)}, {"test_mse", or_null(k.test_mse)},
                          {"gram_verdict", k.gram_verdict}, {"lambda_min", to_json(k.lambda_min)}, {"seconds", k.seconds}};
      if (!k.reason.empty()) r["reason"] = k.reason;
      if (k.gd_steps > 0)
        r["gd"] = {{"steps", k.gd_steps}, {"step_size", k.gd_step_size}, {"test_accuracy", or_null(k.gd_test_accuracy)},
                   {"test_mse", or_null(k.gd_test_mse)}};
      refs.push_back(r);
    }
    out["kernel_references"] = refs;
  }
  return out;
}

void write_study(const StudyResult& s, const std::filesystem::path& dir) {
  write_text(dir / "study.csv", csv(s));
  write_text(dir / "study.json", study_json(s).dump(2) + "\n");
  write_text(dir / "report.html", html(s));
  write_text(dir / "report.md", markdown(s));
  if (!s.kernel_references.empty()) write_text(dir / "kernel_reference.csv", kernel_reference_csv(s));
}

}  // namespace nncert::cert
