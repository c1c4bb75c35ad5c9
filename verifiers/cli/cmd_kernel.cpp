// `nncert kernel ntk|nngp|cntk|cntk-gap|h-infinity --problem P --out K.npy [--certify] [--json]`:
// the analytic infinite-width kernel Gram of the problem's data (docs/kernels.md), written as .npy.
// With --certify the Gram is also evaluated in outward-rounded intervals and the certified λ_min
// enclosure of certify-spd is printed (interval form: valid for the exact kernel of the data);
// exit 0 certified (λ_min > 0), 1 refuted, 3 inconclusive, 2 bad input, a Gram over the budget
// (admission.hpp: --max-memory, --max-seconds, --dry-run) or an --out that is locked by another run,
// a directory, or a file that is not a .npy (output_file.hpp; --force replaces such a file).
// The Gram is written to a staging directory beside --out and published by one rename only once
// everything succeeded: an error, an interrupt or a non-finite Gram leaves --out as it was.
//
// Hyper-parameters. [model] (kind "cnn", for cntk and cntk-gap): its depth and filter, and its readout
// must be the kernel's (vanilla: cntk, gap: cntk-gap); its output_scale κ multiplies the kernel by κ².
// [model] (kind "mlp"): depth = len(widths) − 2 hidden layers, activation (relu,
// leaky-relu, erf, identity; abs via [kernel]), bias/sigma_b, sigma_w. Optional [kernel] section:
//   scaling         "paper" (default: Σ⁰ = xᵀx', σ_w² = c_σ) | "model" (σ_w from [model], Σ⁰ = σ_w²xᵀx'/d0)
//   activation      overrides [model].activation (e.g. "abs")
//   depth           FC: hidden layers (overrides widths); CNTK: conv layers + 1 (default 3)
//   filter          CNTK filter size q (odd, default 3)
//   fix_first_last  CNTK: first and last layer fixed (default false)
// σ_b = [model].sigma_b when [model].bias is true, else 0.
//
// --predict (ntk, nngp, cntk, cntk-gap; needs [data] test_n): kernel ridge regression on the training
// rows, scored on the held-out test rows (kernel_regression.hpp: one-hot targets are regressed as
// 0.9/−0.1, the class is the argmax; ±1 targets by sign). --ridge R (default 0). Ridge 0 solves
// K α = Y exactly, which is allowed only once λ_min(K) > 0 is certified: the training Gram is then
// evaluated in intervals and certified (as --certify does); refuted exits 1 and inconclusive exits 3,
// with no prediction. Prints test accuracy and MSE (--json: test_accuracy, null for regression
// targets, and test_mse). --out is optional with --predict and receives the training Gram.
#include <chrono>
#include <cmath>
#include <limits>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "admission.hpp"
#include "command.hpp"
#include "distributed_commands.hpp"
#include "kernel_prediction.hpp"
#include "work_estimates.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/data/output_file.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/data/problem_keys.hpp"
#include "nncert/data/section_reader.hpp"
#include "nncert/kernels/cntk.hpp"
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/kernels/h_infinity.hpp"
#include "nncert/kernels/kernel_regression.hpp"
#include "nncert/linalg/certify_spd.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/range_error.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::cli {
namespace {
using cert::printable_lower;
using cert::printable_upper;
using cert::to_json;

enum class Which { ntk, nngp, cntk, cntk_gap, h_infinity };

struct Args {
  Which which = Which::ntk;
  std::string problem;
  std::string out;
  bool certify = false;
  bool predict = false;
  double ridge = 0.0;
  bool json = false;
  bool force = false;
  bool dry_run = false;
  bool distributed = false;
};

struct KernelSection {
  std::optional<std::string> scaling, activation;
  std::optional<std::int64_t> depth, filter;
  std::optional<bool> fix_first_last;
};

KernelSection read_kernel_section(const data::ProblemFile& problem) {
  KernelSection k;
  const toml::table* t = data::optional_section(problem, "kernel");
  if (!t) return k;
  data::SectionReader r(*t, "kernel", problem.path.string());
  r.allow_only(data::section_keys("kernel"));
  k.scaling = r.optional_string("scaling");
  if (k.scaling && *k.scaling != "paper" && *k.scaling != "model") r.fail("scaling", "must be \"paper\" or \"model\"");
  k.activation = r.optional_string("activation");
  k.depth = r.optional_int("depth");
  k.filter = r.optional_int("filter");
  k.fix_first_last = r.optional_bool("fix_first_last");
  if (k.depth && (*k.depth < 1 || *k.depth > 1000)) r.fail("depth", "must be in [1, 1000]");
  if (k.filter && (*k.filter < 1 || *k.filter % 2 == 0 || *k.filter > 99)) r.fail("filter", "must be odd, in [1, 99]");
  return k;
}

kernels::FcKernelSpec fc_spec(const data::ProblemFile& problem, const data::Dataset& ds, const KernelSection& k) {
  kernels::FcKernelSpec s;
  const toml::table* model = data::optional_section(problem, "model");
  std::string activation = "relu";
  if (model) {
    const auto config = models::parse_model_config(*model, ds.d(), 0, problem.path.string());
    const auto* mlp = std::get_if<models::MlpConfig>(&config);
    if (!mlp) throw InvalidInput(problem.path.string() + ": [model] kind must be \"mlp\" for the fully-connected kernels");
    s.depth = static_cast<int>(mlp->widths.size()) - 2;
    activation = std::string(models::to_string(mlp->activation));
    s.leaky_slope = mlp->leaky_slope;
    s.sigma_w = mlp->sigma_w;
    s.sigma_b = mlp->bias ? mlp->sigma_b : 0.0;
  }
  if (k.activation) activation = *k.activation;
  if (k.depth) s.depth = static_cast<int>(*k.depth);
  s.paper_scaling = !k.scaling || *k.scaling == "paper";
  try {
    s.activation = kernels::parse_kernel_activation(activation);
    kernels::validate(s);
  } catch (const InvalidInput& e) {
    throw InvalidInput(problem.path.string() + ": " + e.what());
  }
  return s;
}

// A [model] of kind "cnn" is the finite network of this kernel: its depth and filter are the kernel's
// (as an mlp's depth is the FC kernels'), and its readout must be the kernel's ([kernel] keys override).
kernels::CntkSpec cntk_spec(Which which, const data::ProblemFile& problem, const data::Dataset& ds, const KernelSection& k) {
  kernels::CntkSpec s;
  s.readout = which == Which::cntk_gap ? kernels::CntkReadout::gap : kernels::CntkReadout::vanilla;
  const toml::table* model = data::optional_section(problem, "model");
  if (model && (*model)["kind"].value<std::string>() == "cnn") {
    const auto config = models::parse_model_config(*model, ds.d(), 0, problem.path.string(), ds.image);
    const auto& cnn = std::get<models::CnnConfig>(config);
    const bool gap = cnn.readout == models::CnnReadout::gap;
    if (gap != (which == Which::cntk_gap))
      throw InvalidInput(fmt::format("{}: [model] readout = \"{}\" is the network of kernel {}, not of kernel {}",
                                     problem.path.string(), models::to_string(cnn.readout), gap ? "cntk-gap" : "cntk",
                                     gap ? "cntk" : "cntk-gap"));
    s.depth = static_cast<int>(cnn.depth);
    s.filter = static_cast<int>(cnn.filter);
  }
  if (k.depth) s.depth = static_cast<int>(*k.depth);
  if (k.filter) s.filter = static_cast<int>(*k.filter);
  if (k.fix_first_last) s.fix_first_last = *k.fix_first_last;
  return s;
}

// κ² for a cnn [model] with output_scale κ (its NTK is κ²·CNTK), else 1.
double cntk_model_factor(const data::ProblemFile& problem, const data::Dataset& ds) {
  const toml::table* model = data::optional_section(problem, "model");
  if (!model || (*model)["kind"].value<std::string>() != "cnn") return 1.0;
  const auto config = models::parse_model_config(*model, ds.d(), 0, problem.path.string(), ds.image);
  const double kappa = std::get<models::CnnConfig>(config).output_scale;
  return kappa * kappa;
}

// Multiplies an enclosure by a power of two f (the parser admits only such κ, f = κ² >= 2^-60): exact
// unless a product falls below DBL_MIN, where it may round. There the radius is raised by DBL_MIN,
// rounded upward (a plain r + DBL_MIN rounds back to r once r >= 2^-969): for rad, the subnormal
// product is at most 2^-1075 below κ²·rad; for mid, the rounding error of a subnormal product is at most
// 2^-1075 < DBL_MIN.
void scale_by_power_of_two(linalg::MatrixEnclosure& e, double f) {
  constexpr double tiny = std::numeric_limits<double>::min();
  for (Index j = 0; j < e.mid.cols(); ++j)
    for (Index i = 0; i < e.mid.rows(); ++i) {
      const double m = e.mid(i, j) * f, r = e.rad(i, j) * f;
      const bool inexact = (e.mid(i, j) != 0 && std::abs(m) < tiny) || (e.rad(i, j) != 0 && r < tiny);
      e.mid(i, j) = m;
      e.rad(i, j) = inexact ? add_up(r, tiny) : r;
    }
}

kernels::ImageGeometry geometry_of(const data::ProblemFile& problem, const data::Dataset& ds) {
  if (!ds.image) {
    throw InvalidInput(problem.path.string() + ": the CNTK needs image data ([data] keeps the image shape unless transformed away)");
  }
  return {ds.image->channels, ds.image->height, ds.image->width};
}

const char* name_of(Which w) {
  switch (w) {
    case Which::ntk: return "ntk";
    case Which::nngp: return "nngp";
    case Which::cntk: return "cntk";
    case Which::cntk_gap: return "cntk-gap";
    case Which::h_infinity: return "h-infinity";
  }
  return "?";
}

// --predict's input checks (exit 2 naming the problem file).
void check_predictable(const Args& args, const data::Dataset& ds) {
  if (args.which == Which::h_infinity)
    throw InvalidInput("kernel h-infinity: --predict is offered for ntk, nngp, cntk and cntk-gap");
  if (!ds.test) throw InvalidInput(args.problem + ": --predict needs held-out test rows: set [data] test_n");
  if (ds.k() == 0) throw InvalidInput(args.problem + ": --predict needs targets; [data] provides no Y");
  if (!std::isfinite(args.ridge) || args.ridge < 0) throw InvalidInput("kernel: --ridge must be finite and >= 0");
}

// The kernels of a run: the training Gram (an enclosure when certified, else its midpoint only), the
// test-train cross kernel (--predict), or why the double evaluation could not represent them.
struct KernelValues {
  linalg::MatrixEnclosure gram;
  MatD cross;
  std::string range_problem;
};

// --predict after the kernels are computed: certify when needed, then solve and score unless ridge 0
// rests on a Gram that is not certified positive definite (no prediction, with the reason).
KernelPredictionResult prediction_of(const Args& args, const data::Dataset& ds, const KernelValues& values, bool certify) {
  KernelPredictionResult r;
  r.kernel = name_of(args.which);
  r.n = ds.n();
  r.test_rows = ds.test->n();
  r.ridge = args.ridge;
  r.targets = kernels::regression_target_convention(ds.Y);
  if (certify) r.spd = linalg::certify_lambda_min(values.gram.mid, values.gram.rad);
  if (args.ridge == 0.0 && r.spd->verdict != Verdict::certified) {
    // Interpolation (ridge 0) rests on K being invertible; unproven, no prediction is made.
    r.reason = fmt::format("ridge 0 needs the training Gram certified positive definite, and it is {}: {} (use --ridge R > 0)",
                           to_string(r.spd->verdict), r.spd->reason);
    return r;
  }
  r.prediction = kernels::kernel_predict(values.gram.mid, values.cross, ds.Y, ds.test->Y, args.ridge);
  return r;
}

// --predict's report: the outcome printed (or as JSON), the training Gram written to --out.
template <class Seconds>
int predict(const Args& args, const data::Dataset& ds, const KernelValues& values, bool certify,
            std::optional<data::OutputFile>& out, const Seconds& seconds) {
  const KernelPredictionResult outcome = prediction_of(args, ds, values, certify);
  const std::optional<linalg::SpdResult>& spd = outcome.spd;
  nlohmann::json j;
  j["kernel"] = name_of(args.which);
  j["n"] = ds.n();
  j["test_rows"] = ds.test->n();
  j["ridge"] = args.ridge;
  j["targets"] = kernels::regression_target_convention(ds.Y);
  if (spd) {
    j["verdict"] = std::string(to_string(spd->verdict));
    j["lambda_min"] = to_json(spd->lambda_min);
  }
  if (!outcome.prediction) {
    const std::string& why = outcome.reason;
    if (args.json) {
      j["reason"] = why;
      j["seconds"] = seconds();
      std::cout << j.dump() << std::endl;
    } else {
      std::cout << fmt::format("{}: no prediction: {}\n", to_string(spd->verdict), why);
    }
    return exit_code(spd->verdict);
  }
  const kernels::KernelPrediction& result = *outcome.prediction;
  if (out) {
    data::write_npy(out->staging(), values.gram.mid);
    out->publish();
  }
  const auto& acc = result.scores.accuracy;
  if (args.json) {
    j["test_accuracy"] = acc ? nlohmann::json(*acc) : nlohmann::json(nullptr);
    j["test_mse"] = result.scores.mse;
    if (out) j["out"] = args.out;
    j["seconds"] = seconds();
    std::cout << j.dump() << std::endl;
  } else {
    std::cout << fmt::format("{} kernel regression on {} training rows (ridge {:.6g}{}, targets {}): test accuracy {}, "
                             "test MSE {:.6g} on {} test rows\n",
                             name_of(args.which), ds.n(), args.ridge,
                             spd ? fmt::format(", Gram lambda_min {} [{:.6g}, {:.6g}]", to_string(spd->verdict),
                                               printable_lower(spd->lambda_min.lower), printable_upper(spd->lambda_min.upper))
                                 : std::string(),
                             kernels::regression_target_convention(ds.Y),
                             acc ? fmt::format("{:.6g}", *acc) : std::string("n/a (regression targets)"), result.scores.mse,
                             ds.test->n());
  }
  // With --certify the verdict of λ_min > 0 is the exit code, as without --predict.
  return args.certify ? exit_code(spd->verdict) : 0;
}

// Admission before the Gram: its size and its cost per entry, from the kernel's specification.
void admit_kernels(const Args& args, const data::ProblemFile& problem, const data::Dataset& ds, const KernelSection& k,
                   bool certify) {
  const double m = args.predict ? static_cast<double>(ds.test->n()) : 0.0;
  const double n = static_cast<double>(ds.n());
  double flops_per_entry = 0;
  double pair_doubles = 0;  // work space per pair of inputs (the CNTK-GAP tensor), per core
  switch (args.which) {
    case Which::ntk:
    case Which::nngp: {
      // The dot product, then per layer the arc-cosine (or erf) recursion: a few dozen flops.
      flops_per_entry = static_cast<double>(ds.d()) + 30.0 * (fc_spec(problem, ds, k).depth + 1);
      break;
    }
    case Which::cntk:
    case Which::cntk_gap: {
      const auto s = cntk_spec(args.which, problem, ds, k);
      const auto g = geometry_of(problem, ds);
      const double pixels = static_cast<double>(g.height * g.width);
      const double layers = s.depth;
      const double stencil = static_cast<double>(s.filter) * s.filter;
      // Vanilla: the displacement-0 pixels only, O(q²·PQ·L) per pair; GAP: the full (PQ)² tensor.
      const double per_layer = args.which == Which::cntk ? pixels : pixels * pixels;
      flops_per_entry = 10 * per_layer * (static_cast<double>(g.channels) + stencil * layers);
      if (args.which == Which::cntk_gap) pair_doubles = 2 * 4 * pixels * pixels;
      break;
    }
    case Which::h_infinity: flops_per_entry = static_cast<double>(ds.d()) + 20; break;
  }
  {
    using namespace estimate;
    data::Estimate e = data_matrix(n + m, static_cast<double>(ds.d())) + data::Estimate{8 * pair_doubles, 0, {}};
    e = certify ? e + gram_enclosure(n, flops_per_entry) + spd_certificate(n) : e + gram(n, flops_per_entry);
    // The m×n cross kernel costs at most as much as the Gram of n + m rows beyond the n×n one.
    if (args.predict) e = e + gram(n + m, flops_per_entry) + spd_certificate(n);
    e.what = fmt::format("kernel {} with n = {}{}, d = {}{}", name_of(args.which), ds.n(),
                         args.predict ? fmt::format(" (+ {} test rows, --predict)", ds.test->n()) : std::string(),
                         ds.d(), certify ? ", certified" : "");
    data::admit(problem.path.string(), e);
  }
}

KernelValues compute_kernels(const Args& args, const data::ProblemFile& problem, const data::Dataset& ds,
                             const KernelSection& k, bool certify) {
  KernelValues v;
  linalg::MatrixEnclosure& gram = v.gram;
  std::string& range_problem = v.range_problem;  // set when the kernel leaves the double range
  MatD& cross = v.cross;                         // K(test, train), --predict only
  auto compute = [&](auto point, auto enclosed) {
    try {
      if (certify) {
        gram = enclosed();
      } else {
        gram.mid = point();
      }
    } catch (const RangeExceeded& e) {
      range_problem = e.what();
    }
  };
  auto compute_cross = [&](auto point) {
    try {
      cross = point();
    } catch (const RangeExceeded& e) {
      range_problem = e.what();
    }
  };
  switch (args.which) {
    case Which::ntk:
    case Which::nngp: {
      const auto s = fc_spec(problem, ds, k);
      const auto kind = args.which == Which::ntk ? kernels::KernelKind::ntk : kernels::KernelKind::nngp;
      compute([&] { return kernels::fc_kernel(ds.X, s, kind); }, [&] { return kernels::fc_kernel_enclosure(ds.X, s, kind); });
      if (args.predict && range_problem.empty()) compute_cross([&] { return kernels::fc_kernel_cross(ds.test->X, ds.X, s, kind); });
      break;
    }
    case Which::cntk:
    case Which::cntk_gap: {
      const auto s = cntk_spec(args.which, problem, ds, k);
      const auto g = geometry_of(problem, ds);
      try {
        kernels::validate(s, g, ds.d());
      } catch (const InvalidInput& e) {
        throw InvalidInput(args.problem + ": " + e.what());
      }
      compute([&] { return kernels::cntk_gram(ds.X, g, s); }, [&] { return kernels::cntk_gram_enclosure(ds.X, g, s); });
      if (args.predict && range_problem.empty()) compute_cross([&] { return kernels::cntk_cross(ds.test->X, ds.X, g, s); });
      // A cnn [model] with output scale κ has the kernel κ²·CNTK (exact: κ is a power of two).
      if (const double f = cntk_model_factor(problem, ds); f != 1.0) {
        if (certify) scale_by_power_of_two(gram, f);
        else gram.mid *= f;
        cross *= f;
      }
      break;
    }
    case Which::h_infinity:
      compute([&] { return kernels::h_infinity(ds.X); }, [&] { return kernels::h_infinity_enclosure(ds.X); });
      break;
  }
  if (range_problem.empty() && (!gram.mid.allFinite() || !cross.allFinite())) range_problem = "the kernel has a non-finite entry";
  return v;
}

int run_distributed(const Args& args) {
  return run_kernel_certify_distributed(name_of(args.which), args.json, [&] {
    if ((args.which != Which::ntk && args.which != Which::nngp) || !args.certify || args.predict || !args.out.empty())
      throw InvalidInput("kernel --distributed: offered for ntk and nngp with --certify, without --out and --predict");
    const data::ProblemFile problem = data::read_problem_file(args.problem);
    const KernelSection k = read_kernel_section(problem);
    const data::Dataset ds = data::load_dataset(problem);
    if (ds.n() == 0) throw InvalidInput(args.problem + ": the data set is empty");
    const auto kind = args.which == Which::ntk ? kernels::KernelKind::ntk : kernels::KernelKind::nngp;
    return DistributedKernelInput{ds.X, fc_spec(problem, ds, k), kind};
  });
}

int run(const Args& args) {
  if (args.distributed) return run_distributed(args);
  const auto t0 = std::chrono::steady_clock::now();
  const data::ProblemFile problem = data::read_problem_file(args.problem);
  const KernelSection k = read_kernel_section(problem);
  const data::Dataset ds = data::load_dataset(problem);
  if (ds.n() == 0) throw InvalidInput(args.problem + ": the data set is empty");
  if (args.predict) check_predictable(args, ds);
  if (!args.predict && args.out.empty()) throw InvalidInput("kernel: --out is required (unless --predict is given)");
  // Ridge 0 needs the training Gram certified positive definite: evaluate it in intervals.
  const bool certify = args.certify || (args.predict && args.ridge == 0.0);
  admit_kernels(args, problem, ds, k, certify);
  if (args.dry_run) return print_admitted();
  std::optional<data::OutputFile> out;
  if (!args.out.empty()) out.emplace(args.out, args.force, data::kNpyMagic);

  const KernelValues values = compute_kernels(args, problem, ds, k, certify);
  const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  if (!values.range_problem.empty()) {
    // A valid input whose kernel the double evaluation cannot represent: inconclusive, and no file
    // (never a matrix with NaN/inf, never one that silently underflowed to 0).
    if (args.json) {
      nlohmann::json j;
      j["verdict"] = std::string(to_string(Verdict::inconclusive));
      j["kernel"] = name_of(args.which);
      j["n"] = ds.n();
      j["reason"] = values.range_problem;
      j["seconds"] = seconds();
      std::cout << j.dump() << std::endl;
    } else {
      std::cout << fmt::format("inconclusive: the {} Gram was not written: {}\n", name_of(args.which), values.range_problem);
    }
    return exit_code(Verdict::inconclusive);
  }
  if (args.predict) return predict(args, ds, values, certify, out, seconds);
  if (!args.certify) {
    data::write_npy(out->staging(), values.gram.mid);
    out->publish();
    if (args.json) {
      nlohmann::json j;
      j["kernel"] = name_of(args.which);
      j["n"] = ds.n();
      j["out"] = args.out;
      j["seconds"] = seconds();
      std::cout << j.dump() << std::endl;
    } else {
      std::cerr << fmt::format("{} Gram {}x{} written to {} ({:.3f} s)\n", name_of(args.which), ds.n(), ds.n(), args.out, seconds());
    }
    return 0;
  }
  // Certify before writing: an error (exit 2) leaves no file behind.
  const linalg::SpdResult r = linalg::certify_lambda_min(values.gram.mid, values.gram.rad);
  data::write_npy(out->staging(), values.gram.mid);
  out->publish();
  const double radius = values.gram.rad.maxCoeff();
  if (args.json) {
    nlohmann::json j;
    j["verdict"] = std::string(to_string(r.verdict));
    j["lambda_min"] = to_json(r.lambda_min);
    j["n"] = ds.n();
    j["seconds"] = seconds();
    j["kernel"] = name_of(args.which);
    j["max_entry_radius"] = radius;
    j["reason"] = r.reason;
    std::cout << j.dump() << std::endl;
  } else {
    const auto& e = r.lambda_min;
    std::cout << fmt::format("{}: lambda_min of the {} Gram {} [{:.17g}, {:.17g}] ({}), n = {}, max entry radius {:.3g}\n",
                             to_string(r.verdict), name_of(args.which), e.certified ? "in" : "estimated in",
                             printable_lower(e.lower), printable_upper(e.upper), e.method, ds.n(), radius)
              << r.reason << std::endl;
  }
  return exit_code(r.verdict);
}

CommandSetup setup_for(Which which) {
  return [which](CLI::App& app) {
    auto args = std::make_shared<Args>();
    args->which = which;
    app.add_option("--problem", args->problem, "problem file (TOML)")->required();
    app.add_option("--out", args->out, "output Gram matrix (.npy); required unless --predict");
    app.add_flag("--certify", args->certify, "also certify lambda_min > 0 of the exact Gram (interval evaluation)");
    auto* predict = app.add_flag("--predict", args->predict,
                                 "kernel ridge regression on the training rows, scored on [data] test_n held-out rows");
    app.add_option("--ridge", args->ridge, "--predict: ridge R >= 0 (default 0: needs the Gram certified PD)")
        ->needs(predict);
    app.add_flag("--json", args->json, "print one JSON object on stdout");
    app.add_flag("--force", args->force, "replace --out even if it is a file other than a .npy");
    app.add_flag("--distributed", args->distributed,
                 "ntk, nngp with --certify, under mpirun: the Gram built and certified in ScaLAPACK blocks");
    add_budget_options(app);
    add_dry_run_option(app, args->dry_run);
    return [args] { return run(*args); };
  };
}

const CommandRegistration ntk{"kernel", "ntk", "NTK Gram of a fully-connected net of infinite width", setup_for(Which::ntk)};
const CommandRegistration nngp{"kernel", "nngp", "NNGP Gram of a fully-connected net of infinite width", setup_for(Which::nngp)};
const CommandRegistration cntk{"kernel", "cntk", "convolutional NTK with a fully-connected readout (CNTK-V)", setup_for(Which::cntk)};
const CommandRegistration cntk_gap{"kernel", "cntk-gap", "convolutional NTK with global average pooling (CNTK-GAP)",
                                   setup_for(Which::cntk_gap)};
const CommandRegistration h_inf{"kernel", "h-infinity", "Du et al.'s Gram H-infinity of a two-layer ReLU net",
                                setup_for(Which::h_infinity)};

}  // namespace

