#include "nncert/cert/report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "html_escape.hpp"
#include "pruning_report.hpp"
#include "nncert/data/atomic_file.hpp"
#include "nncert/theory/shortfall.hpp"

namespace nncert::cert {
namespace {

using nlohmann::json;

// j[key] for a const object, or null when absent (a certificate edited by hand must not crash us).
const json& field(const json& j, const char* key) {
  static const json null;
  return j.is_object() && j.contains(key) ? j[key] : null;
}

std::string str(const json& j, const char* key, const std::string& fallback = "") {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

double num(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number()) return std::numeric_limits<double>::quiet_NaN();
  return j[key].get<double>();
}

double bound(const json& e, const char* key, double if_null) {
  if (!e.is_object() || !e.contains(key)) return std::numeric_limits<double>::quiet_NaN();
  return e[key].is_number() ? e[key].get<double>() : if_null;
}

std::string enclosure_text(const json& e) {
  if (!e.is_object()) return "—";
  return fmt::format("[{}, {}]{}", format_number(bound(e, "lower", -HUGE_VAL)), format_number(bound(e, "upper", HUGE_VAL)),
                     e.value("certified", false) ? "" : " (estimate)");
}

// Envelope of the prediction for display: L0^up·rate^up^t or L0^up·exp(−rate^lo·t).
double display_envelope(const json& p, double t) {
  const double l0 = bound(field(p, "initial_loss"), "upper", HUGE_VAL);
  if (str(p, "kind") == "linear-rate") return l0 * std::pow(bound(field(p, "rate"), "upper", HUGE_VAL), t);
  if (str(p, "kind") == "exponential-decay") return l0 * std::exp(-bound(field(p, "rate"), "lower", 0) * t);
  return std::numeric_limits<double>::quiet_NaN();
}

// For a verdict that is not "certified": each non-certified hypothesis, why, and what would change it
// (the verifier's `what would change the verdict` detail, computed from this problem's numbers).
std::vector<std::string> verdict_changes(const json& c) {
  std::vector<std::string> lines;
  if (str(c, "verdict") == "certified") return lines;
  for (const auto& h : c["hypotheses"]) {
    if (str(h, "verdict") == "certified") continue;
    const json& d = h.contains("details") && h["details"].is_object() ? h["details"] : json::object();
    const auto change = d.find(theory::kWhatWouldChange);
    lines.push_back(fmt::format("`{}` is {}: {}{}", str(h, "id"), str(h, "verdict"), str(h, "reason"),
                                change != d.end() && change->is_string() ? " **Would change it:** " + change->get<std::string>() + "."
                                                                         : " (no change computed for this verifier)"));
  }
  return lines;
}

struct Guarantee {
  std::vector<std::string> lines;
};

// Plain words on how strong the guarantee is (issue 6 item 5).
Guarantee guarantee(const json& c) {
  Guarantee g;
  g.lines.push_back(fmt::format("Strength: **{}**. {}.", str(c["strength"], "grade"), str(c["strength"], "reason")));
  const json& p = c["prediction"];
  const std::string verdict = str(c, "verdict");
  if (verdict != "certified")
    g.lines.push_back(fmt::format("The hypotheses are **{}**: the theorem promises nothing for this run; the trajectory is reported without a claim.", verdict));
  if (!p.value("applicable", false)) {
    g.lines.push_back(fmt::format("No prediction is made: {}.", str(p, "reason", "not applicable")));
  } else if (str(p, "kind") == "global-minimum") {
    g.lines.push_back(fmt::format("The theorem gives no rate: it says every limit point of training is a global minimum. The run is checked against the target final loss <= {}·L_0, a numerical observation.", format_number(num(p, "target"))));
  } else {
    const double h = field(p, "horizon_1e3").is_number() ? field(p, "horizon_1e3").get<double>() : HUGE_VAL;
    g.lines.push_back(fmt::format("Certified rate {} ; the envelope reaches 10^-3·L_0 after at most **{}** {}.",
                                  enclosure_text(field(p, "rate")), format_number(h),
                                  str(p, "kind") == "linear-rate" ? "steps" : "units of flow time"));
    if (p.value("vacuous", false))
      g.lines.push_back("**Certified but vacuous**: more than 10^9 steps to reach 10^-3·L_0. The statement is true and useless as a forecast.");
  }
  for (const auto& h : c["hypotheses"]) {
    const json& d = h.contains("details") ? h["details"] : json::object();
    if (d.is_object() && d.contains("condition_number_upper") && d["condition_number_upper"].is_string())
      g.lines.push_back(fmt::format("Hypothesis `{}`: condition number <= {} (the constant's relative size; a large value means a slow rate or a fragile proof).",
                                    str(h, "id"), d["condition_number_upper"].get<std::string>()));
  }
  g.lines.push_back("L_0 is the recorded initial loss of the compared phase enclosed with a relative margin γ_{nk+4} (summation rounding); rounding inside the network's forward pass is not part of the comparison, which is between recorded losses and a rigorous envelope.");
  return g;
}

std::vector<double> finite_or_nan(const TrajectoryTable& t, const std::string& name) {
  if (!t.has(name)) return {};
  return t.column(name);
}

bool any_finite(const std::vector<double>& v) {
  return std::any_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

std::vector<std::pair<std::string, std::string>> plots(const json& c, const TrajectoryTable& t, std::vector<std::string>& missing) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::vector<double> steps = t.column("step"), loss = t.column("loss");
  const json& p = c["prediction"];
  const bool flow = str(p, "kind") == "exponential-decay";
  // Loss against the envelope, on the compared phase's clock.
  theory::ConclusionSpec spec;
  spec.kind = str(p, "kind");
  spec.phase = p.value("phase", 0);
  const ComparedSeries s = compared_series(t, spec);
  std::vector<PlotSeries> loss_series{{"loss L_t", steps, loss, "#1f77b4"}};
  if (p.value("applicable", false) && spec.kind != "global-minimum") {
    std::vector<double> env;
    for (double x : s.steps) env.push_back(display_envelope(p, x));
    loss_series.push_back({"certified envelope", s.absolute_steps, env, "#d62728", true});
  } else {
    missing.push_back("no envelope: the prediction is not applicable or the theorem gives no rate");
  }
  (void)flow;
  out.push_back({"Loss and the predicted envelope", svg_plot("Loss (log scale)", "step", "L", loss_series, true)});
  const auto pl = finite_or_nan(t, "pl_ratio");
  if (any_finite(pl))
    out.push_back({"PL ratio", svg_plot("PL ratio ||grad L||^2 / L", "step", "ratio", {{"||grad L||^2 / L", steps, pl, "#2ca02c"}}, true)});
  std::vector<PlotSeries> spectrum;
  const auto lmin = finite_or_nan(t, "lambda_min_gram_estimate"), lmax = finite_or_nan(t, "lambda_max_gram_estimate"),
             lcert = finite_or_nan(t, "lambda_min_certified_lower");
  if (any_finite(lmin)) spectrum.push_back({"lambda_min estimate", steps, lmin, "#9467bd"});
  if (any_finite(lcert)) spectrum.push_back({"lambda_min certified lower", steps, lcert, "#d62728", false, true});
  if (any_finite(lmax)) spectrum.push_back({"lambda_max estimate", steps, lmax, "#8c564b", true});
  if (!spectrum.empty())
    out.push_back({"Spectrum of the Gram J_S J_S^T", svg_plot("Gram spectrum ends (log scale)", "step", "eigenvalue", spectrum, true)});
  else
    missing.push_back("no Gram spectrum was recorded (gram_every = 0)");
  if (!any_finite(lcert)) missing.push_back("no certified lambda_min along the path (set [train] certify_every to record it)");
  const auto nmax = finite_or_nan(t, "node_movement_max"), nmean = finite_or_nan(t, "node_movement_mean");
  if (any_finite(nmax))
    out.push_back({"Node movement", svg_plot("Node movement ||w_j - w_j(0)||", "step", "movement",
                                             {{"max_j", steps, nmax, "#ff7f0e"}, {"mean_j", steps, nmean, "#17becf", true}}, true)});
  const json& summary = c["trajectory"]["summary"];
  if (summary.contains("node_movement") && summary.contains("node_scale")) {
    const auto mv = summary["node_movement"].get<std::vector<double>>();
    const auto sc = summary["node_scale"].get<std::vector<double>>();
    out.push_back({"Node movement against node scale",
                   svg_plot("Final movement per node against its scale lambda_j", "lambda_j", "||w_j(T) - w_j(0)||",
                            {{"node j", sc, mv, "#ff7f0e", false, true}}, true, true)});
  } else if (str(c["model"], "kind") == "scaled-shallow") {
    missing.push_back("the trainer recorded no per-node movement for this run");
  }
  const auto train_acc = finite_or_nan(t, "train_accuracy"), test_acc = finite_or_nan(t, "test_accuracy");
  std::vector<PlotSeries> accuracy;
  if (any_finite(train_acc)) accuracy.push_back({"train accuracy", steps, train_acc, "#1f77b4"});
  if (any_finite(test_acc)) accuracy.push_back({"test accuracy", steps, test_acc, "#d62728", true});
  if (!accuracy.empty())
    out.push_back({"Accuracy (observed, not a claim)", svg_plot("Classification accuracy", "step", "accuracy", accuracy, false)});
  if (auto pruned = pruning_run_figure(summary)) out.push_back(std::move(*pruned));
  return out;
}

// One sentence on the generalisation observed at the last recorded row (trajectory.summary.evaluation,
// informational), or "" when the run had neither classification targets nor test rows.
std::string generalisation_text(const json& summary) {
  if (!summary.contains("evaluation") || !summary["evaluation"].is_object()) return "";
  const json& e = summary["evaluation"];
  const auto percent = [&](const char* key) {
    const json& v = field(e, key);
    return v.is_number() ? fmt::format("{:.2f}%", 100.0 * v.get<double>()) : std::string("—");
  };
  std::vector<std::string> parts;
  if (field(e, "train_accuracy").is_number()) parts.push_back("train accuracy " + percent("train_accuracy"));
  const std::int64_t m = field(e, "test_rows").is_number_integer() ? field(e, "test_rows").get<std::int64_t>() : 0;
  if (m > 0) {
    parts.push_back(fmt::format("test loss {} on {} held-out rows", format_number(num(e, "test_loss")), m));
    if (field(e, "test_accuracy").is_number()) parts.push_back("test accuracy " + percent("test_accuracy"));
  }
  if (parts.empty()) return "";
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
  return "final " + text + " (observed, informational: not a claim and not checked)";
}

// The informational fields (certificate_schema.hpp): shown apart from the results, never as claims.
const char* kProvenanceNote =
    "How and where this certificate was produced. These fields are informational: `nncert check` does not check them and they are not part of any claim.";

std::vector<std::pair<std::string, std::string>> provenance(const json& c) {
  std::vector<std::pair<std::string, std::string>> out{{"created", str(c, "created")}, {"problem file", str(c["problem"], "path")}};
  for (const auto& [k, v] : c["environment"].items()) out.emplace_back("environment." + k, v.is_string() ? v.get<std::string>() : v.dump());
  out.emplace_back("trainer threads", field(c["trajectory"]["summary"], "threads").dump());
  return out;
}

// A Markdown table cell: '|' would end the cell.
std::string cell(const std::string& s) {
  std::string out;
  for (char ch : s) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
  return out;
}

std::string markdown(const json& c, const std::vector<std::string>& missing) {
  std::string md;
  const json& th = c["theorem"];
  md += fmt::format("# nncert report: {}\n\n**{}**  \n{}\n\n", str(th, "id"), str(th, "title"), str(th, "paper"));
  md += fmt::format("| | |\n|---|---|\n| strength | **{}**: {} |\n| hypotheses | **{}** |\n| prediction | {} |\n| confirmation | **{}** |\n| exit code | {} |\n\n",
                    str(c["strength"], "grade"), cell(str(c["strength"], "reason")),
                    str(c, "verdict"), prediction_word(c["prediction"]), str(c["confirmation"], "verdict"), c.value("exit_code", -1));
  md += "## How strong is this guarantee\n\n";
  for (const auto& line : guarantee(c).lines) md += "- " + line + "\n";
  md += "\n## Hypotheses\n\n| id | verifier | verdict | quantity | enclosure | margin | method | bits |\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& h : c["hypotheses"])
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", cell(str(h, "id")), cell(str(h, "verifier")), str(h, "verdict"),
                      cell(str(h, "quantity")), enclosure_text(field(h, "enclosure")), format_number(num(h, "margin")), cell(str(h, "method")),
                      h.value("precision_bits", 0));
  md += "\n";
  for (const auto& h : c["hypotheses"]) {
    md += fmt::format("### {}\n\n{}\n\n", str(h, "id"), str(h, "statement"));
    if (!str(h, "reason").empty()) md += fmt::format("- reason: {}\n", str(h, "reason"));
    if (h.contains("details") && h["details"].is_object())
      for (const auto& [k, v] : h["details"].items()) md += fmt::format("- {}: {}\n", k, v.is_string() ? v.get<std::string>() : v.dump());
    if (h.contains("constants"))
      for (const auto& [k, v] : h["constants"].items()) md += fmt::format("- constant {} ∈ {}\n", k, enclosure_text(v));
    md += "\n";
  }
  const json& p = c["prediction"];
  md += fmt::format("## Prediction\n\n`{}`\n\n{}\n\n", str(p, "formula"), str(p, "statement"));
  if (!p.value("applicable", false)) md += fmt::format("Not applicable: {}\n\n", str(p, "reason"));
  md += "| constant | enclosure |\n|---|---|\n";
  for (const auto& [k, v] : p["constants"].items()) md += fmt::format("| {} | {} |\n", k, enclosure_text(v));
  for (const auto& [k, v] : p["run_quantities"].items()) md += fmt::format("| {} (run) | {} |\n", k, enclosure_text(v));
  md += fmt::format("\nCompared phase: {} (0 = the whole run).\n\n", p.value("phase", 0));
  const json& cf = c["confirmation"];
  md += fmt::format("## Confirmation\n\n**{}** — {}\n\n- worst observed/predicted: {}\n- first violation: {}\n- points compared: {}\n\n",
                    str(cf, "verdict"), str(cf, "reason"), format_number(num(cf, "worst_ratio")),
                    field(cf, "first_violation_step").is_number() ? format_number(field(cf, "first_violation_step").get<double>()) : "none",
                    cf.value("points_compared", 0));
  const json& s = c["trajectory"]["summary"];
  md += fmt::format("## Trajectory\n\n- file: `{}` (sha256 {})\n- algorithm: {}, block: {}, steps: {}, rows: {}\n- step size: {} ({})\n",
                    str(c["trajectory"], "file"), str(c["trajectory"], "sha256"), str(s, "algorithm"), str(s, "block"),
                    s.value("steps", 0), s.value("rows", 0), format_number(num(s, "step_size")), str(s, "step_size_rule"));
  if (std::isfinite(num(s, "phase2_step_size")))
    md += fmt::format("- phase 2 step size: {} ({}), tau = {}\n", format_number(num(s, "phase2_step_size")), str(s, "phase2_step_size_rule"), s.value("tau", 0));
  md += fmt::format("- loss: {} -> {} (run ended: {})\n", format_number(num(s, "initial_loss")), format_number(num(s, "final_loss")), str(s, "outcome"));
  if (const std::string g = generalisation_text(s); !g.empty()) md += "- " + g + "\n";
  if (s.contains("notes"))
    for (const auto& n : s["notes"]) md += "- note: " + n.get<std::string>() + "\n";
  for (const auto& m : missing) md += "- not shown: " + m + "\n";
  md += "\n" + pruning_run_markdown(s);
  md += "## Data and model\n\n";
  md += fmt::format("- data: {} (n = {}, d = {}, k = {}), sha256 X {}, Y {}\n", str(c["data"], "source"), c["data"].value("n", 0),
                    c["data"].value("d", 0), c["data"].value("k", 0), str(c["data"], "sha256_x"), str(c["data"], "sha256_y"));
  md += fmt::format("- model: {} {} seed {}, sha256 θ0 {}\n", str(c["model"], "kind"), field(c["model"], "shape").dump(),
                    field(c["model"], "seed").dump(), str(c["model"], "sha256_theta0"));
  md += fmt::format("- problem text: sha256 {}\n\n## Provenance (informational)\n\n{}\n\n", str(c["problem"], "sha256"), kProvenanceNote);
  for (const auto& [k, v] : provenance(c)) md += fmt::format("- {}: {}\n", k, v);
  if (const auto changes = verdict_changes(c); !changes.empty()) {
    md += "\n## What would change the verdict\n\n";
    for (const auto& line : changes) md += "- " + line + "\n";
  }
  return md;
}

const char* kCss = R"(body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}
th{background:#f3f3f3}.grade-meaningful{color:#0a7a0a;font-weight:bold}.grade-weak{color:#a60;font-weight:bold}.grade-vacuous,.grade-none{color:#b00;font-weight:bold}.certified,.confirmed{color:#0a7a0a;font-weight:bold}.refuted,.violated{color:#b00;font-weight:bold}
.inconclusive,.not{color:#a60;font-weight:bold}.box{background:#f7f7fb;border-left:4px solid #557;padding:.5em 1em}
code{background:#f0f0f0;padding:0 .2em}svg{background:#fff;border:1px solid #ddd;margin:.5em 0}.small{font-size:.85em;color:#555})";

std::string verdict_span(const std::string& v) { return fmt::format("<span class=\"{}\">{}</span>", html_escape(v.substr(0, v.find(' '))), html_escape(v)); }

// Markdown emphasis used in the guarantee lines, rendered as HTML.
std::string inline_md(const std::string& s) {
  std::string out, e = html_escape(s);
  bool bold = false, code = false;
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e.compare(i, 2, "**") == 0) {
      out += bold ? "</b>" : "<b>";
      bold = !bold;
      ++i;
    } else if (e[i] == '`') {
      out += code ? "</code>" : "<code>";
      code = !code;
    } else {
      out += e[i];
    }
  }
  return out;
}

std::string html(const json& c, const std::vector<std::pair<std::string, std::string>>& figures, const std::vector<std::string>& missing) {
  const json& th = c["theorem"];
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>nncert report: " + html_escape(str(th, "id")) +
                  "</title><style>" + kCss + "</style></head><body>\n";
  h += fmt::format("<h1>nncert report: {}</h1><p><b>{}</b><br>{}</p>\n", html_escape(str(th, "id")), html_escape(str(th, "title")), html_escape(str(th, "paper")));
  h += fmt::format("<table><tr><th>strength</th><td><span class=\"grade-{}\">{}</span>: {}</td></tr><tr><th>hypotheses</th><td>{}</td></tr><tr><th>prediction</th><td>{}</td></tr><tr><th>confirmation</th><td>{}</td></tr><tr><th>exit code</th><td>{}</td></tr></table>\n",
                   html_escape(str(c["strength"], "grade")), html_escape(str(c["strength"], "grade")), html_escape(str(c["strength"], "reason")),
                   verdict_span(str(c, "verdict")), prediction_word(c["prediction"]),
                   verdict_span(str(c["confirmation"], "verdict")), c.value("exit_code", -1));
  h += "<h2>How strong is this guarantee</h2><div class=\"box\"><ul>";
  for (const auto& line : guarantee(c).lines) h += "<li>" + inline_md(line) + "</li>";
  h += "</ul></div>\n<h2>Plots</h2>\n";
  for (const auto& [title, svg] : figures) h += "<h3>" + html_escape(title) + "</h3>\n" + svg + "\n";
  if (!missing.empty()) {
    h += "<p class=\"small\">Not shown: ";
    for (std::size_t i = 0; i < missing.size(); ++i) h += (i ? "; " : "") + html_escape(missing[i]);
    h += ".</p>\n";
  }
  h += "<h2>Hypotheses</h2><table><tr><th>id</th><th>verifier</th><th>verdict</th><th>quantity</th><th>enclosure</th><th>margin</th><th>method</th><th>bits</th></tr>";
  for (const auto& x : c["hypotheses"])
    h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(str(x, "id")),
                     html_escape(str(x, "verifier")), verdict_span(str(x, "verdict")), html_escape(str(x, "quantity")), html_escape(enclosure_text(field(x, "enclosure"))),
                     html_escape(format_number(num(x, "margin"))), html_escape(str(x, "method")), x.value("precision_bits", 0));
  h += "</table>\n";
  for (const auto& x : c["hypotheses"]) {
    h += fmt::format("<h3>{}</h3><p>{}</p><ul>", html_escape(str(x, "id")), html_escape(str(x, "statement")));
    if (!str(x, "reason").empty()) h += "<li>reason: " + html_escape(str(x, "reason")) + "</li>";
    if (x.contains("details") && x["details"].is_object())
      for (const auto& [k, v] : x["details"].items()) h += "<li>" + html_escape(k) + ": " + html_escape(v.is_string() ? v.get<std::string>() : v.dump()) + "</li>";
    if (x.contains("constants"))
      for (const auto& [k, v] : x["constants"].items()) h += "<li>constant " + html_escape(k) + " ∈ " + html_escape(enclosure_text(v)) + "</li>";
    h += "</ul>\n";
  }
  const json& p = c["prediction"];
  h += fmt::format("<h2>Prediction</h2><p><code>{}</code></p><p>{}</p>", html_escape(str(p, "formula")), html_escape(str(p, "statement")));
  if (!p.value("applicable", false)) h += "<p><span class=\"not\">Not applicable</span>: " + html_escape(str(p, "reason")) + "</p>";
  h += "<table><tr><th>constant</th><th>enclosure</th></tr>";
  for (const auto& [k, v] : p["constants"].items()) h += "<tr><td>" + html_escape(k) + "</td><td>" + html_escape(enclosure_text(v)) + "</td></tr>";
  for (const auto& [k, v] : p["run_quantities"].items()) h += "<tr><td>" + html_escape(k) + " (run)</td><td>" + html_escape(enclosure_text(v)) + "</td></tr>";
  h += "</table>\n";
  const json& cf = c["confirmation"];
  h += fmt::format("<h2>Confirmation</h2><p>{} — {}</p><ul><li>worst observed/predicted: {}</li><li>first violation: {}</li><li>points compared: {}</li></ul>\n",
                   verdict_span(str(cf, "verdict")), html_escape(str(cf, "reason")), html_escape(format_number(num(cf, "worst_ratio"))),
                   field(cf, "first_violation_step").is_number() ? html_escape(format_number(field(cf, "first_violation_step").get<double>())) : "none",
                   cf.value("points_compared", 0));
  h += "<h2>Trajectory, data, model</h2><table>";
  for (const auto& [k, v] : c["trajectory"]["summary"].items())
    if (k != "node_movement" && k != "node_scale" && k != "notes" && k != "threads" && k != "evaluation")
      h += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(v.is_string() ? v.get<std::string>() : v.dump()) + "</td></tr>";
  for (const char* section : {"data", "model"})
    for (const auto& [k, v] : c[section].items())
      h += "<tr><th>" + std::string(section) + "." + html_escape(k) + "</th><td>" + html_escape(v.is_string() ? v.get<std::string>() : v.dump()) + "</td></tr>";
  h += "<tr><th>trajectory sha256</th><td>" + html_escape(str(c["trajectory"], "sha256")) + "</td></tr></table>\n";
  if (const std::string g = generalisation_text(c["trajectory"]["summary"]); !g.empty()) h += "<p>" + html_escape(g) + "</p>\n";
  if (c["trajectory"]["summary"].contains("notes")) {
    h += "<ul class=\"small\">";
    for (const auto& n : c["trajectory"]["summary"]["notes"]) h += "<li>" + html_escape(n.get<std::string>()) + "</li>";
    h += "</ul>";
  }
  h += "<h2>Problem file</h2><pre>" + html_escape(str(c["problem"], "text")) + "</pre>\n";
  h += "<h2>Provenance (informational)</h2><p class=\"small\">" + inline_md(kProvenanceNote) + "</p><table class=\"small\">";
  for (const auto& [k, v] : provenance(c)) h += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>";
  h += "</table>\n";
  if (const auto changes = verdict_changes(c); !changes.empty()) {
    h += "<h2>What would change the verdict</h2><ul>";
    for (const auto& line : changes) h += "<li>" + inline_md(line) + "</li>";
    h += "</ul>\n";
  }
  h += "</body></html>\n";
  return h;
}

}  // namespace

// A heuristic is neither applicable nor silent.
std::string prediction_word(const json& p) {
  if (p.value("applicable", false)) return "applicable";
  return p.value("heuristic", false) ? "heuristic (decides nothing)" : "not applicable";
}

RenderedReports render_reports(const json& certificate, const TrajectoryTable& trajectory) {
  std::vector<std::string> missing;
  const auto figures = plots(certificate, trajectory, missing);
  return {markdown(certificate, missing), html(certificate, figures, missing)};
}

void write_reports(const std::filesystem::path& dir, const RenderedReports& r) {
  data::write_file_atomically(dir / "report.md", r.markdown);
  data::write_file_atomically(dir / "report.html", r.html);
}

}  // namespace nncert::cert
