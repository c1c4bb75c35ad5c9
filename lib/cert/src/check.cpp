#include "nncert/cert/check.hpp"

#include <stdlib.h>

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "nncert/cert/bounded_json.hpp"
#include "nncert/cert/certificate.hpp"
#include "nncert/cert/certificate_files.hpp"
#include "nncert/cert/prediction_binding.hpp"
#include "nncert/cert/independent.hpp"
#include "nncert/cert/independent_predicates.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/cert/prove.hpp"
#include "nncert/cert/trajectory_table.hpp"
#include "nncert/cert/witness.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/sha256.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/prediction.hpp"

namespace nncert::cert {

std::filesystem::path problem_location(const std::filesystem::path& certificate, const nlohmann::json& c, const CheckOptions& options) {
  const std::filesystem::path recorded = c["problem"]["path"].get<std::string>();
  if (!options.data_root.empty()) return options.data_root / recorded.filename();
  if (recorded.is_relative()) return (certificate.parent_path() / recorded).lexically_normal();
  return recorded;
}

namespace {

using nlohmann::json;

// The first field (depth first) where the recorded and the re-derived values differ, or "" when equal.
std::string first_difference(const json& recorded, const json& derived, const std::string& path) {
  if (recorded == derived) return "";
  if (recorded.is_object() && derived.is_object()) {
    for (const auto& [k, v] : recorded.items()) {
      if (!derived.contains(k)) return path + "." + k + ": recorded, but not part of a certificate this build derives";
      if (auto d = first_difference(v, derived[k], path + "." + k); !d.empty()) return d;
    }
    for (const auto& [k, v] : derived.items())
      if (!recorded.contains(k)) return path + "." + k + ": missing from the certificate";
  }
  if (recorded.is_array() && derived.is_array() && recorded.size() == derived.size()) {
    for (std::size_t i = 0; i < recorded.size(); ++i)
      if (auto d = first_difference(recorded[i], derived[i], fmt::format("{}[{}]", path, i)); !d.empty()) return d;
  }
  return fmt::format("{}: recorded {} but re-derived {}", path, elided_for_message(recorded.dump(), 120),
                     elided_for_message(derived.dump(), 120));
}

class Checker {
 public:
  Checker(CheckResult& r, std::string note) : result_(r), note_(std::move(note)) {}
  void item(std::string claim, std::string route, bool passed, std::string detail = "") {
    result_.items.push_back({std::move(claim), std::move(route), passed, false, std::move(detail)});
  }
  void skipped(std::string claim, std::string route, std::string detail) {
    result_.items.push_back({std::move(claim), std::move(route), true, true, std::move(detail)});
  }
  // `note` is appended to a difference: a certificate from another build must still be reproduced here.
  void equal(const std::string& claim, const std::string& route, const json& recorded, const json& derived, const std::string& path) {
    const std::string d = first_difference(recorded, derived, path);
    item(claim, route, d.empty(), d.empty() ? "" : d + note_);
  }

