#pragma once
// Sub-commands of `nncert` register themselves here: each cmd_*.cpp defines one static
// CommandRegistration, so adding a command touches no other file.
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "nncert/numeric/errors.hpp"

namespace nncert::cli {

// Runs `action`; an InvalidInput whose message does not name `file` (e.g. "unknown theorem 'x'",
// raised by a layer that never saw the file) is re-thrown prefixed with "FILE: ", so that every
// message of a command that reads a problem file names it.
template <class F>
auto naming_file(const std::string& file, F&& action) -> decltype(action()) {
  try {
    return action();
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    if (message.find(file) != std::string::npos) throw;
    throw InvalidInput(file + ": " + message);
  }
}

// Adds the sub-command's options to `app` and returns the action run when it is chosen. The action
// returns the process exit code; it throws InvalidInput for bad input (reported as exit code 2).
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

struct Command {
  std::string parent;  // empty for a top-level command; else e.g. "kernel" for `nncert kernel ntk`
  std::string name;
  std::string description;
  CommandSetup setup;
};

std::vector<Command>& command_registry();

struct CommandRegistration {
  CommandRegistration(std::string name, std::string description, CommandSetup setup) {
    command_registry().push_back({"", std::move(name), std::move(description), std::move(setup)});
  }
  // A sub-command of a group such as `kernel`; the group is created by the first member registered.
  CommandRegistration(std::string parent, std::string name, std::string description, CommandSetup setup) {
    command_registry().push_back(
        {std::move(parent), std::move(name), std::move(description), std::move(setup)});
  }
};

}  // namespace nncert::cli
