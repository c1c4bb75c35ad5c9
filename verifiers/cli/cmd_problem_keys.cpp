// `nncert problem-keys [--check P ...]` (hidden): prints every key the problem-file parsers accept,
// one per line, as "SECTION VARIANT KEY" ("top" for the top level, "-" when the list has no variant).
// It reads the registry the parsers check against, so tests/cli/docs_problem_keys.sh can hold
// docs/problem-files.md to what the code accepts. With --check it instead loads each problem file's
// keys (no data, no model) and exits 2 at the first unknown key, for tests/cli/strict_keys.sh.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/data/problem_keys.hpp"

namespace nncert::cli {
namespace {
const CommandRegistration registration{
    "problem-keys", "print the keys each problem-file section accepts", [](CLI::App& app) {
      app.group("");  // hidden from --help: a tool for the documentation and strict-key tests
      auto files = std::make_shared<std::vector<std::string>>();
      app.add_option("--check", *files, "problem files whose keys to check");
      return [files] {
        if (!files->empty()) {
          for (const auto& file : *files) (void)data::read_problem_file(file);  // throws on an unknown key
          return 0;
        }
        for (const auto& entry : data::problem_file_keys())
          for (const auto key : entry.keys)
            std::cout << (entry.section.empty() ? "top" : entry.section) << ' '
                      << (entry.variant.empty() ? "-" : entry.variant) << ' ' << key << '\n';
        return 0;
      };
    }};
}  // namespace
}  // namespace nncert::cli
