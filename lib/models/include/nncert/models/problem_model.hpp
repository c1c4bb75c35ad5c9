#pragma once
// A problem file's data and model at θ0 (docs/design.md#data-flow-of-nncert-prove: data, then models), for the
// commands, verifiers and the trainer.
//   auto pm = nncert::models::load_problem_model("problem.toml");
//   MatD K = pm.model->ntk_gram(pm.data.X);
#include <filesystem>
#include <memory>

#include "nncert/data/dataset.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/models/model.hpp"
#include "nncert/models/model_config.hpp"

namespace nncert::models {

// Parses [model] of a problem whose data is already loaded (d and k come from `data`).
ModelConfig model_config_from_problem(const data::ProblemFile& problem, const data::Dataset& data);

struct ProblemModel {
  data::ProblemFile problem;
  data::Dataset data;
  ModelConfig config;
  std::unique_ptr<Model<double>> model;  // at θ0
};

// Reads the file, loads [data], parses [model] and builds the double model. InvalidInput on any error.
ProblemModel load_problem_model(const std::filesystem::path& path);

}  // namespace nncert::models
