#include "admission.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <type_traits>

#include <fmt/format.h>

#include "nncert/data/accuracy.hpp"
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

// Seconds of one activation call (work_estimates.hpp: smooth or piecewise linear).
double activation_seconds(models::Activation activation) {
  switch (activation) {
    case models::Activation::relu:
    case models::Activation::leaky_relu:
    case models::Activation::identity:
      return estimate::kPiecewiseLinearActivationSeconds;
    default:
      return estimate::kSmoothActivationSeconds;
  }
}

// The costs per data row of an MLP's layers from `first` (1-based) upward: all of it for first = 1,
// its tail network for a segment whose lower layers are frozen (train/set_evaluator.cpp evaluates the
// frozen prefix once and then only layers first.. per step: the same products as the full pass there).
// Products: 2 flops per weight forward (z = W h); the loss gradient adds the backward pass δ W and
// the weight gradient δᵀ h, 2 flops per weight each: 6 per weight. Activations: one per hidden unit
// (its derivative comes with it; the output layer is linear).
estimate::ModelCosts mlp_costs_from(const models::MlpConfig& c, Index first) {
  estimate::ModelCosts out;
  out.layers = 0;
  out.activation_seconds = activation_seconds(c.activation);
  double hidden = 0;
  for (std::size_t l = static_cast<std::size_t>(first); l < c.widths.size(); ++l) {
    const double in = static_cast<double>(c.widths[l - 1]), width = static_cast<double>(c.widths[l]);
    out.parameters += in * width + (c.bias ? width : 0.0);
    out.units += width;
    out.layers += 1;
    out.gram_flops_per_entry += in + width;
    if (l + 1 < c.widths.size()) hidden += width;
  }
  out.units += static_cast<double>(c.widths[static_cast<std::size_t>(first) - 1]);  // the layer's input
  out.forward = {2 * out.parameters, hidden};
  out.gradient = {6 * out.parameters, hidden};
  return out;
}

// The costs per data row of the whole model (the trainer's loss and gradient: models' squared_loss_and_
// gradient; for the kinds without their own, a forward pass and then vjp, which repeats the forward pass).
estimate::ModelCosts model_costs(const models::ModelConfig& model, Index data_dim, Index data_outputs) {
  const double p = parameter_count(model, data_dim, data_outputs);
  const double w = widths_sum(model, data_dim, data_outputs);
  return std::visit(
      [&](const auto& c) -> estimate::ModelCosts {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, models::MlpConfig>) {
          return mlp_costs_from(c, 1);
        } else if constexpr (std::is_same_v<C, models::ScaledShallowConfig>) {
          // θ = W (m×d); f = σ(X Wᵀ/√d) (√λ ⊙ u): 2·m·d + 2·m·k flops and m activations per row. The
          // gradient: forward, then vjp's forward again, δ = r uᵀ√λ (2·m·k) and ∇W = δᵀ X (2·m·d).
          const double m = static_cast<double>(c.width);
          const double dd = static_cast<double>(c.input_dim > 0 ? c.input_dim : data_dim);
          const double k = static_cast<double>(data_outputs > 0 ? data_outputs : 1);
          return {m * dd, w, 1, activation_seconds(c.activation), dd + m, {2 * m * dd + 2 * m * k, m},
                  {6 * m * dd + 6 * m * k, 2 * m}};
        } else if constexpr (std::is_same_v<C, models::RffResNetConfig>) {
          // Per residual layer (q hidden, P features): φ(x Ωᵀ + b) (2·q·P flops, a cos and a sin per
          // feature), then Θ_kᵀ φ (2·P·q): 4·q·P per layer forward. The gradient: forward, vjp's
          // forward again, the backward pass (Δ Θ_kᵀ and (·) Ω: 4·q·P) and ∇Θ_k = Φ_kᵀ Δ (2·q·P):
          // 14·q·P per layer, 4·P cos/sin calls.
          const double layers = static_cast<double>(c.depth), q = static_cast<double>(c.hidden);
          const double features = static_cast<double>(c.features);
          const double io = 2 * q * (static_cast<double>(data_dim) + static_cast<double>(data_outputs));
          return {layers * q * features, w, layers, estimate::kSmoothActivationSeconds, layers * (features + q),
                  {4 * layers * q * features + io, 2 * layers * features},
                  {14 * layers * q * features + 2 * io, 4 * layers * features}};
        } else if constexpr (std::is_same_v<C, models::CnnConfig>) {
          // Convolution l applies each of its q²·C_in·C_out weights at every pixel: 2·PQ·q²·C_in·C_out
          // flops forward (the im2col product), ReLU on C_out·PQ values; the readout 2·k·C·PQ (vanilla)
          // or 2·k·C after a C·PQ average (gap). Cnn::squared_loss_and_gradient shares one forward pass
          // with the backward one, whose data and weight products are 2 flops per weight use each: 3×.
          const double pq = static_cast<double>(c.pixels()), q2 = static_cast<double>(c.filter * c.filter);
          const double ch = static_cast<double>(c.channels), k = static_cast<double>(data_outputs > 0 ? data_outputs : 1);
          double flops = 0, relus = 0, gram = 0;
          double in = static_cast<double>(c.input_channels);
          for (Index l = 0; l < c.conv_layers(); ++l) {
            flops += 2 * pq * q2 * in * ch;
            relus += ch * pq;
            gram += q2 * in + ch;
            in = ch;
          }
          flops += c.readout == models::CnnReadout::vanilla ? 2 * k * ch * pq : 2 * k * ch + ch * pq;
          return {p, w, static_cast<double>(c.depth), estimate::kPiecewiseLinearActivationSeconds, gram * pq,
                  {flops, relus}, {3 * flops, relus}};
        } else {
          // A kind without its own count: the MLP's 6 flops per parameter and an activation per unit.
          return {p, w, 1, estimate::kSmoothActivationSeconds, 2 * w, {2 * p, w}, {6 * p, w}};
        }
      },
      model);
}

