#include "nncert/cert/prediction_binding.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "nncert/cert/certificate.hpp"
#include "nncert/data/section_reader.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::cert {

theory::TrainedProtocol trained_protocol(const train::TrainConfig& config, double step_size, double phase2_step_size) {
  using train::Algorithm;
  theory::TrainedProtocol p;
  p.algorithm = std::string(train::to_string(config.algorithm));
  const bool two_phase =
      config.algorithm == Algorithm::kawaguchi_sun_two_phase || config.algorithm == Algorithm::alignment_framework;
  if (!two_phase) {
    // gd, gradient-flow, node-scaled, rff-resnet-*: one phase (phase column 0) on [train].block.
    p.phases.push_back({0, config.steps, config.block.value_or("all"), step_size});
    return p;
  }
  // trainer.cpp two_phase(): phase 1 GD on every parameter for tau steps, the switch, phase 2 on the
  // block (default "output") for steps - tau steps.
  const Index tau = config.tau.value_or(config.steps / 2);
  p.phases.push_back({1, tau, "all", step_size});
  p.phases.push_back({2, config.steps - tau, config.block.value_or("output"), phase2_step_size});
  if (config.perturbation_scale > 0) {
    p.perturbed = true;
    p.perturbation = fmt::format("the switch perturbation at tau = {} (scale {:g}, on {}{})", tau, config.perturbation_scale,
                                 train::to_string(config.perturb),
                                 config.algorithm == Algorithm::alignment_framework ? ", applied when DAA is not observed" : "");
  }
  return p;
}

theory::BlockResolver block_resolver(const models::ModelConfig& config) {
  std::shared_ptr<models::Model<double>> model = models::build_model<double>(config);
  return [model](const std::string& list) {
    std::string names = list;
    std::replace(names.begin(), names.end(), '+', ',');
    std::vector<std::pair<Index, Index>> ranges;
    for (const auto& name : models::split_block_list(names)) {
      const auto b = model->block(name);
      ranges.emplace_back(b.offset, b.offset + b.size);
    }
    std::sort(ranges.begin(), ranges.end());
    theory::ParameterSet merged;
    for (const auto& r : ranges) {
      if (!merged.empty() && r.first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, r.second);
      else if (r.second > r.first)
        merged.push_back(r);
    }
    return merged;
  };
}

theory::ProtocolBinding bind_protocol(const theory::Theorem& theorem, const std::vector<theory::Finding>& findings,
                                      const theory::LoadedProblem& problem, double step_size, double phase2_step_size) {
  toml::table section;
  if (const toml::table* t = data::optional_section(problem.problem, "train")) section = *t;
  const train::TrainConfig config = train::parse_train_config(section, problem.problem.path.string());
  theory::ProtocolBinding b;
  b.bound = true;
  try {
    b.mismatch = theory::protocol_mismatch(theorem.conclusion.protocol, theorem.conclusion.phase, findings,
                                           trained_protocol(config, step_size, phase2_step_size),
                                           block_resolver(problem.model));
  } catch (const InvalidInput& e) {
    b.mismatch = fmt::format("a block cannot be resolved: {}", e.what());
  }
  return b;
}

void add_model_quantities(std::map<std::string, Interval>& q, const models::ModelConfig& model) {
  double width = 0;
  if (const auto* mlp = std::get_if<models::MlpConfig>(&model)) {
    width = mlp->widths.size() > 2 ? static_cast<double>(*std::min_element(mlp->widths.begin() + 1, mlp->widths.end() - 1)) : 0;
  } else if (const auto* shallow = std::get_if<models::ScaledShallowConfig>(&model)) {
    width = static_cast<double>(shallow->width);
  } else if (const auto* rff = std::get_if<models::RffResNetConfig>(&model)) {
    width = static_cast<double>(rff->features);
  } else if (const auto* cnn = std::get_if<models::CnnConfig>(&model)) {
    width = static_cast<double>(cnn->channels);
  }
  q["width"] = point(width);
}

theory::Confirmation confirm_every_step(const theory::Prediction& prediction, const ComparedSeries& rows,
                                        const ComparedSeries& every_step, int phase) {
  if (prediction.kind == "global-minimum") return confirm_series(prediction, rows, phase);
  return confirm_series(prediction, every_step, phase);
}

theory::Strength strength_of(const theory::Prediction& prediction, const ComparedSeries& every_step,
                             const TrajectoryTable& table) {
  theory::ComparedRun run;
  if (!every_step.steps.empty()) {
    run.length = every_step.steps.back();
    run.phase_start_loss = every_step.losses.front();
  }
  const auto losses = table.column("loss");
  if (!losses.empty()) run.run_initial_loss = losses.front();
  return theory::grade_strength(prediction, run);
}

}  // namespace nncert::cert
