// `nncert check CERT.json`: re-verifies a certificate (lib/cert check.hpp says what and how).
// Exit 0 valid, 1 invalid (naming the first failing claim), 2 unreadable.
#include <iostream>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/cert/check.hpp"

namespace nncert::cli {
namespace {

const CommandRegistration registration{
    "check", "re-verify a certificate independently", [](CLI::App& app) {
      auto file = std::make_shared<std::string>();
      app.add_option("certificate", *file, "certificate.json")->required();
      return [=] {
        const cert::CheckResult r = cert::check_certificate(*file);
        for (const auto& i : r.items)
          std::cout << fmt::format("  [{}] {} ({}){}\n", i.skipped ? "skip" : i.passed ? "ok" : "FAIL", i.claim, i.route,
                                   i.detail.empty() ? "" : ": " + i.detail);
        if (const auto* f = r.first_failure()) {
          std::cout << "invalid\n";
          std::cerr << fmt::format("nncert: certificate invalid: {} ({}){}\n", f->claim, f->route, f->detail.empty() ? "" : ": " + f->detail);
          return 1;
        }
        std::cout << "valid\n";
        return 0;
      };
    }};

}  // namespace
}  // namespace nncert::cli
