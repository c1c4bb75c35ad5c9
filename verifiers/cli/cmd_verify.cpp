// `nncert verify [THEOREM] --problem P [--json]`: checks every hypothesis of a theorem.
// Exit 0 when all are certified, 1 when one is refuted, 3 otherwise, 2 for bad input or a problem
// whose estimated work exceeds the budget (admission.hpp).
#include <iostream>

#include <fmt/format.h>

#include "admission.hpp"
#include "command.hpp"
#include "progress.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verify.hpp"

namespace nncert::cli {
namespace {
using cert::to_json;

void print_human(const theory::VerificationReport& r) {
  std::cout << fmt::format("{}: {}\n", r.theorem.id, to_string(r.verdict));
  for (const auto& f : r.findings) {
    std::cout << fmt::format("  [{}] {} ({})\n", to_string(f.verdict), f.hypothesis_id, f.verifier);
    if (!f.quantity.empty())
      std::cout << fmt::format("      {} in [{:.6g}, {:.6g}]{}\n", f.quantity, f.enclosure.lower, f.enclosure.upper,
                               f.enclosure.certified ? "" : " (estimate)");
    if (!f.reason.empty()) std::cout << "      " << f.reason << '\n';
  }
}

const CommandRegistration registration{
    "verify", "check the hypotheses of a theorem on a problem", [](CLI::App& app) {
      auto theorem = std::make_shared<std::string>();
      auto problem = std::make_shared<std::string>();
      auto json = std::make_shared<bool>(false);
      app.add_option("theorem", *theorem, "theorem id or proofs/*.toml (default: the problem's theorem)");
      app.add_option("--problem", *problem, "problem file (TOML)")->required();
      app.add_flag("--json", *json, "print one JSON object");
      add_budget_options(app);
      auto dry_run = std::make_shared<bool>(false);
      app.add_flag("--dry-run", *dry_run, kDryRunHelp);
      return [=] {
        return naming_file(*problem, [&] {
          const theory::LoadedProblem loaded = theory::load_problem(*problem);
          const std::string id = theorem->empty() ? theory::theorem_named_by(loaded.problem) : *theorem;
          const theory::Theorem chosen = theory::find_theorem(id);
          admit_work(loaded.problem.path, Work::verify, loaded.data, loaded.model, train::TrainConfig{});
          if (*dry_run) return print_admitted();
          const theory::VerificationReport report = theory::verify(chosen, loaded, verification_progress());
          if (*json)
            std::cout << to_json(report).dump(2) << '\n';
          else
            print_human(report);
          return exit_code(report.verdict);
        });
      };
    }};

}  // namespace
}  // namespace nncert::cli
