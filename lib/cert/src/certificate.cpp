#include "nncert/cert/certificate.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <variant>

#include <fmt/format.h>

#include "nncert/cert/bounded_json.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/cert/witness.hpp"
#include "nncert/data/atomic_file.hpp"
#include "nncert/data/sha256.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::cert {
namespace {

nlohmann::json number_or_null(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

linalg::Enclosure enclosure_of(const Interval& x, const std::string& method) { return {x.lower(), x.upper(), true, method, 53}; }

}  // namespace

Interval initial_loss_enclosure(double recorded_loss, Index n, Index k) {
  if (!(recorded_loss >= 0) || !std::isfinite(recorded_loss)) return Interval(0, kInf);
  const double terms = static_cast<double>(n * k) + 4;
  // γ = t·u/(1 − t·u), rounded up (t = N + 4 roundings, see the header).
  const double tu = mul_up(terms, kUnitRoundoff);
  const double gamma = div_up(tu, sub_down(1, tu));
  const double lower = div_down(recorded_loss, add_up(1, gamma));
  const double upper = add_up(div_up(recorded_loss, sub_down(1, gamma)), mul_up(terms, kEta));
  return Interval(std::max(0.0, lower), upper);
}

std::map<std::string, Interval> run_quantities(double eta, const Interval& l0, Index n, Index d, Index k,
                                               double start_offset) {
  // An unrecorded offset (NaN) is treated as "not at θ0": the prediction then does not apply.
  const double offset = std::isnan(start_offset) ? 1.0 : start_offset;
  return {{"eta", point(eta)},
          {"L0", l0},
          {"n", point(static_cast<double>(n))},
          {"d", point(static_cast<double>(d))},
          {"k", point(static_cast<double>(k))},
          {"start_offset", point(offset)}};
}

theory::Confirmation confirm_series(const theory::Prediction& prediction, const ComparedSeries& series, int phase) {
  if (series.losses.empty()) {
    theory::Confirmation none;
    none.reason = phase == 0 ? "the trajectory has no rows" : fmt::format("the trajectory has no row of phase {}", phase);
    return none;
  }
  return theory::confirm(prediction, series.steps, series.losses);
}

int prove_exit_code(Verdict hypotheses, theory::ConfirmationVerdict confirmation) {
  if (hypotheses == Verdict::refuted) return 1;
  if (hypotheses != Verdict::certified) return 3;
  if (confirmation == theory::ConfirmationVerdict::confirmed) return 0;
  if (confirmation == theory::ConfirmationVerdict::violated) return 1;
  if (confirmation == theory::ConfirmationVerdict::not_reached) return kExitNotReached;
  return 3;
}

nlohmann::json theorem_json(const theory::Theorem& t) {
  nlohmann::json conditions = nlohmann::json::array();
  for (const auto& c : t.conclusion.conditions) conditions.push_back(c.text());
  std::string file_sha;
  try {
    file_sha = data::sha256_file(t.file);
  } catch (const InvalidInput&) {
    file_sha = "unknown";
  }
  return {{"id", t.id},
          {"title", t.title},
          {"paper", t.paper},
          {"spec", t.spec},
          {"file_sha256", file_sha},
          {"conclusion",
           {{"kind", t.conclusion.kind},
            {"statement", t.conclusion.statement},
            {"rate", t.conclusion.rate ? nlohmann::json(t.conclusion.rate->text()) : nlohmann::json(nullptr)},
            {"conditions", conditions},
            {"phase", t.conclusion.phase},
            {"floor", t.conclusion.floor},
            {"target", t.conclusion.target}}}};
}

nlohmann::json problem_json(const data::ProblemFile& p, const std::filesystem::path& certificate_dir) {
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(p.path, ec).lexically_normal();
  std::string path = (ec ? p.path : absolute).lexically_normal().string();
  // Relative to the certificate's directory when both are known: the directory then checks after it
  // moves together with the problem's data. (A staging directory is a sibling of its target, so the
  // relative path is the same from either.)
  if (!ec && !certificate_dir.empty()) {
    const auto dir = std::filesystem::absolute(certificate_dir, ec).lexically_normal();
    if (!ec) {
      const auto relative = absolute.lexically_relative(dir);
      if (!relative.empty()) path = relative.string();
    }
  }
  return {{"path", path}, {"text", p.text}, {"sha256", p.sha256}};
}

nlohmann::json data_json(const theory::LoadedProblem& p) {
  std::string source = "unknown";
  if (const auto* data = p.problem.table["data"].as_table())
    if (const auto* s = (*data)["source"].as_string()) source = s->get();
  return {{"source", source},  {"name", p.data.name},         {"n", p.data.n()},
          {"d", p.data.d()},   {"k", p.data.k()},             {"sha256_x", p.data.sha256_x},
          {"sha256_y", p.data.sha256_y}};
}

nlohmann::json model_json(const models::ModelConfig& config, const VecD& theta0) {
  nlohmann::json shape, seed;
  std::visit(
      [&](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, models::MlpConfig>) {
          shape = c.widths;
        } else if constexpr (std::is_same_v<C, models::ScaledShallowConfig>) {
          shape = {c.input_dim, c.width, c.output_dim};
        } else if constexpr (std::is_same_v<C, models::CnnConfig>) {
          shape = {{"image", {c.input_channels, c.height, c.width}}, {"channels", c.channels}, {"depth", c.depth},
                   {"filter", c.filter}, {"readout", std::string(models::to_string(c.readout))}, {"output", c.output_dim}};
        } else {
          shape = {{"input", c.input_dim}, {"output", c.output_dim}, {"depth", c.depth}, {"hidden", c.hidden}, {"features", c.features}};
        }
        seed = c.seed;
      },
      config);
  const MatD theta = theta0;  // hashed as a p×1 matrix (sha256_hex(MatD) encoding)
  return {{"kind", std::string(models::model_kind(config))},
          {"shape", shape},
          {"seed", seed},
          {"num_params", theta0.size()},
          {"sha256_theta0", data::sha256_hex(theta)}};
}

