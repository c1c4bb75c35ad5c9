#include "nncert/cert/prove.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "nncert/cert/certificate.hpp"
#include "nncert/cert/prediction_binding.hpp"
#include "nncert/cert/report.hpp"
#include "nncert/cert/trajectory_table.hpp"
#include "nncert/data/sha256.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/prediction.hpp"
#include "nncert/theory/verify.hpp"
#include "nncert/train/pruning.hpp"
#include "nncert/train/train_config.hpp"

namespace nncert::cert {
namespace {

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput(file.string() + ": cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The step size of the compared phase: phase 2 of a two-phase recipe has its own.
double compared_step_size(const train::Trajectory& t, int phase) {
  // With tau = 0 a two-phase run is all phase 2, so its phase-2 step is the step of the whole run.
  if ((phase == 2 || t.tau == 0) && std::isfinite(t.phase2_step_size)) return t.phase2_step_size;
  return t.step_size;
}

}  // namespace

ProveOutcome prove(const ProveOptions& o) {
  const theory::LoadedProblem loaded = o.loaded ? *o.loaded : theory::load_problem(o.problem);
  const std::string id = o.theorem.empty() ? theory::theorem_named_by(loaded.problem) : o.theorem;
  const theory::Theorem theorem = theory::find_theorem(id);
  const theory::VerificationReport report = theory::verify(theorem, loaded, o.verify_progress);

  auto model = models::build_model<double>(loaded.model);
  const VecD theta0 = model->params();
  toml::table train_section;
  if (const toml::table* t = data::optional_section(loaded.problem, "train")) train_section = *t;
  const train::TrainConfig config = train::parse_train_config(train_section, loaded.problem.path.string());
  train::check_prune_keep(config, loaded.problem);
  const train::Trajectory trajectory = train::train(*model, loaded.data.X, loaded.data.Y, config, o.progress,
                                                        loaded.data.test ? &*loaded.data.test : nullptr);

  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) throw InvalidInput(o.out.string() + ": cannot create directory: " + ec.message());
  ProveOutcome out;
  out.verification = report;
  out.trajectory_file = o.out / "trajectory.csv";
  train::write_trajectory_csv(out.trajectory_file, trajectory);
  // Every step's loss (every integrator evaluation for flows): the envelope is confirmed on these,
  // whatever record_every is (issue #16, class 4).
  const std::filesystem::path steps_file = o.out / "steps.csv";
  train::write_step_losses_csv(steps_file, trajectory);
  // Prediction and confirmation are computed from the bytes written, exactly as `check` will.
  const std::string csv = read_bytes(out.trajectory_file);
  const std::string steps_csv = read_bytes(steps_file);
  const TrajectoryTable table = parse_trajectory_csv(csv, out.trajectory_file.string());
  const ComparedSeries series = compared_series(table, theorem.conclusion);
  const ComparedSeries every_step = compared_series(parse_trajectory_csv(steps_csv, steps_file.string()), theorem.conclusion);
  const double recorded_l0 = series.losses.empty() ? std::nan("") : series.losses.front();
  const double eta = compared_step_size(trajectory, theorem.conclusion.phase);
  auto quantities =
      run_quantities(eta,
                     initial_loss_enclosure(recorded_l0, loaded.data.n(), loaded.data.k()), loaded.data.n(),
                     loaded.data.d(), loaded.data.k(), series.start_offset);
  add_model_quantities(quantities, loaded.model);
  // The conclusion covers one protocol: the one [train] ran must be it (algorithm, blocks, phases).
  const theory::ProtocolBinding binding =
      bind_protocol(theorem, report.findings, loaded, trajectory.step_size, trajectory.phase2_step_size);
  const theory::Prediction prediction = theory::predict(theorem, report.findings, quantities, binding);
  const theory::Confirmation confirmation = confirm_every_step(prediction, series, every_step, theorem.conclusion.phase);

  const theory::Strength strength = strength_of(prediction, every_step, table);
  CertificateInputs inputs{loaded,        report,     theta0,       trajectory,
                           "trajectory.csv", data::sha256_hex(csv), quantities, eta, prediction,
                           confirmation,  strength, o.created.empty() ? utc_now() : o.created};
  inputs.steps_sha256 = data::sha256_hex(steps_csv);
  inputs.certificate_dir = o.out;
  out.certificate = make_certificate(inputs);
  out.certificate_file = o.out / "certificate.json";
  write_certificate(out.certificate_file, out.certificate);
  const RenderedReports reports = render_reports(out.certificate, table);
  write_reports(o.out, reports);
  out.report_html = o.out / "report.html";
  out.report_md = o.out / "report.md";
  out.exit_code = out.certificate["exit_code"].get<int>();
  return out;
}

}  // namespace nncert::cert
