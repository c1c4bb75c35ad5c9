// `nncert study [THEOREM] --problem P --out DIR [--json]`: the problem's [study] sweep
// (docs/problem-files.md#study-parameter-sweeps). At every point it verifies the theorem (and, with
// `train = true`, proves it into DIR/points/N/; with `verify = false` it only trains), then writes
// DIR/{study.csv, study.json, report.html, report.md}. With `kernel_reference` it first runs the
// kernel regression of `nncert kernel NAME --predict` once on the problem's train/test split (the same
// for every point: a sweep that changes it is bad input) and reports each point's gap to it. A point
// that fails (bad value, refused by the budget, an error) is recorded with its message and the others
// still run. Exit 0 when every point ran, 3 when some failed (or a kernel reference made no
// prediction), 2 for a bad problem or [study] section.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "admission.hpp"
#include "command.hpp"
#include "kernel_prediction.hpp"
#include "progress.hpp"
#include "nncert/cert/prove.hpp"
#include "nncert/cert/study.hpp"
#include "nncert/cert/svg_plot.hpp"
#include "nncert/data/output_set.hpp"
#include "nncert/data/study_spec.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verify.hpp"
#include "nncert/train/pruning.hpp"
#include "nncert/train/train_config.hpp"
#include "nncert/train/trainer.hpp"

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

// What a point does, for admission: verify, prove, or (verify = false) train only.
Work work_of(const data::StudySpec& spec) {
  if (!spec.train) return Work::verify;
  return spec.verify ? Work::prove : Work::train;
}

