#pragma once
// The keys each section of a problem file accepts, stated once. The section parsers ([data] here,
// [model] in models, [train] in train, [kernel] in the CLI) check their table against this list, and
// read_problem_file checks every section against it when the file is loaded, so a misspelt key is an
// error in every command, including the commands that never read that section (`verify` ignores
// [train], `prove` ignores [kernel]). `nncert problem-keys` prints the list, and a test checks that
// docs/problem-files.md documents every key in it.
//
// [verify] is not listed: its keys are the parameters of the theorem's verifiers and are checked
// where the verifiers are known.
#include <span>
#include <string_view>

#include "nncert/data/problem_file.hpp"

namespace nncert::data {

struct SectionKeys {
  std::string_view section;  // "" for the top level, else the table name: "data", "model", ...
  std::string_view variant;  // "" for the whole section, else the [model] kind the list applies to
  std::span<const std::string_view> keys;
};

// Every entry, top level first, in a fixed order.
std::span<const SectionKeys> problem_file_keys();

// The keys of `section` (and, for [model], of the kind `variant`). An unknown section/variant is a
// programming error: std::logic_error.
std::span<const std::string_view> section_keys(std::string_view section, std::string_view variant = "");

// True when the registry covers `section` (every section but [verify]).
bool section_has_key_list(std::string_view section);

// Checks every table of the problem file that the registry covers, in file order of the sections,
// and throws InvalidInput "FILE:LINE: unknown key 'x' in [section] (allowed: ...)" for the first
// unknown key. [model] is checked against the list of its `kind` (default "mlp"); a kind that is not
// a known name is left for the model parser to report.
void check_problem_keys(const ProblemFile& problem);

}  // namespace nncert::data
