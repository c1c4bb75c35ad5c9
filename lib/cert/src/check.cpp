#include "nncert/cert/check.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "nncert/cert/certificate.hpp"
#include "nncert/cert/prediction_binding.hpp"
#include "nncert/cert/independent.hpp"
#include "nncert/cert/independent_predicates.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/cert/trajectory_table.hpp"
#include "nncert/cert/witness.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/sha256.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/prediction.hpp"

namespace nncert::cert {
namespace {

using nlohmann::json;

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput(file.string() + ": cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The first key (depth first) where two JSON values differ, or "" when equal.
std::string first_difference(const json& a, const json& b, const std::string& path) {
  if (a == b) return "";
  if (a.is_object() && b.is_object()) {
    for (const auto& [k, v] : a.items()) {
      if (!b.contains(k)) return path + "." + k + " (not recomputed)";
      if (auto d = first_difference(v, b[k], path + "." + k); !d.empty()) return d;
    }
    for (const auto& [k, v] : b.items())
      if (!a.contains(k)) return path + "." + k + " (missing)";
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (auto d = first_difference(a[i], b[i], fmt::format("{}[{}]", path, i)); !d.empty()) return d;
  }
  return fmt::format("{}: recorded {} but recomputed {}", path, a.dump().substr(0, 120), b.dump().substr(0, 120));
}

// Recorded enclosure ⊇ recomputed (a weaker recorded claim is still implied by the re-run).
bool contains(const json& recorded, const json& recomputed) {
  const linalg::Enclosure r = enclosure_from_json(recorded, "recorded"), c = enclosure_from_json(recomputed, "recomputed");
  return r.lower <= c.lower && c.upper <= r.upper && (!r.certified || c.certified);
}

json comparable_environment(json e) {
  e.erase("threads");
  return e;
}

class Checker {
 public:
  explicit Checker(CheckResult& r) : result_(r) {}
  void item(std::string claim, std::string route, bool passed, std::string detail = "") {
    result_.items.push_back({std::move(claim), std::move(route), passed, false, std::move(detail)});
  }
  void skipped(std::string claim, std::string route, std::string detail) {
    result_.items.push_back({std::move(claim), std::move(route), true, true, std::move(detail)});
  }
  void equal(const std::string& claim, const std::string& route, const json& recorded, const json& recomputed) {
    const std::string d = first_difference(recorded, recomputed, claim);
    item(claim, route, d.empty(), d);
  }

 private:
  CheckResult& result_;
};

theory::LoadedProblem rebuild_problem(const json& c) {
  const std::filesystem::path path = c["problem"]["path"].get<std::string>();
  try {
    data::ProblemFile problem = data::parse_problem_text(c["problem"]["text"].get<std::string>(), path);
    data::Dataset dataset = data::load_dataset(problem);
    models::ModelConfig model = models::parse_model_config(data::require_section(problem, "model"), dataset.d(), dataset.k(), path.string());
    toml::table verify_options;
    if (const toml::table* v = data::optional_section(problem, "verify")) verify_options = *v;
    return {std::move(problem), std::move(dataset), std::move(model), std::move(verify_options)};
  } catch (const InvalidInput& e) {
    throw InvalidInput(fmt::format("cannot rebuild the data of the certificate (relative data paths resolve against the recorded problem location {}): {}",
                                   path.parent_path().string(), e.what()));
  }
}

}  // namespace

bool CheckResult::valid() const { return first_failure() == nullptr; }

const CheckItem* CheckResult::first_failure() const {
  for (const auto& i : items)
    if (!i.passed) return &i;
  return nullptr;
}

CheckResult check_certificate(const std::filesystem::path& file) {
  CheckResult result;
  Checker check(result);
  const json c = read_certificate(file);
  check.item("schema", "schema", true, kCertificateSchema);

  // Inputs, bound by hash.
  const std::string text = c["problem"]["text"].get<std::string>();
  check.item("problem text hash", "hash", data::sha256_hex(text) == c["problem"]["sha256"].get<std::string>());
  const theory::LoadedProblem loaded = rebuild_problem(c);
  check.equal("data", "hash", c["data"], data_json(loaded));
  auto model = models::build_model<double>(loaded.model);
  const VecD theta0 = model->params();
  check.equal("model (theta_0 hash)", "hash", c["model"], model_json(loaded.model, theta0));
  const theory::Theorem theorem = theory::find_theorem(c["theorem"]["id"].get<std::string>());
  check.equal("theorem", "hash", c["theorem"], theorem_json(theorem));

  // Hypotheses: re-run (same code), then the independent route where a witness applies.
  const bool same_build =
      comparable_environment(c["environment"]) == comparable_environment(environment_json(0));
  const theory::VerificationReport report = theory::verify(theorem, loaded);
  const json& recorded = c["hypotheses"];
  check.item("hypothesis count", "re-run", recorded.size() == report.findings.size(),
             fmt::format("recorded {}, theorem has {}", recorded.size(), report.findings.size()));
  for (std::size_t i = 0; i < std::min<std::size_t>(recorded.size(), report.findings.size()); ++i) {
    const theory::Finding& f = report.findings[i];
    json rec = recorded[i];
    rec.erase("seconds");
    const json re = hypothesis_json(f, loaded, false);
    const std::string claim = fmt::format("hypothesis '{}'", f.hypothesis_id);
    if (same_build) {
      check.equal(claim, "re-run", rec, re);
    } else {
      bool ok = rec["verdict"] == re["verdict"] && rec["id"] == re["id"] && contains(rec["enclosure"], re["enclosure"]);
      for (const auto& [k, v] : rec["constants"].items()) ok = ok && re["constants"].contains(k) && contains(v, re["constants"][k]);
      check.item(claim, "re-run", ok, ok ? "recorded claims contain the re-run (another build)" : "recorded claims not re-proven by the re-run");
    }
    auto independent = [&](const IndependentCheck& ic) {
      if (!ic.attempted)
        check.skipped(claim, "independent", ic.detail);
      else
        check.item(claim, "independent", ic.verdict == Verdict::certified, ic.detail);
    };
    if (rec["verdict"] == "certified") {
      if (const auto ic = independent_predicate_check(rec, loaded, theta0)) independent(*ic);
      if (rec.contains("witness"))
        if (const auto w = gram_witness_from_json(rec["witness"])) {
          const double bound = w->bound ? *w->bound : enclosure_from_json(rec["enclosure"], claim).lower;
          independent(independent_gram_check(loaded, theta0, *w, bound));
        }
    }
  }
  check.item("hypotheses verdict", "recomputed", c["verdict"] == std::string(to_string(report.verdict)),
             fmt::format("recomputed {}", to_string(report.verdict)));

  // Trajectory bytes, then the prediction and confirmation recomputed from them.
  const std::filesystem::path trajectory_file = file.parent_path() / c["trajectory"]["file"].get<std::string>();
  const std::string csv = read_bytes(trajectory_file);
  check.item("trajectory hash", "hash", data::sha256_hex(csv) == c["trajectory"]["sha256"].get<std::string>(), trajectory_file.string());
  const TrajectoryTable table = parse_trajectory_csv(csv, trajectory_file.string());
  const ComparedSeries series = compared_series(table, theorem.conclusion);
  const json& summary = c["trajectory"]["summary"];
  check.item("trajectory row count", "recomputed", summary.value("rows", -1) == static_cast<long>(table.rows.size()));

  // η: recorded exactly; it must agree with the trajectory's time column (time = Σ step sizes, so on
  // the compared phase Δtime = η·Δstep up to the rounding of the sum).
  const double eta = c["prediction"]["step_size"].get<double>();
  bool eta_ok = std::isfinite(eta) && eta > 0;
  for (std::size_t i = 1; eta_ok && i < series.absolute_steps.size(); ++i) {
    const double dt = series.absolute_times[i] - series.absolute_times[i - 1];
    const double ds = series.absolute_steps[i] - series.absolute_steps[i - 1];
    eta_ok = std::abs(dt - eta * ds) <= 1e-9 * std::max(std::abs(dt), 1e-300);
  }
  check.item("step size eta", "recomputed", eta_ok, fmt::format("eta = {} against the trajectory's time column", eta));
  const double l0 = series.losses.empty() ? std::nan("") : series.losses.front();
  auto quantities = run_quantities(eta, initial_loss_enclosure(l0, loaded.data.n(), loaded.data.k()),
                                   loaded.data.n(), loaded.data.d(), loaded.data.k(), series.start_offset);
  // prediction_binding.hpp: the same derivation as prove (protocol binding, every-step confirmation).
  add_model_quantities(quantities, loaded.model);
  const double phase2_eta = summary.contains("phase2_step_size") && summary["phase2_step_size"].is_number()
                                ? summary["phase2_step_size"].get<double>() : std::nan("");
  const theory::Prediction prediction = theory::predict(
      theorem, report.findings, quantities,
      bind_protocol(theorem, report.findings, loaded, summary.value("step_size", std::nan("")), phase2_eta));
  const std::filesystem::path steps_file =
      file.parent_path() / c["trajectory"].value("steps_file", std::string("steps.csv"));
  const std::string steps_csv = read_bytes(steps_file);
  check.item("steps hash", "hash", data::sha256_hex(steps_csv) == c["trajectory"].value("steps_sha256", std::string()),
             steps_file.string());
  const ComparedSeries every_step = compared_series(parse_trajectory_csv(steps_csv, steps_file.string()), theorem.conclusion);
  const json pj = prediction_json(prediction, theorem.conclusion, quantities, eta);
  if (same_build) {
    check.equal("prediction", "recomputed", c["prediction"], pj);
  } else {
    const bool ok = c["prediction"]["applicable"] == pj["applicable"] && c["prediction"]["kind"] == pj["kind"] &&
                    (!pj["applicable"].get<bool>() || contains(c["prediction"]["rate"], pj["rate"]));
    check.item("prediction", "recomputed", ok, "applicability, kind and rate enclosure (another build)");
  }
  const theory::Confirmation confirmation = confirm_every_step(prediction, series, every_step, theorem.conclusion.phase);
  const json cj = confirmation_json(confirmation);
  if (same_build)
    check.equal("confirmation", "recomputed", c["confirmation"], cj);
  else
    check.item("confirmation", "recomputed", c["confirmation"]["verdict"] == cj["verdict"]);
  const int exit_code = prove_exit_code(report.verdict, confirmation.verdict);
  check.item("exit code", "recomputed", c["exit_code"].get<int>() == exit_code, fmt::format("recomputed {}", exit_code));
  return result;
}

}  // namespace nncert::cert
