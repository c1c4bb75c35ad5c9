#pragma once
// A small, file-free problem (synthetic data) with a trained trajectory, hand-made findings and a
// prediction, for certificate and report tests that must not depend on the verifiers.
#include <string>

#include <nlohmann/json.hpp>

#include "nncert/cert/certificate.hpp"
#include "nncert/cert/prediction_binding.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/theory/verify.hpp"
#include "nncert/train/trainer.hpp"

namespace nncert::test {

inline const char* kTinyProblem = R"(theorem = "test/linear"
[data]
source = "synthetic:gaussian"
n = 6
d = 3
seed = 4
[model]
kind = "mlp"
widths = [3, 8, 1]
activation = "tanh"
seed = 9
[train]
algorithm = "gd"
step_size = 0.05
steps = 60
record_every = 5
)";

// A problem from problem-file text (no [verify] section); `path` names it in messages and anchors
// relative data paths.
inline theory::LoadedProblem load_problem_text(const std::string& text, const std::string& path) {
  data::ProblemFile problem = data::parse_problem_text(text, path);
  data::Dataset dataset = data::load_dataset(problem);
  models::ModelConfig model = models::parse_model_config(data::require_section(problem, "model"), dataset.d(), dataset.k(), path);
  return theory::LoadedProblem{std::move(problem), std::move(dataset), std::move(model), toml::table{}};
}

struct TinyRun {
  theory::LoadedProblem loaded;
  theory::Theorem theorem;
  theory::VerificationReport report;
  VecD theta0;
  train::Trajectory trajectory;
  std::map<std::string, Interval> quantities;
  theory::Prediction prediction;
  theory::Confirmation confirmation;
  theory::Strength strength;
};

// rate_text: the conclusion's rate over "eta", "mu" (a finding constant) and the run's quantities.
inline TinyRun tiny_run(const std::string& rate_text = "1 - eta * mu", double mu_lower = 0.01) {
  TinyRun r;
  r.loaded = load_problem_text(kTinyProblem, "tiny.toml");
  r.theorem.id = "test/linear";
  r.theorem.title = "a test theorem";
  r.theorem.paper = "none";
  r.theorem.conclusion.kind = "linear-rate";
  r.theorem.conclusion.rate = theory::Expression::parse(rate_text);
  theory::Finding f;
  f.hypothesis_id = "h";
  f.verifier = "test";
  f.statement = "mu > 0";
  f.verdict = Verdict::certified;
  f.quantity = "mu";
  f.enclosure = {mu_lower, 2 * mu_lower, true, "test", 53};
  f.margin = mu_lower;
  f.method = "test";
  f.constants["mu"] = f.enclosure;
  f.details["condition_number_upper"] = "123";
  r.report = {r.theorem, {f}, Verdict::certified};
  auto net = models::build_model<double>(r.loaded.model);
  r.theta0 = net->params();
  train::TrainConfig config = train::parse_train_config(*r.loaded.problem.table["train"].as_table(), "tiny.toml");
  r.trajectory = train::train(*net, r.loaded.data.X, r.loaded.data.Y, config);
  cert::TrajectoryTable table;
  table.columns = {"step", "time", "phase", "loss"};
  for (const auto& row : r.trajectory.rows) table.rows.push_back({double(row.step), row.time, double(row.phase), row.loss});
  const cert::ComparedSeries series = cert::compared_series(table, r.theorem.conclusion);
  r.quantities = cert::run_quantities(r.trajectory.step_size, cert::initial_loss_enclosure(series.losses.front(), 6, 1), 6, 3, 1);
  r.prediction = theory::predict(r.theorem, r.report.findings, r.quantities, {true, std::nullopt});  // protocol: as trained
  r.confirmation = cert::confirm_series(r.prediction, series, 0);
  r.strength = cert::strength_of(r.prediction, series, table);
  return r;
}

inline nlohmann::json certificate_of(const TinyRun& r, const std::string& created = "2026-01-01T00:00:00Z") {
  return cert::make_certificate({r.loaded, r.report, r.theta0, r.trajectory, "trajectory.csv", "00", r.quantities, r.trajectory.step_size,
                                 r.prediction, r.confirmation, r.strength, created});
}

}  // namespace nncert::test
