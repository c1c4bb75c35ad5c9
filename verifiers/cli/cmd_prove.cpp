// `nncert prove [THEOREM] --problem P --out DIR`: verify the hypotheses, train, predict, confirm, and
// write DIR/{certificate.json, trajectory.csv, report.md, report.html} (DESIGN.md §1, §3).
// Exit 0 every hypothesis certified and the prediction confirmed; 1 a hypothesis refuted or the
// prediction violated; 3 otherwise; 2 bad input.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/cert/prove.hpp"

namespace nncert::cli {
namespace {

// A progress bar on stderr, drawn only when stderr is a terminal; redrawn at most 100 times.
train::ProgressCallback progress_bar() {
  if (!isatty(STDERR_FILENO)) return {};
  auto last = std::make_shared<long>(-1);
  return [last](Index done, Index total) {
    const long percent = total > 0 ? static_cast<long>(100 * done / total) : 100;
    if (percent == *last) return;
    *last = percent;
    const int filled = static_cast<int>(percent * 40 / 100);
    std::fprintf(stderr, "\rtraining [%s%s] %3ld%% (%ld/%ld)", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(40 - filled), ' ').c_str(), percent, static_cast<long>(done),
                 static_cast<long>(total));
    if (done >= total) std::fputc('\n', stderr);
    std::fflush(stderr);
  };
}

const CommandRegistration registration{
    "prove", "verify, train, predict and confirm; write a certificate and a report", [](CLI::App& app) {
      auto options = std::make_shared<cert::ProveOptions>();
      auto problem = std::make_shared<std::string>();
      auto out = std::make_shared<std::string>();
      app.add_option("theorem", options->theorem, "theorem id or proofs/*.toml (default: the problem's theorem)");
      app.add_option("--problem", *problem, "problem file (TOML)")->required();
      app.add_option("--out", *out, "output directory")->required();
      return [=] {
        options->problem = *problem;
        options->out = *out;
        options->progress = progress_bar();
        const cert::ProveOutcome r = cert::prove(*options);
        const auto& c = r.certificate;
        std::cout << fmt::format("{}: hypotheses {}, prediction {}, confirmation {}\n", c["theorem"]["id"].get<std::string>(),
                                 c["verdict"].get<std::string>(),
                                 c["prediction"]["applicable"].get<bool>() ? "applicable" : "not applicable",
                                 c["confirmation"]["verdict"].get<std::string>());
        std::cout << "certificate: " << r.certificate_file.string() << '\n';
        std::cout << "report: " << r.report_html.string() << " (also " << r.report_md.string() << ")\n";
        return r.exit_code;
      };
    }};

}  // namespace
}  // namespace nncert::cli