nlohmann::json hypothesis_json(const theory::Finding& f, const theory::LoadedProblem& p, bool with_seconds) {
  nlohmann::json j = to_json(f);
  if (!with_seconds) j.erase("seconds");
  j["witness"] = to_json(gram_witness(f, p));
  return j;
}

nlohmann::json prediction_json(const theory::Prediction& pr, const theory::ConclusionSpec& c,
                               const std::map<std::string, Interval>& rq, double step_size) {
  nlohmann::json constants = nlohmann::json::object();
  for (const auto& [name, e] : pr.constants) constants[name] = to_json(e);
  nlohmann::json run = nlohmann::json::object();
  for (const auto& [name, x] : rq) run[name] = to_json(enclosure_of(x, "run"));
  return {{"kind", pr.kind},
          {"formula", pr.formula},
          {"statement", pr.statement},
          {"applicable", pr.applicable},
          {"heuristic", pr.heuristic},
          {"reason", pr.reason},
          {"rate", to_json(enclosure_of(pr.rate, "interval"))},
          {"initial_loss", to_json(enclosure_of(pr.initial_loss, "run"))},
          {"constants", constants},
          {"run_quantities", run},
          {"floor", pr.floor},
          {"target", pr.target},
          {"horizon_1e3", number_or_null(pr.horizon_1e3)},
          {"vacuous", pr.vacuous},
          {"phase", c.phase},
          {"step_size", step_size}};
}

nlohmann::json confirmation_json(const theory::Confirmation& c) {
  return {{"verdict", std::string(to_string(c.verdict))},
          {"worst_ratio", number_or_null(c.worst_ratio)},
          {"first_violation_step", c.first_violation ? number_or_null(*c.first_violation) : nlohmann::json(nullptr)},
          {"points_compared", c.points_compared},
          {"reason", c.reason}};
}

nlohmann::json strength_json(const theory::Strength& s) {
  return {{"grade", std::string(to_string(s.grade))}, {"reason", s.reason}};
}