// What the trainer does over the run (lib/train trainer.cpp, gradient_descent.cpp, gradient_flow.cpp,
// recorder.cpp), counted from [train]:
//   evaluations: GD takes one loss-and-gradient evaluation per step and one at each segment's start;
//     the two-phase recipes run two segments (τ steps on every parameter, then the block); gradient
//     flow's Dormand–Prince integrator takes 6 evaluations per accepted step, and takes as many steps
//     as the flow's stiffness needs: charged 16 per step_size (measured 1.3 on the rff-resnet-flow
//     example, 14.6 on a stiff MLP, η·λ_max ≈ 3), plus one per trajectory row. A flow much stiffer
//     than that (step_size ≫ 1/λ_max) takes longer than its estimate.
//   rows: each segment's first, then one per record_every steps (default steps/100), the last
//     step's included: ceil(count/record_every) + 1.
//   Grams: every gram_every-th row, plus each segment's first and last (forced); an automatic step
//     size adds one Gram and 30 power iterations (60 evaluations of the whole model) per segment.
//   certified rows: every certify_every-th row; DAA residuals: every phase-2 row of alignment-framework
//     and up to 11 at its switch.
estimate::TrainingRun training_run(const models::ModelConfig& model, const data::Dataset& ds,
                                   const train::TrainConfig& config) {
  estimate::TrainingRun run;
  run.n = static_cast<double>(ds.n());
  run.d = static_cast<double>(ds.d());
  run.k = static_cast<double>(ds.k() > 0 ? ds.k() : 1);
  run.test_n = ds.test ? static_cast<double>(ds.test->n()) : 0.0;
  run.classification = ds.k() > 0 && data::classify_targets(ds.Y) != data::TargetKind::regression;
  run.model = model_costs(model, ds.d(), ds.k());
  const double steps = std::max(1.0, static_cast<double>(config.steps));
  const double record_every =
      config.record_every > 0 ? static_cast<double>(config.record_every) : std::max(1.0, std::floor(steps / 100));

  // The costs of a segment training `blocks`: an MLP's frozen prefix is evaluated once, the rest per step.
  const auto* mlp = std::get_if<models::MlpConfig>(&model);
  auto segment_costs = [&](const std::string& blocks) {
    if (mlp == nullptr || mlp->widths.size() < 2) return run.model;
    return mlp_costs_from(*mlp, lowest_trained_layer(blocks, static_cast<Index>(mlp->widths.size()) - 1));
  };
  double segments = 0;
  auto add_segment = [&](double count, const estimate::ModelCosts& costs, bool flow) {
    const double rows = std::ceil(count / record_every) + 1;
    const double evaluations = flow ? 16 * count + rows : count + 1;
    run.evaluations += evaluations;
    run.evaluation_work.product_flops += evaluations * costs.gradient.product_flops;
    run.evaluation_work.activations += evaluations * costs.gradient.activations;
    run.parameters_touched += evaluations * costs.parameters;
    run.rows += rows;
    if (config.gram_every > 0) run.gram_spectra += std::ceil(rows / static_cast<double>(config.gram_every)) + 2;
    if (!config.step_size) {
      const double power_iterations = 60;
      run.evaluations += power_iterations;
      run.evaluation_work.product_flops += power_iterations * run.model.gradient.product_flops;
      run.evaluation_work.activations += power_iterations * run.model.gradient.activations;
      run.parameters_touched += power_iterations * run.model.parameters;
      run.gram_spectra += 1;
    }
    segments += 1;
    return rows;
  };
  switch (config.algorithm) {
    case train::Algorithm::kawaguchi_sun_two_phase:
    case train::Algorithm::alignment_framework: {
      const double tau = std::clamp(static_cast<double>(config.tau.value_or(config.steps / 2)), 0.0, steps);
      const std::string block = config.block.value_or("output");
      add_segment(tau, run.model, false);
      const double phase2_rows = add_segment(steps - tau, segment_costs(block), false);
      if (config.algorithm == train::Algorithm::alignment_framework) {
        run.daa_residuals = phase2_rows + 1 + 11;
        run.daa_block = segment_costs(block).parameters;
      }
      break;
    }
    case train::Algorithm::gradient_flow:
    case train::Algorithm::rff_resnet_flow:
      add_segment(steps, segment_costs(config.block.value_or("all")), true);
      break;
    default:
      add_segment(steps, segment_costs(config.block.value_or("all")), false);
      break;
  }
  if (config.certify_every > 0)
    run.certified_rows = std::ceil(run.rows / static_cast<double>(config.certify_every)) + segments;
  run.pruned_keeps = static_cast<double>(config.prune_keep.size());
  return run;
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
  using namespace estimate;
  // verify: the data's Gram, λ_min of it certified, the Jacobian J_S and J_S J_Sᵀ; a node-scaled
  // shallow net's tangent Gram is formed in closed form, never through its Jacobian.
  const auto* shallow = std::get_if<models::ScaledShallowConfig>(&model);
  const data::Estimate tangent = shallow != nullptr
                                     ? shallow_tangent_gram(n, static_cast<double>(shallow->width), d, k)
                                     : jacobian(n * k, p) + jacobian_gram(n, k, p);
  const data::Estimate verifying = data_matrix(n, d) + gram(n, d) + spd_certificate(n * k) + tangent;
  const data::Estimate training_estimate = training(training_run(model, ds, config));
  data::Estimate e = work == Work::verify  ? verifying
                     : work == Work::train ? training_estimate
                                           : then(verifying, training_estimate);
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
