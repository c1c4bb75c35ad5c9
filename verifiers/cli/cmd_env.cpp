// `nncert env`: prints the floating-point environment check that gates every certificate.
#include <iostream>

#include "command.hpp"
#include "nncert/numeric/fp_environment.hpp"

namespace nncert::cli {
namespace {
const CommandRegistration registration{
    "env", "check the floating-point environment that certificates rely on", [](CLI::App&) {
      return [] {
        const auto check = check_fp_environment();
        std::cout << (check.sound ? "sound" : "unsound: " + check.problem) << '\n';
        return check.sound ? 0 : 3;
      };
    }};
}  // namespace
}  // namespace nncert::cli
