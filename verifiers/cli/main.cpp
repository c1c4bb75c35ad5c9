// nncert: turns convergence theorems about neural networks into checkable certificates.
// Exit codes: 0 certified/confirmed/valid, 1 refuted/violated/invalid, 3 inconclusive, 2 usage error,
// bad input or refused by admission control or an output lock (one line on stderr naming the file
// and the problem), 130 / 143 interrupted by SIGINT / SIGTERM (interrupts.hpp). Anything else is a
// defect: "internal error", exit 4, is printed only for an exception that no layer turned into one
// of the above.
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <new>
#include <string>
#include <string_view>

#include "command.hpp"
#include "interrupts.hpp"
#include "nncert/data/admission.hpp"
#include "nncert/data/message_text.hpp"
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

namespace {

// Every message leaves as one printable line of bounded length, whatever the input held.
void print_error(std::string_view kind, std::string_view message) {
  std::cerr << "nncert: " << kind << ": " << nncert::data::one_line_message(message) << '\n';
}

// "a, b, c": the names of the sub-commands of `parent`.
std::string command_names(const CLI::App& parent) {
  std::string names;
  for (const CLI::App* sub : parent.get_subcommands([](const CLI::App*) { return true; }))
    names += (names.empty() ? "" : ", ") + sub->get_name();
  return names;
}

// A word where a command is expected that names none (`nncert frobnicate`, `nncert kernel frob`):
// the one-line error lists the commands there are. Returns the message, or "" when the words are fine.
std::string unknown_command(const CLI::App& app, int argc, char** argv) {
  const CLI::App* level = &app;
  std::string path = "nncert";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') return "";
    const auto subs = level->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty()) return "";
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : subs)
      if (sub->get_name() == word) next = sub;
    if (next == nullptr)
      return "unknown command '" + word + "' for " + path + " (commands: " + command_names(*level) + "; see " + path +
             " --help)";
    level = next;
    path += " " + word;
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace nncert;
  // First, before any other thread exists: the threads created later inherit the blocked signals.
  cli::handle_interrupts_in_a_dedicated_thread();
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
  if (const std::string unknown = unknown_command(app, argc, argv); !unknown.empty()) {
    print_error("usage error", unknown);
    return kExitBadInput;
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
    print_error("usage error", std::string(e.what()) + " (see nncert --help)");
    return kExitBadInput;
  }
  try {
    for (auto& [sub, action] : actions)
      if (sub->parsed()) return action();
    return kExitBadInput;
  } catch (const InvalidInput& e) {
    print_error("error", e.what());
    return kExitBadInput;
  } catch (const UnsoundEnvironment& e) {
    print_error("error", e.what());
    return exit_code(Verdict::inconclusive);
  } catch (const RangeExceeded& e) {  // valid input beyond the double range: inconclusive, with the reason
    std::cerr << "nncert: inconclusive: " << e.what() << '\n';
    return exit_code(Verdict::inconclusive);
  } catch (const std::bad_alloc&) {
    // Admission control should have refused this; say what had been admitted and estimated.
    const std::string admitted = data::last_admitted();
    print_error("error", admitted.empty() ? std::string("out of memory (before any size estimate was made)")
                                          : "out of memory while running " + admitted);
    return kExitBadInput;
  } catch (const std::filesystem::filesystem_error& e) {
    // The file system refused an operation on a named path: an environment problem, not a defect.
    print_error("error", e.path1().string() + ": " + e.code().message());
    return kExitBadInput;
  } catch (const std::exception& e) {
    print_error("internal error", e.what());
    return 4;
  }
}