// [train] prune_keep: one object per kept-node count (informational, like the rest of "evaluation").
nlohmann::json pruning_json(const std::vector<train::PrunedEvaluation>& pruning) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : pruning)
    out.push_back({{"keep", e.keep},
                   {"train_loss", number_or_null(e.train_loss)},
                   {"train_accuracy", number_or_null(e.train_accuracy)},
                   {"test_loss", number_or_null(e.test_loss)},
                   {"test_accuracy", number_or_null(e.test_accuracy)}});
  return out;
}

nlohmann::json trajectory_summary_json(const train::Trajectory& t) {
  nlohmann::json j = {{"rows", t.rows.size()},
                      {"algorithm", t.algorithm},
                      {"block", t.block},
                      {"steps", t.steps},
                      {"step_size", t.step_size},
                      {"step_size_rule", t.step_size_rule},
                      {"phase2_step_size", number_or_null(t.phase2_step_size)},
                      {"phase2_step_size_rule", t.phase2_step_size_rule},
                      {"tau", t.tau},
                      {"gradient_evaluations", t.gradient_evaluations},
                      {"threads", t.threads},
                      {"outcome", train::to_string(t.outcome)},
                      {"initial_loss", number_or_null(t.initial_loss())},
                      {"final_loss", number_or_null(t.final_loss())},
                      {"notes", t.notes},
                      {"evaluation",
                       {{"train_accuracy", number_or_null(t.final_train_accuracy())},
                        {"test_rows", t.test_rows},
                        {"test_loss", number_or_null(t.final_test_loss())},
                        {"test_accuracy", number_or_null(t.final_test_accuracy())}}}};
  if (!t.pruning.empty()) j["evaluation"]["pruning"] = pruning_json(t.pruning);
  if (t.node_movement.size() > 0) {
    j["node_movement"] = std::vector<double>(t.node_movement.data(), t.node_movement.data() + t.node_movement.size());
    j["node_scale"] = std::vector<double>(t.node_scale.data(), t.node_scale.data() + t.node_scale.size());
  }
  return j;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json make_certificate(const CertificateInputs& in) {
  nlohmann::json hyps = nlohmann::json::array();
  for (const auto& f : in.report.findings) hyps.push_back(hypothesis_json(f, in.problem));
  return {{"schema", kCertificateSchema},
          {"theorem", theorem_json(in.report.theorem)},
          {"problem", problem_json(in.problem.problem, in.certificate_dir)},
          {"data", data_json(in.problem)},
          {"model", model_json(in.problem.model, in.theta0)},
          {"hypotheses", hyps},
          {"verdict", std::string(to_string(in.report.verdict))},
          {"prediction", prediction_json(in.prediction, in.report.theorem.conclusion, in.run_quantities, in.step_size)},
          {"trajectory",
           {{"file", in.trajectory_file},
            {"sha256", in.trajectory_sha256},
            {"steps_file", in.steps_file},
            {"steps_sha256", in.steps_sha256},
            {"summary", trajectory_summary_json(in.trajectory)}}},
          {"confirmation", confirmation_json(in.confirmation)},
          {"strength", strength_json(in.strength)},
          {"exit_code", prove_exit_code(in.report.verdict, in.confirmation.verdict)},
          {"environment", environment_json(in.trajectory.threads)},
          {"created", in.created}};
}

nlohmann::json read_certificate(const std::filesystem::path& file) {
  const JsonLimits limits;
  const nlohmann::json c = parse_bounded_json(read_bounded_regular_file(file, limits.max_bytes, "the certificate"), file.string(), limits);
  validate_certificate(c, file.string());
  return c;
}

void write_certificate(const std::filesystem::path& file, const nlohmann::json& certificate) {
  data::write_file_atomically(file, certificate.dump(2) + "\n");
}

nlohmann::json without_timings(nlohmann::json c) {
  c.erase("created");
  if (c.contains("hypotheses"))
    for (auto& h : c["hypotheses"]) h.erase("seconds");
  return c;
}

}  // namespace nncert::cert