// One point: load, admit, then verify, or prove (which verifies once, and its findings are the point's);
// InvalidInput and other errors propagate to the caller, which records them for this point only.
void run_point(const Args& args, const theory::Theorem& theorem, const data::StudySpec& spec, const data::ProblemFile& file,
               const std::filesystem::path& staging, std::size_t index, cert::StudyPointResult& point) {
  const theory::LoadedProblem loaded = theory::load_problem(file);
  if (!spec.verify) {
    // Trained only, as `nncert train` trains this file: the accuracies, no hypothesis, no certificate.
    const train::TrainConfig config = train_config(file);
    admit_work(file.path, work_of(spec), loaded.data, loaded.model, config);
    if (loaded.data.k() == 0) throw InvalidInput(file.path.string() + ": [data] provides no targets Y; training needs them");
    auto model = models::build_model<double>(loaded.model);
    const data::HeldOut* test = loaded.data.test ? &*loaded.data.test : nullptr;
    const train::Trajectory trajectory = train::train(*model, loaded.data.X, loaded.data.Y, config, {}, test);
    point.verdict = "trained";
    point.train_accuracy = trajectory.final_train_accuracy();
    point.test_accuracy = trajectory.final_test_accuracy();
    return;
  }
  admit_work(file.path, work_of(spec), loaded.data, loaded.model, train_config(file));
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

// What a kernel reference depends on: [data], [kernel] and [model] except its hidden widths (a cnn's
// channels) and weight seed, which the infinite-width kernel does not see. Two points with the same text share the kernel.
std::string kernel_inputs(const data::ProblemFile& file) {
  toml::table t;
  for (const char* section : {"data", "kernel", "model"})
    if (const toml::table* table = file.table[section].as_table()) t.insert(section, *table);
  if (toml::table* model = t["model"].as_table()) {
    model->erase("seed");
    model->erase("channels");
    if (toml::array* widths = (*model)["widths"].as_array())
      for (std::size_t i = 1; i + 1 < widths->size(); ++i) widths->replace(widths->begin() + static_cast<long>(i), 0);
  }
  std::ostringstream text;
  text << t;
  return text.str();
}

// [study] kernel_reference, before any point runs: every point must share one kernel, and each kernel's
// regression is `nncert kernel NAME --predict` on that problem (ridge 0: the Gram certified first).
std::vector<cert::StudyKernelReference> kernel_references(const Args& args, const data::StudySpec& spec,
                                                          const std::vector<data::ProblemFile>& files) {
  std::vector<cert::StudyKernelReference> out;
  if (spec.kernel_references.empty()) return out;
  const std::string first = kernel_inputs(files[0]);
  for (std::size_t i = 1; i < files.size(); ++i)
    if (kernel_inputs(files[i]) != first)
      throw InvalidInput(fmt::format("{}: [study] kernel_reference: point {} ({}) changes the data, [kernel] or the "
                                     "kernel's architecture; the reference is one kernel for every point (sweep hidden "
                                     "widths, the weight seed or [train] keys)",
                                     args.problem, i, point_label(spec, i)));
  std::optional<KernelGdSteps> gd;
  if (spec.kernel_reference_gd) {
    // The finite nets' own schedule: plain GD on every parameter with a given step size.
    const train::TrainConfig config = train_config(files[0]);
    if (config.algorithm != train::Algorithm::gd || !config.step_size || (config.block && *config.block != "all"))
      throw InvalidInput(fmt::format("{}: [study] kernel_reference_gd needs [train] algorithm = \"gd\" on every parameter "
                                     "with an explicit step_size (the kernel's descent follows the same steps)",
                                     args.problem));
    gd = KernelGdSteps{*config.step_size, config.steps};
  }
  for (const auto& name : spec.kernel_references) {
    study_point_progress(out.size(), spec.kernel_references.size(), "kernel reference " + name);
    const KernelPredictionResult r = naming_file(args.problem, [&] {
      try {
        return predict_with_kernel(files[0], name, 0.0, gd);
      } catch (const InvalidInput& e) {
        std::string why = e.what();  // named once: the kernel's message starts with the same file
        if (const std::string file = files[0].path.string() + ": "; why.starts_with(file)) why.erase(0, file.size());
        throw InvalidInput(fmt::format("{}: [study] kernel_reference '{}': {}", args.problem, name, why));
      }
    });
    cert::StudyKernelReference k;
    k.kernel = r.kernel;
    k.n = static_cast<long>(r.n);
    k.test_rows = static_cast<long>(r.test_rows);
    k.ridge = r.ridge;
    k.targets = r.targets;
    if (r.spd) {
      k.gram_verdict = std::string(to_string(r.spd->verdict));
      k.lambda_min = r.spd->lambda_min;
    }
    if (r.prediction) {
      k.test_accuracy = r.prediction->scores.accuracy.value_or(NAN);
      k.test_mse = r.prediction->scores.mse;
    }
    if (r.gd_prediction) {
      k.gd_steps = static_cast<long>(gd->steps);
      k.gd_step_size = gd->step_size;
      k.gd_test_accuracy = r.gd_prediction->scores.accuracy.value_or(NAN);
      k.gd_test_mse = r.gd_prediction->scores.mse;
    }
    k.reason = r.reason;
    k.seconds = r.seconds;
    out.push_back(k);
  }
  return out;
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
      admit_work(files[i].path, work_of(spec), loaded.data, loaded.model, train_config(files[i]));
      std::cout << fmt::format("point {} ({}): ", i, point_label(spec, i));
      print_admitted();
    }
    return 0;
  }
  std::vector<cert::StudyKernelReference> references = kernel_references(args, spec, files);
  data::OutputSet set(args.out, args.force);
  cert::StudyResult result;
  result.verify = spec.verify;
  result.kernel_references = std::move(references);
  // A reference without a prediction (its Gram not certified) leaves the study incomplete: exit 3.
  bool failed = std::any_of(result.kernel_references.begin(), result.kernel_references.end(),
                            [](const cert::StudyKernelReference& k) { return !k.reason.empty(); });
  result.theorem = theorem.id;
  result.problem = args.problem;
  result.train = spec.train;
  result.log_x = spec.log_x;
  result.claim = spec.claim;
  for (const auto& axis : spec.axes) result.keys.push_back(axis.key);
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
    for (const auto& k : result.kernel_references)
      std::cout << fmt::format("  {} kernel regression: test accuracy {}{}{}\n", k.kernel, cert::format_number(k.test_accuracy),
                               k.gd_steps > 0 ? fmt::format("; after {} steps of gradient descent with the kernel: {}", k.gd_steps,
                                                            cert::format_number(k.gd_test_accuracy))
                                              : std::string(),
                               k.reason.empty() ? "" : " (no prediction: " + k.reason + ")");
    for (std::size_t i = 0; i < result.points.size(); ++i) {
      const auto& p = result.points[i];
      std::string gaps;
      if (spec.train && !std::isnan(p.test_accuracy)) {
        gaps = fmt::format(", test accuracy {}", cert::format_number(p.test_accuracy));
        for (const auto& k : result.kernel_references)
          gaps += fmt::format(", gap {} - net {}", k.kernel, cert::format_number(k.test_accuracy - p.test_accuracy));
      }
      std::cout << fmt::format("  {}: {}{}{}\n", point_label(spec, i), p.verdict, gaps, p.error.empty() ? "" : " (" + p.error + ")");
    }
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
