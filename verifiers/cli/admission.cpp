#include "admission.hpp"

#include <algorithm>
#include <iostream>
#include <string>
#include <type_traits>

#include <fmt/format.h>

#include "nncert/data/admission.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/numeric/errors.hpp"
#include "work_estimates.hpp"

namespace nncert::cli {
namespace {

double widths_sum(const models::ModelConfig& model, Index d, Index k) {
  return std::visit(
      [&](const auto& c) -> double {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, models::MlpConfig>) {
          double s = 0;
          for (const Index w : c.widths) s += static_cast<double>(w);
          return s;
        } else if constexpr (std::is_same_v<C, models::ScaledShallowConfig>) {
          return static_cast<double>(d) + static_cast<double>(c.width) + static_cast<double>(k);
        } else if constexpr (std::is_same_v<C, models::CnnConfig>) {
          // Every convolutional layer keeps C values per pixel of each sample for back-propagation, and
          // as many again for the patch matrices, products and gradients in flight (measured: 406 MB
          // peak for n = 500, 14×14, C = 64, depth 3, with 1000 test rows; this gives 604 MB).
          return static_cast<double>(c.pixels()) *
                     (static_cast<double>(c.input_channels) + 2.0 * static_cast<double>(c.conv_layers() * c.channels)) +
                 static_cast<double>(k);
        } else {
          return static_cast<double>(d) + static_cast<double>(c.depth) * (static_cast<double>(c.hidden) + static_cast<double>(c.features)) +
                 static_cast<double>(k);
        }
      },
      model);
}

// The first layer (1-based) of an MLP whose parameters the block list trains: "all" trains layer 1
// upward, "output" the last layer, "layer:j" layer j. A name this does not know counts as layer 1 (the
// most work); the trainer rejects it later with the allowed names.
Index lowest_trained_layer(const std::string& blocks, Index layers) {
  Index lowest = layers;
  std::string::size_type start = 0;
  while (true) {
    const auto plus = blocks.find('+', start);
    const std::string name = blocks.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
    Index layer = 1;
    if (name == "output") {
      layer = layers;
    } else if (name.rfind("layer:", 0) == 0) {
      try {
        layer = std::clamp<Index>(std::stol(name.substr(6)), 1, layers);
      } catch (const std::exception&) {
        layer = 1;
      }
    }
    lowest = std::min(lowest, layer);
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  return lowest;
}

// Parameters of an MLP's layers from `first` (1-based) upward.
double mlp_parameters_from(const models::MlpConfig& c, Index first) {
  double p = 0;
  for (std::size_t l = static_cast<std::size_t>(first); l < c.widths.size(); ++l)
    p += static_cast<double>(c.widths[l - 1]) * static_cast<double>(c.widths[l]) +
         (c.bias ? static_cast<double>(c.widths[l]) : 0.0);
  return p;
}

// Σ over the run's steps of the parameters a step evaluates (train/set_evaluator.cpp: a segment that
// trains only layers >= k of an MLP evaluates the frozen prefix once, then layers k.. per step).
double parameter_steps(const models::ModelConfig& model, double p, const train::TrainConfig& config) {
  const double steps = static_cast<double>(config.steps);
  if (const auto* cnn = std::get_if<models::CnnConfig>(&model)) {
    // A convolution applies each filter weight at every pixel: per sample, PQ multiply-adds per
    // convolutional parameter (the readout's parameters once each).
    const double readout = static_cast<double>(cnn->output_dim) *
                           static_cast<double>(cnn->readout == models::CnnReadout::vanilla ? cnn->channels * cnn->pixels() : cnn->channels);
    return steps * ((p - readout) * static_cast<double>(cnn->pixels()) + readout);
  }
  const auto* mlp = std::get_if<models::MlpConfig>(&model);
  if (mlp == nullptr || mlp->widths.size() < 2) return steps * p;
  const Index layers = static_cast<Index>(mlp->widths.size()) - 1;
  auto per_step = [&](const std::string& blocks) { return mlp_parameters_from(*mlp, lowest_trained_layer(blocks, layers)); };
  switch (config.algorithm) {
    case train::Algorithm::gd:
    case train::Algorithm::gradient_flow:
      return steps * per_step(config.block.value_or("all"));
    case train::Algorithm::kawaguchi_sun_two_phase:
    case train::Algorithm::alignment_framework: {
      const double tau = std::clamp(static_cast<double>(config.tau.value_or(config.steps / 2)), 0.0, steps);
      return tau * p + (steps - tau) * per_step(config.block.value_or("output"));
    }
    default:
      return steps * p;
  }
}

}  // namespace

double parameter_count(const models::ModelConfig& model, Index d, Index k) {
  return std::visit(
      [&](const auto& c) -> double {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, models::MlpConfig>) {
          double p = 0;
          for (std::size_t l = 0; l + 1 < c.widths.size(); ++l)
            p += static_cast<double>(c.widths[l]) * static_cast<double>(c.widths[l + 1]) +
                 (c.bias ? static_cast<double>(c.widths[l + 1]) : 0.0);
          return p;
        } else if constexpr (std::is_same_v<C, models::ScaledShallowConfig>) {
          const double dd = static_cast<double>(c.input_dim > 0 ? c.input_dim : d);
          return static_cast<double>(c.width) * (dd + static_cast<double>(k));
        } else if constexpr (std::is_same_v<C, models::CnnConfig>) {
          return static_cast<double>(models::parameter_count(c));
        } else {
          return static_cast<double>(c.depth) * static_cast<double>(c.features) * static_cast<double>(c.hidden);
        }
      },
      model);
}

