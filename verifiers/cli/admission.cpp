#include "admission.hpp"

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
        } else {
          return static_cast<double>(d) + static_cast<double>(c.depth) * (static_cast<double>(c.hidden) + static_cast<double>(c.features)) +
                 static_cast<double>(k);
        }
      },
      model);
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
                const models::ModelConfig& model, Index steps) {
  const double n = static_cast<double>(ds.n());
  const double d = static_cast<double>(ds.d());
  const double k = static_cast<double>(ds.k() > 0 ? ds.k() : 1);
  const double p = parameter_count(model, ds.d(), ds.k());
  const double w = widths_sum(model, ds.d(), ds.k());
  using namespace estimate;
  // verify: the data's Gram, λ_min of it certified, the Jacobian J_S and J_S J_Sᵀ.
  const data::Estimate verifying =
      data_matrix(n, d) + gram(n, d) + spd_certificate(n) + jacobian(n * k, p) + jacobian_gram(n, k, p);
  const data::Estimate training_run = training(n, d, w, p, static_cast<double>(steps));
  data::Estimate e = work == Work::verify ? verifying : work == Work::train ? training_run : then(verifying, training_run);
  const char* name = work == Work::verify ? "verify" : work == Work::train ? "train" : "prove";
  e.what = fmt::format("{} with n = {}, d = {}, k = {}, p = {:.0f} parameters{}", name, ds.n(), ds.d(), ds.k(), p,
                       work == Work::verify ? std::string() : fmt::format(", steps = {}", steps));
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
