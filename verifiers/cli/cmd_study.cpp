// `nncert study [THEOREM] --problem P --out DIR [--json]`: the problem's [study] sweep
// (docs/problem-files.md#study-parameter-sweeps). At every point it verifies the theorem (and, with
// `train = true`, proves it into DIR/points/N/), then writes DIR/{study.csv, study.json, report.html,
// report.md}. A point that fails (bad value, refused by the budget, an error) is recorded with its
// message and the others still run. Exit 0 when every point ran, 3 when some failed, 2 for a bad
// problem or [study] section.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "admission.hpp"
#include "command.hpp"
#include "progress.hpp"
#include "nncert/cert/prove.hpp"
#include "nncert/cert/study.hpp"
#include "nncert/data/output_set.hpp"
#include "nncert/data/study_spec.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verify.hpp"
#include "nncert/train/pruning.hpp"
#include "nncert/train/train_config.hpp"

namespace nncert::cli {
namespace {

struct Args {
  std::string theorem, problem, out;
  bool force = false, json = false, dry_run = false;
};

std::string point_label(const data::StudySpec& spec, std::size_t point) {
  const auto values = data::study_point_values(spec, point);
  std::string out;
  for (std::size_t a = 0; a < spec.axes.size(); ++a) out += fmt::format("{}{} = {}", a ? ", " : "", spec.axes[a].key, values[a]);
  return out;
}

train::TrainConfig train_config(const data::ProblemFile& problem) {
  if (const toml::table* t = data::optional_section(problem, "train")) return train::parse_train_config(*t, problem.path.string());
  return {};
}

// One point: load, admit, then verify, or prove (which verifies once, and its findings are the point's);
// InvalidInput and other errors propagate to the caller, which records them for this point only.
void run_point(const Args& args, const theory::Theorem& theorem, const data::StudySpec& spec, const data::ProblemFile& file,
               const std::filesystem::path& staging, std::size_t index, cert::StudyPointResult& point) {
  const theory::LoadedProblem loaded = theory::load_problem(file);
  admit_work(file.path, spec.train ? Work::prove : Work::verify, loaded.data, loaded.model, train_config(file));
  if (!spec.train) {
    const theory::VerificationReport report = theory::verify(theorem, loaded);
    point.findings = report.findings;
    point.verdict = std::string(to_string(report.verdict));
    return;
  }
  const std::filesystem::path relative = std::filesystem::path("points") / std::to_string(index);
  std::filesystem::create_directories(staging / relative);
  cert::ProveOptions options;
  options.theorem = args.theorem.empty() ? theorem.id : args.theorem;
  options.problem = file.path;
  options.out = staging / relative;
  options.loaded = &loaded;
  const cert::ProveOutcome r = cert::prove(options);
  point.findings = r.verification.findings;
  point.verdict = std::string(to_string(r.verification.verdict));
  point.strength = r.certificate["strength"]["grade"].get<std::string>();
  point.confirmation = r.certificate["confirmation"]["verdict"].get<std::string>();
  point.certificate = (relative / r.certificate_file.filename()).string();
  const auto& evaluation = r.certificate["trajectory"]["summary"]["evaluation"];
  const auto number_or_nan = [](const nlohmann::json& v) { return v.is_number() ? v.get<double>() : NAN; };
  point.train_accuracy = number_or_nan(evaluation.value("train_accuracy", nlohmann::json()));
  point.test_accuracy = number_or_nan(evaluation.value("test_accuracy", nlohmann::json()));
  for (const auto& e : evaluation.value("pruning", nlohmann::json::array()))
    point.pruning.push_back({e["keep"].get<Index>(), number_or_nan(e["train_loss"]), number_or_nan(e["train_accuracy"]),
                             number_or_nan(e["test_loss"]), number_or_nan(e["test_accuracy"])});
}

int run(const Args& args) {
  const data::ProblemFile problem = data::read_problem_file(args.problem);
  const data::StudySpec spec = naming_file(args.problem, [&] { return data::parse_study(problem); });
  const std::string id = args.theorem.empty() ? theory::theorem_named_by(problem) : args.theorem;
  const theory::Theorem theorem = naming_file(args.problem, [&] { return theory::find_theorem(id); });
  // Every point's problem text is built and its keys checked before anything runs: a sweep that writes
  // a key the parsers reject is a bad [study], not a column of failed points.
  std::vector<data::ProblemFile> files;
  for (std::size_t i = 0; i < spec.points(); ++i) {
    try {
      files.push_back(data::study_point(problem, spec, i));
      train::check_prune_keep(train_config(files.back()), files.back());
    } catch (const InvalidInput& e) {
      throw InvalidInput(fmt::format("{}: [study] point {} ({}): {}", args.problem, i, point_label(spec, i), e.what()));
    }
  }
  if (args.dry_run) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      const theory::LoadedProblem loaded = naming_file(args.problem, [&] { return theory::load_problem(files[i]); });
      admit_work(files[i].path, spec.train ? Work::prove : Work::verify, loaded.data, loaded.model, train_config(files[i]));
      std::cout << fmt::format("point {} ({}): ", i, point_label(spec, i));
      print_admitted();
    }
    return 0;
  }
  data::OutputSet set(args.out, args.force);
  cert::StudyResult result;
  result.theorem = theorem.id;
  result.problem = args.problem;
  result.train = spec.train;
  result.log_x = spec.log_x;
  result.claim = spec.claim;
  for (const auto& axis : spec.axes) result.keys.push_back(axis.key);
  bool failed = false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    study_point_progress(i, files.size(), point_label(spec, i));
    cert::StudyPointResult point;
    point.values = data::study_point_values(spec, i);
    point.numbers = data::study_point_numbers(spec, i);
    const auto t0 = std::chrono::steady_clock::now();
    try {
      run_point(args, theorem, spec, files[i], set.staging(), i, point);
    } catch (const std::exception& e) {
      point.verdict = "error";
      point.error = e.what();
      point.findings.clear();
      failed = true;
    }
    point.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    result.points.push_back(std::move(point));
  }
  cert::write_study(result, set.staging());
  set.publish();
  if (args.json) {
    nlohmann::json j = cert::study_json(result);
    j["report_html"] = (set.target() / "report.html").string();
    std::cout << j.dump() << '\n';
  } else {
    std::cout << fmt::format("{}: {}\n", theorem.id, cert::study_json(result)["summary"].get<std::string>());
    for (std::size_t i = 0; i < result.points.size(); ++i)
      std::cout << fmt::format("  {}: {}{}\n", point_label(spec, i), result.points[i].verdict,
                               result.points[i].error.empty() ? "" : " (" + result.points[i].error + ")");
    std::cout << "report: " << (set.target() / "report.html").string() << " (also study.csv, study.json, report.md)\n";
  }
  return failed ? 3 : 0;
}

const CommandRegistration registration{
    "study", "sweep one or two keys of a problem ([study]) and verify (or prove) at every point", [](CLI::App& app) {
      auto args = std::make_shared<Args>();
      app.add_option("theorem", args->theorem, "theorem id or proofs/*.toml (default: the problem's theorem)");
      app.add_option("--problem", args->problem, "problem file (TOML) with a [study] section")->required();
      app.add_option("--out", args->out, "output directory")->required();
      app.add_flag("--force", args->force, "replace a non-empty --out directory");
      app.add_flag("--json", args->json, "print one JSON object: every point's verdicts and the report's path");
      add_budget_options(app);
      add_dry_run_option(app, args->dry_run);
      return [args] { return run(*args); };
    }};

}  // namespace
}  // namespace nncert::cli