KernelPredictionResult predict_with_kernel(const data::ProblemFile& problem, const std::string& kernel, double ridge,
                                           const std::optional<KernelGdSteps>& gd) {
  const auto t0 = std::chrono::steady_clock::now();
  Args args;
  args.problem = problem.path.string();
  args.predict = true;
  args.ridge = ridge;
  bool known = false;
  for (const Which w : {Which::ntk, Which::nngp, Which::cntk, Which::cntk_gap})
    if (kernel == name_of(w)) args.which = w, known = true;
  if (!known) throw InvalidInput(fmt::format("{}: '{}' is not a kernel with a regression mode (ntk, nngp, cntk, cntk-gap)", args.problem, kernel));
  const KernelSection k = read_kernel_section(problem);
  const data::Dataset ds = data::load_dataset(problem);
  if (ds.n() == 0) throw InvalidInput(args.problem + ": the data set is empty");
  check_predictable(args, ds);
  const bool certify = ridge == 0.0;  // as --predict: ridge 0 needs the Gram certified
  admit_kernels(args, problem, ds, k, certify);
  const KernelValues values = compute_kernels(args, problem, ds, k, certify);
  KernelPredictionResult r;
  if (values.range_problem.empty()) {
    r = prediction_of(args, ds, values, certify);
    if (gd) r.gd_prediction = kernels::kernel_gd_predict(values.gram.mid, values.cross, ds.Y, ds.test->Y, gd->step_size, gd->steps);
  } else {
    r.kernel = kernel;
    r.n = ds.n();
    r.test_rows = ds.test->n();
    r.ridge = ridge;
    r.reason = values.range_problem;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace nncert::cli
