// `nncert check CERT.json [--no-replay]`: re-verifies a certificate (lib/cert check.hpp says what and
// how). Exit 0 valid, 1 invalid (naming the certificate and the first failing claim), 2 unreadable.
#include <iostream>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/cert/certificate_schema.hpp"
#include "nncert/cert/check.hpp"

namespace nncert::cli {
namespace {

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
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
      return [=] {
        cert::CheckOptions options;
        options.replay = !*no_replay;
        options.data_root = *data_root;
        const cert::CheckResult r = cert::check_certificate(*file, options);
        for (const auto& i : r.items)
          std::cout << fmt::format("  [{}] {} ({}){}\n", i.skipped ? "skip" : i.passed ? "ok" : "FAIL", i.claim, i.route,
                                   i.detail.empty() ? "" : ": " + i.detail);
        std::cout << "informational (not checked, never a claim): " << joined(cert::informational_fields(), ", ") << '\n';
        if (const auto* f = r.first_failure()) {
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
