// libFuzzer target: the problem file (TOML syntax, top-level keys) and its [data] section, whose
// synthetic sources run under the small budget of fuzz_input.hpp.
#include <string>

#include "fuzz_input.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/numeric/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  (void)nncert::fuzz::input_file(".toml");  // sets the budget once
  try {
    const auto problem = nncert::data::parse_problem_text(
        std::string(reinterpret_cast<const char*>(bytes), size), "fuzz.toml");
    // Only synthetic sources: file sources would read whatever path the input names.
    const toml::table* data = problem.table["data"].as_table();
    const auto* source = data != nullptr ? data->get_as<std::string>("source") : nullptr;
    if (source != nullptr && source->get().starts_with("synthetic:")) (void)nncert::data::load_dataset(problem);
  } catch (const nncert::InvalidInput&) {
  }
  return 0;
}
