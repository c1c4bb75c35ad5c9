// `nncert check CERT.json [--no-replay]`: re-verifies a certificate (lib/cert check.hpp says what and
// how). Exit 0 valid, 1 invalid (naming the certificate and the first failing claim), 2 unreadable or
// over the budget: the replay is admitted (admission.hpp) with the estimate of `prove` on the
// embedded problem (of `verify` with --no-replay) before any of it runs.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "admission.hpp"
#include "command.hpp"
#include "nncert/cert/certificate.hpp"
#include "nncert/cert/certificate_schema.hpp"
#include "nncert/cert/check.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/models/problem_model.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/train/train_config.hpp"

namespace nncert::cli {
namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

// Admits the work check is about to do, estimated on the certificate's embedded problem. Inputs that
// cannot be rebuilt are left to check_certificate, which reports them with its own message; only
// the admission's refusal leaves here.
void admit_check(const std::string& file, const cert::CheckOptions& options) {
  data::ProblemFile problem;
  data::Dataset ds;
  models::ModelConfig model;
  train::TrainConfig config;
  try {
    const nlohmann::json c = cert::read_certificate(file);
    const std::string where = cert::problem_location(file, c, options).string();
    problem = data::parse_problem_text(c["problem"]["text"].get<std::string>(), where);
    ds = data::load_dataset(problem);
    model = models::model_config_from_problem(problem, ds);
    if (const toml::table* t = data::optional_section(problem, "train")) config = train::parse_train_config(*t, where);
  } catch (const InvalidInput&) {
    return;
  }
  admit_work(file, options.replay ? Work::prove : Work::verify, ds, model, config);
}

const CommandRegistration registration{
    "check", "re-verify a certificate independently (replays the training)", [](CLI::App& app) {
      auto file = std::make_shared<std::string>();
      auto no_replay = std::make_shared<bool>(false);
      auto data_root = std::make_shared<std::string>();
      app.add_option("certificate", *file, "certificate.json")->required();
      app.add_flag("--no-replay", *no_replay,
                   "do not re-run the training: the trajectory file is taken as recorded (bound by its hash); a weaker verdict");
      app.add_option("--data-root", *data_root,
                     "directory the problem's relative data paths resolve against (default: where the problem file was, "
                     "recorded relative to the certificate)");
      add_budget_options(app);
      auto dry_run = std::make_shared<bool>(false);
      add_dry_run_option(app, *dry_run);
      auto json = std::make_shared<bool>(false);
      app.add_flag("--json", *json, "print one JSON object on stdout: the verdict and every item checked");
      return [=] {
        cert::CheckOptions options;
        options.replay = !*no_replay;
        options.data_root = *data_root;
        admit_check(*file, options);
        if (*dry_run) return print_admitted();
        const cert::CheckResult r = cert::check_certificate(*file, options);
        const auto* failure = r.first_failure();
        if (*json) {
          nlohmann::json items = nlohmann::json::array();
          for (const auto& i : r.items)
            items.push_back({{"claim", i.claim}, {"route", i.route}, {"status", i.skipped ? "skipped" : i.passed ? "ok" : "failed"},
                             {"detail", i.detail}});
          const std::string verdict = failure ? "invalid" : r.replayed ? "valid" : "valid without replay";
          std::cout << nlohmann::json{{"certificate", *file}, {"verdict", verdict}, {"replayed", r.replayed}, {"items", items},
                                      {"informational", cert::informational_fields()}, {"not_rederived", r.not_rederived}}
                           .dump()
                    << '\n';
          if (failure)
            std::cerr << fmt::format("nncert: {}: certificate invalid: {} ({}){}\n", *file, failure->claim, failure->route,
                                     failure->detail.empty() ? "" : ": " + failure->detail);
          return failure ? 1 : 0;
        }
        for (const auto& i : r.items)
          std::cout << fmt::format("  [{}] {} ({}){}\n", i.skipped ? "skip" : i.passed ? "ok" : "FAIL", i.claim, i.route,
                                   i.detail.empty() ? "" : ": " + i.detail);
        std::cout << "informational (not checked, never a claim): " << joined(cert::informational_fields(), ", ") << '\n';
        if (const auto* f = failure) {
          std::cout << "invalid\n";
          std::cerr << fmt::format("nncert: {}: certificate invalid: {} ({}){}\n", *file, f->claim, f->route,
                                   f->detail.empty() ? "" : ": " + f->detail);
          return 1;
        }
        if (!r.replayed) {
          std::cout << "not re-derived (--no-replay): " << joined(r.not_rederived, "; ") << '\n';
          std::cout << "valid without replay: the claims above hold for the recorded trajectory; the training was not re-run\n";
          return 0;
        }
        std::cout << "valid\n";
        return 0;
      };
    }};

}  // namespace
}  // namespace nncert::cli
