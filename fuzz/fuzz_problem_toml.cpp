// libFuzzer target: the problem file (TOML syntax, the keys of every section as read_problem_file
// checks them), its [data] section, whose synthetic sources run under the small budget of
// fuzz_input.hpp, its [model] section, and its [study] sweep (the first and last points' problem texts,
// rebuilt and re-parsed).
#include <string>

#include "fuzz_input.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/data/problem_keys.hpp"
#include "nncert/data/study_spec.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/numeric/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  (void)nncert::fuzz::input_file(".toml");  // sets the budget once
  nncert::data::ProblemFile problem;
  try {
    problem = nncert::data::parse_problem_text(std::string(reinterpret_cast<const char*>(bytes), size), "fuzz.toml");
  } catch (const nncert::InvalidInput&) {
    return 0;
  }
  try {
    nncert::data::check_problem_keys(problem);
  } catch (const nncert::InvalidInput&) {
  }
  try {
    // Only synthetic sources: file sources would read whatever path the input names.
    const toml::table* data = problem.table["data"].as_table();
    const auto* source = data != nullptr ? data->get_as<std::string>("source") : nullptr;
    if (source != nullptr && source->get().starts_with("synthetic:")) (void)nncert::data::load_dataset(problem);
  } catch (const nncert::InvalidInput&) {
  }
  try {
    if (const toml::table* model = problem.table["model"].as_table())
      (void)nncert::models::parse_model_config(*model, 0, 0, "fuzz.toml");
  } catch (const nncert::InvalidInput&) {
  }
  try {
    if (problem.table.contains("study")) {
      const nncert::data::StudySpec spec = nncert::data::parse_study(problem);
      (void)nncert::data::study_point(problem, spec, 0);
      (void)nncert::data::study_point(problem, spec, spec.points() - 1);
      (void)nncert::data::study_point_values(spec, spec.points() - 1);
    }
  } catch (const nncert::InvalidInput&) {
  }
  return 0;
}
