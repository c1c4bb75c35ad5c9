// nncert: turns convergence theorems about neural networks into checkable certificates.
// Exit codes (DESIGN.md §3): 0 certified/confirmed/valid, 1 refuted/violated/invalid, 3 inconclusive,
// 2 usage error or bad input (one line on stderr naming the file and the problem).
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <new>

#include "command.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/memory_policy.hpp"
#include "nncert/numeric/range_error.hpp"
#include "nncert/numeric/verdict.hpp"

namespace nncert::cli {
std::vector<Command>& command_registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace nncert::cli

int main(int argc, char** argv) {
  using namespace nncert;
  keep_freed_memory_in_process();
  CLI::App app{"nncert: certificates for convergence theorems about neural networks"};
  app.set_version_flag("--version", NNCERT_VERSION);
  app.require_subcommand(1);
  std::map<CLI::App*, std::function<int()>> actions;
  std::map<std::string, CLI::App*> groups;
  for (auto& command : cli::command_registry()) {
    CLI::App* parent = &app;
    if (!command.parent.empty()) {
      auto& group = groups[command.parent];
      if (!group) {
        group = app.add_subcommand(command.parent, command.parent + " commands");
        group->require_subcommand(1);
      }
      parent = group;
    }
    CLI::App* sub = parent->add_subcommand(command.name, command.description);
    actions[sub] = command.setup(*sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "nncert: usage error: " << e.what() << " (see nncert --help)\n";
    return kExitBadInput;
  }
  try {
    for (auto& [sub, action] : actions)
      if (sub->parsed()) return action();
    return kExitBadInput;
  } catch (const InvalidInput& e) {
    std::cerr << "nncert: error: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const UnsoundEnvironment& e) {
    std::cerr << "nncert: error: " << e.what() << '\n';
    return exit_code(Verdict::inconclusive);
  } catch (const RangeExceeded& e) {  // valid input beyond the double range: inconclusive, with the reason
    std::cerr << "nncert: inconclusive: " << e.what() << '\n';
    return exit_code(Verdict::inconclusive);
  } catch (const std::bad_alloc&) {
    std::cerr << "nncert: error: out of memory\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "nncert: internal error: " << e.what() << '\n';
    return 4;
  }
}
