#include "nncert/models/problem_model.hpp"

#include "nncert/data/data_spec.hpp"
#include "nncert/models/build_model.hpp"

namespace nncert::models {

ModelConfig model_config_from_problem(const data::ProblemFile& problem, const data::Dataset& data) {
  const toml::table& section = data::require_section(problem, "model");
  return parse_model_config(section, data.d(), data.k(), problem.path.string(), data.image);
}

ProblemModel load_problem_model(const std::filesystem::path& path) {
  ProblemModel out;
  out.problem = data::read_problem_file(path);
  out.data = data::load_dataset(out.problem);
  out.config = model_config_from_problem(out.problem, out.data);
  out.model = build_model<double>(out.config);
  return out;
}

}  // namespace nncert::models
