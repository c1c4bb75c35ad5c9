// `nncert prove [THEOREM] --problem P --out DIR`: verify the hypotheses, train, predict, confirm, and
// write DIR/{certificate.json, trajectory.csv, report.md, report.html} (docs/design.md#data-flow-of-nncert-prove).
// Exit 0 every hypothesis certified and the prediction confirmed; 1 a hypothesis refuted or the
// prediction violated; 5 certified but the run too short to compare ("not reached"); 3 otherwise; 2
// bad input, a problem over the budget (admission.hpp), or an
// --out that is locked by another run or holds something else (output_set.hpp).
// Everything is written into a staging directory beside DIR and published in one rename: DIR holds
// the previous set or the new one, never a mix, and an interrupted run leaves it untouched.

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "admission.hpp"
#include "command.hpp"
#include "progress.hpp"
#include "nncert/cert/prove.hpp"
#include "nncert/cert/report.hpp"
#include "nncert/data/output_set.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verify.hpp"
#include "nncert/train/pruning.hpp"
#include "nncert/train/train_config.hpp"

namespace nncert::cli {
namespace {

const CommandRegistration registration{
    "prove", "verify, train, predict and confirm; write a certificate and a report", [](CLI::App& app) {
      auto options = std::make_shared<cert::ProveOptions>();
      auto problem = std::make_shared<std::string>();
      auto out = std::make_shared<std::string>();
      auto force = std::make_shared<bool>(false);
      app.add_option("theorem", options->theorem, "theorem id or proofs/*.toml (default: the problem's theorem)");
      app.add_option("--problem", *problem, "problem file (TOML)")->required();
      app.add_option("--out", *out, "output directory")->required();
      app.add_flag("--force", *force, "replace --out even if it holds something other than an nncert output set");
      add_budget_options(app);
      auto dry_run = std::make_shared<bool>(false);
      app.add_flag("--dry-run", *dry_run, kDryRunHelp);
      auto json = std::make_shared<bool>(false);
      app.add_flag("--json", *json, "print one JSON object on stdout: the verdicts, the strength and the files written");
      return [=] {
        // Admission before any heavy work: sizes from the problem, nothing trained yet.
        naming_file(*problem, [&] {
          const theory::LoadedProblem loaded = theory::load_problem(*problem);
          const std::string id = options->theorem.empty() ? theory::theorem_named_by(loaded.problem) : options->theorem;
          (void)theory::find_theorem(id);
          train::TrainConfig config;
          if (const toml::table* t = data::optional_section(loaded.problem, "train"))
            config = train::parse_train_config(*t, loaded.problem.path.string());
          train::check_prune_keep(config, loaded.problem);
          admit_work(loaded.problem.path, Work::prove, loaded.data, loaded.model, config);
        });
        if (*dry_run) return print_admitted();
        data::OutputSet set(*out, *force);
        options->problem = *problem;
        options->out = set.staging();
        options->progress = training_progress();
        options->verify_progress = verification_progress();
        const cert::ProveOutcome r = naming_file(*problem, [&] { return cert::prove(*options); });
        set.publish();
        const auto& c = r.certificate;
        const auto published = [&](const std::filesystem::path& staged) { return (set.target() / staged.filename()).string(); };
        if (*json) {
          const nlohmann::json summary = {{"theorem", c["theorem"]["id"]},       {"verdict", c["verdict"]},
                                          {"prediction", c["prediction"]},       {"confirmation", c["confirmation"]},
                                          {"strength", c["strength"]},           {"exit_code", r.exit_code},
                                          {"certificate", published(r.certificate_file)},
                                          {"report_html", published(r.report_html)}, {"report_md", published(r.report_md)}};
          std::cout << summary.dump() << '\n';
          return r.exit_code;
        }
        std::cout << fmt::format("{}: hypotheses {}, prediction {}, confirmation {}\n", c["theorem"]["id"].get<std::string>(),
                                 c["verdict"].get<std::string>(),
                                 cert::prediction_word(c["prediction"]),
                                 c["confirmation"]["verdict"].get<std::string>());
        std::cout << fmt::format("strength: {} ({})\n", c["strength"]["grade"].get<std::string>(), c["strength"]["reason"].get<std::string>());
        std::cout << "certificate: " << published(r.certificate_file) << '\n';
        std::cout << "report: " << published(r.report_html) << " (also " << published(r.report_md) << ")\n";
        return r.exit_code;
      };
    }};

}  // namespace
}  // namespace nncert::cli