 private:
  CheckResult& result_;
  std::string note_;
};

// Only theorems of this build's catalogue: an id is never followed as a path.
theory::Theorem catalogue_theorem(const std::string& id, const std::string& where) {
  for (theory::Theorem& t : theory::list_theorems())
    if (t.id == id) return std::move(t);
  throw InvalidInput(fmt::format("{}: field theorem.id: '{}' is not a theorem of this build's catalogue", where, elided_for_message(id)));
}

theory::LoadedProblem rebuild_problem(const json& c, const std::filesystem::path& path) {
  try {
    data::ProblemFile problem = data::parse_problem_text(c["problem"]["text"].get<std::string>(), path);
    data::Dataset dataset = data::load_dataset(problem);
    models::ModelConfig model = models::parse_model_config(data::require_section(problem, "model"), dataset.d(), dataset.k(), path.string(), dataset.image);
    toml::table verify_options;
    if (const toml::table* v = data::optional_section(problem, "verify")) verify_options = *v;
    return {std::move(problem), std::move(dataset), std::move(model), std::move(verify_options)};
  } catch (const InvalidInput& e) {
    std::error_code ec;
    const auto where = std::filesystem::absolute(path.parent_path(), ec);
    throw InvalidInput(fmt::format("cannot rebuild the inputs from the embedded problem text (relative data paths resolve against {}; "
                                   "--data-root DIR names another directory): {}",
                                   (ec ? path.parent_path() : where).lexically_normal().string(), e.what()));
  }
}

// A private directory for the replay's output, removed afterwards.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::error_code ec;
    std::string pattern = (std::filesystem::temp_directory_path(ec) / "nncert-check-XXXXXX").string();
    if (ec || mkdtemp(pattern.data()) == nullptr)
      throw InvalidInput(fmt::format("cannot create a temporary directory for the replay ({})", std::strerror(errno)));
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Recorded against re-derived, section by section (each hypothesis on its own line), informational
// fields removed from both.
void compare_certificates(Checker& check, const json& recorded_full, const json& derived_full, const std::string& route) {
  const json recorded = without_informational(recorded_full), derived = without_informational(derived_full);
  for (const auto& [key, value] : recorded.items()) {
    if (key == "hypotheses") continue;
    check.equal(key, route, value, derived.contains(key) ? derived[key] : json(), key);
  }
  const json& rh = recorded["hypotheses"];
  const json& dh = derived["hypotheses"];
  check.item("hypothesis count", route, rh.size() == dh.size(), fmt::format("recorded {}, re-derived {}", rh.size(), dh.size()));
  for (std::size_t i = 0; i < std::min(rh.size(), dh.size()); ++i)
    check.equal(fmt::format("hypothesis '{}'", elided_for_message(dh[i]["id"].get<std::string>())), route, rh[i], dh[i],
                fmt::format("hypotheses[{}]", i));
}

// --no-replay: everything but the training re-derived, the trajectory taken as recorded.
void compare_without_replay(Checker& check, CheckResult& result, const std::filesystem::path& file, const json& c,
                            const theory::Theorem& theorem,
                            const theory::LoadedProblem& loaded, const VecD& theta0, const TrajectoryTable& table) {
  const std::string route = "recomputed";
  check.equal("theorem", route, c["theorem"], theorem_json(theorem), "theorem");
  json problem = problem_json(loaded.problem), recorded_problem = c["problem"];
  problem.erase("path");
  recorded_problem.erase("path");
  check.equal("problem", route, recorded_problem, problem, "problem");
  check.equal("data", route, c["data"], data_json(loaded), "data");
  check.equal("model", route, c["model"], model_json(loaded.model, theta0), "model");
  const theory::VerificationReport report = theory::verify(theorem, loaded);
  json derived_hypotheses = json::array();
  for (const auto& f : report.findings) derived_hypotheses.push_back(hypothesis_json(f, loaded, false));
  json recorded_hypotheses = c["hypotheses"];
  for (auto& h : recorded_hypotheses) h.erase("seconds");
  check.item("hypothesis count", "re-run", recorded_hypotheses.size() == derived_hypotheses.size(),
             fmt::format("recorded {}, re-derived {}", recorded_hypotheses.size(), derived_hypotheses.size()));
  for (std::size_t i = 0; i < std::min(recorded_hypotheses.size(), derived_hypotheses.size()); ++i)
    check.equal(fmt::format("hypothesis '{}'", report.findings[i].hypothesis_id), "re-run", recorded_hypotheses[i],
                derived_hypotheses[i], fmt::format("hypotheses[{}]", i));
  check.equal("verdict", route, c["verdict"], std::string(to_string(report.verdict)), "verdict");

  const ComparedSeries series = compared_series(table, theorem.conclusion);
  check.item("trajectory row count", route, c["trajectory"]["summary"]["rows"] == table.rows.size(),
             fmt::format("the file has {} rows", table.rows.size()));
  // η is recorded exactly; it must agree with the trajectory's time column (time = Σ step sizes, so on
  // the compared phase Δtime = η·Δstep up to the rounding of the sum).
  const double eta = c["prediction"]["step_size"].get<double>();
  bool eta_ok = std::isfinite(eta) && eta > 0;
  for (std::size_t i = 1; eta_ok && i < series.absolute_steps.size(); ++i) {
    const double dt = series.absolute_times[i] - series.absolute_times[i - 1];
    const double ds = series.absolute_steps[i] - series.absolute_steps[i - 1];
    eta_ok = std::abs(dt - eta * ds) <= 1e-9 * std::max(std::abs(dt), 1e-300);
  }
  check.item("step size eta", route, eta_ok, fmt::format("eta = {} against the trajectory's time column", eta));
  const double l0 = series.losses.empty() ? std::nan("") : series.losses.front();
  auto quantities = run_quantities(eta, initial_loss_enclosure(l0, loaded.data.n(), loaded.data.k()), loaded.data.n(),
                                   loaded.data.d(), loaded.data.k(), series.start_offset);
  // prediction_binding.hpp: the same derivation as prove (protocol binding, every-step confirmation).
  add_model_quantities(quantities, loaded.model);
  const json& summary = c["trajectory"]["summary"];
  const double phase2_eta = summary["phase2_step_size"].is_number() ? summary["phase2_step_size"].get<double>() : std::nan("");
  const theory::Prediction prediction = theory::predict(
      theorem, report.findings, quantities,
      bind_protocol(theorem, report.findings, loaded, summary["step_size"].get<double>(), phase2_eta));
  check.equal("prediction", route, c["prediction"], prediction_json(prediction, theorem.conclusion, quantities, eta), "prediction");
  const std::string steps_csv = read_steps_bytes(file, c);
  check.item("every-step loss file hash", "hash", data::sha256_hex(steps_csv) == c["trajectory"]["steps_sha256"].get<std::string>(),
             c["trajectory"]["steps_file"].get<std::string>());
  const ComparedSeries every_step = compared_series(parse_trajectory_csv(steps_csv, "steps file"), theorem.conclusion);
  const theory::Confirmation confirmation = confirm_every_step(prediction, series, every_step, theorem.conclusion.phase);
  check.equal("confirmation", route, c["confirmation"], confirmation_json(confirmation), "confirmation");
  check.equal("strength", route, c["strength"], strength_json(strength_of(prediction, every_step, table)), "strength");
  check.equal("exit_code", route, c["exit_code"], prove_exit_code(report.verdict, confirmation.verdict), "exit_code");
  result.replayed = false;
  result.not_rederived = {"the training: the losses in the trajectory file are taken as recorded (bound by its sha256 only)",
                          "trajectory.summary, except its row count and step sizes",
                          "the every-step losses (steps.csv), bound by their sha256 only"};
}

// The routes that do not go through the verifiers: re-proofs of the recorded claims.
void independent_routes(Checker& check, const json& c, const theory::LoadedProblem& loaded, const VecD& theta0) {
  for (const json& recorded : c["hypotheses"]) {
    if (recorded["verdict"] != "certified") continue;
    const std::string claim = fmt::format("hypothesis '{}'", elided_for_message(recorded["id"].get<std::string>()));
    auto report = [&](const IndependentCheck& ic) {
      if (!ic.attempted)
        check.skipped(claim, "independent", ic.detail);
      else
        check.item(claim, "independent", ic.verdict == Verdict::certified, ic.detail);
    };
    json rec = recorded;
    rec.erase("seconds");
    if (const auto ic = independent_predicate_check(rec, loaded, theta0)) report(*ic);
    if (const auto w = gram_witness_from_json(rec["witness"])) {
      const double bound = w->bound ? *w->bound : enclosure_from_json(rec["enclosure"], claim).lower;
      report(independent_gram_check(loaded, theta0, *w, bound));
    }
  }
}

CheckResult check_file(const std::filesystem::path& file, const CheckOptions& options) {
  CheckResult result;
  const std::string where = file.string();
  const json c = read_certificate(file);
  // Used only to word a difference: the environment never changes what is checked.
  const json own = environment_json(0);
  std::string note;
  if (c["environment"]["git"] != own["git"] || c["environment"]["compiler"] != own["compiler"] || c["environment"]["blas"] != own["blas"])
    note = " (the certificate records another build; its claims count only as far as this build re-derives them)";
  Checker check(result, note);
  check.item("schema", "schema", true, "every field declared, typed and within range");

  const theory::Theorem theorem = catalogue_theorem(c["theorem"]["id"].get<std::string>(), where);
  const theory::LoadedProblem loaded = rebuild_problem(c, problem_location(file, c, options));
  auto model = models::build_model<double>(loaded.model);
  const VecD theta0 = model->params();

  // The recorded trajectory: the file the report draws, bound by its hash.
  const std::string csv = read_trajectory_bytes(file, c);
  const std::filesystem::path trajectory_file = trajectory_path(file, c);
  check.item("trajectory file hash", "hash", data::sha256_hex(csv) == c["trajectory"]["sha256"].get<std::string>(), trajectory_file.string());
  const TrajectoryTable table = parse_trajectory_csv(csv, trajectory_file.string());

  if (options.replay) {
    const ScratchDirectory scratch;
    ProveOptions replay;
    replay.theorem = theorem.id;
    replay.problem = loaded.problem.path;
    replay.out = scratch.path();
    replay.created = c["created"].get<std::string>();
    replay.loaded = &loaded;
    const ProveOutcome fresh = prove(replay);
    compare_certificates(check, c, fresh.certificate, "replay");
  } else {
    compare_without_replay(check, result, file, c, theorem, loaded, theta0, table);
  }
  independent_routes(check, c, loaded, theta0);
  return result;
}

}  // namespace

bool CheckResult::valid() const { return first_failure() == nullptr; }

const CheckItem* CheckResult::first_failure() const {
  for (const auto& i : items)
    if (!i.passed) return &i;
  return nullptr;
}

CheckResult check_certificate(const std::filesystem::path& file, const CheckOptions& options) {
  const std::string where = file.string();
  try {
    return check_file(file, options);
  } catch (const InvalidInput& e) {
    // Every message names the certificate first (the embedded problem is not a file the user handed us).
    const std::string what = e.what();
    if (what.rfind(where, 0) == 0) throw;
    throw InvalidInput(where + ": " + what);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(fmt::format("{}: unexpected certificate content ({})", where, elided_for_message(e.what(), 160)));
  }
}

}  // namespace nncert::cert