int print_admitted() {
  std::cout << "admitted: " << data::last_admitted() << '\n';
  return 0;
}

void add_budget_options(CLI::App& app) {
  app.add_option_function<std::string>(
      "--max-memory",
      [](const std::string& s) {
        try {
          data::set_budget(data::parse_size(s, "--max-memory"), 0);
        } catch (const InvalidInput& e) {
          throw CLI::ValidationError(e.what());
        }
      },
      "memory budget, e.g. 8G (default: the machine's available memory)");
  app.add_option_function<double>(
      "--max-seconds",
      [](double s) {
        if (!(s > 0)) throw CLI::ValidationError("--max-seconds", "must be > 0");
        data::set_budget(0, s);
      },
      fmt::format("time budget in seconds (default {:.0f})", data::kDefaultMaxSeconds));
}

void admit_work(const std::filesystem::path& problem, Work work, const data::Dataset& ds,
                const models::ModelConfig& model, const train::TrainConfig& config) {
  const double n = static_cast<double>(ds.n());
  const double d = static_cast<double>(ds.d());
  const double k = static_cast<double>(ds.k() > 0 ? ds.k() : 1);
  const double p = parameter_count(model, ds.d(), ds.k());
  const double w = widths_sum(model, ds.d(), ds.k());
  using namespace estimate;
  // verify: the data's Gram, λ_min of it certified, the Jacobian J_S and J_S J_Sᵀ; a node-scaled
  // shallow net's tangent Gram is formed in closed form, never through its Jacobian.
  const auto* shallow = std::get_if<models::ScaledShallowConfig>(&model);
  const data::Estimate tangent = shallow != nullptr
                                     ? shallow_tangent_gram(n, static_cast<double>(shallow->width), d, k)
                                     : jacobian(n * k, p) + jacobian_gram(n, k, p);
  const data::Estimate verifying = data_matrix(n, d) + gram(n, d) + spd_certificate(n * k) + tangent;
  const data::Estimate training_run =
      training(n, d, w, p, static_cast<double>(config.steps), parameter_steps(model, p, config));
  data::Estimate e = work == Work::verify ? verifying : work == Work::train ? training_run : then(verifying, training_run);
  const char* name = work == Work::verify ? "verify" : work == Work::train ? "train" : "prove";
  e.what = fmt::format("{} with n = {}, d = {}, k = {}, p = {:.0f} parameters{}", name, ds.n(), ds.d(), ds.k(), p,
                       work == Work::verify ? std::string() : fmt::format(", steps = {}", config.steps));
  data::admit(problem.string(), e);
}

models::ProblemModel load_admitted_model(const std::filesystem::path& problem, const std::string& command) {
  models::ProblemModel out;
  out.problem = data::read_problem_file(problem);
  out.data = data::load_dataset(out.problem);
  out.config = models::model_config_from_problem(out.problem, out.data);
  const double p = parameter_count(out.config, out.data.d(), out.data.k());
  data::Estimate e = estimate::data_matrix(static_cast<double>(out.data.n()), static_cast<double>(out.data.d())) +
                     estimate::model(p);
  e.what = fmt::format("{}: the model of p = {:.0f} parameters", command, p);
  data::admit(out.problem.path.string(), e);
  out.model = models::build_model<double>(out.config);
  return out;
}

void add_dry_run_option(CLI::App& app, bool& dry_run) { app.add_flag("--dry-run", dry_run, kDryRunHelp); }

}  // namespace nncert::cli
