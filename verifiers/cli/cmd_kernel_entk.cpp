// `nncert kernel entk --problem P --out K.npy [--block NAME]`: the empirical NTK Gram J Jᵀ of the
// problem's model at θ0 ((n·k)×(n·k), rows sample-major), computed layer by layer without forming J.
// Exit 0 written, 3 the Gram leaves the double range (nothing written), 2 bad input, over the budget
// (admission.hpp) or an --out refused as for `kernel ntk` (output_file.hpp).
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "admission.hpp"
#include "command.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/data/output_file.hpp"
#include "nncert/numeric/verdict.hpp"
#include "work_estimates.hpp"

namespace nncert::cli {
namespace {

struct EntkOptions {
  std::string problem;
  std::string out;
  std::string block = "all";
  bool force = false;
  bool dry_run = false;
};

int run_entk(const EntkOptions& o) {
  const models::ProblemModel p = load_admitted_model(o.problem, "kernel entk");
  const double rows = static_cast<double>(p.data.n() * p.model->output_dim());
  const double block_size = static_cast<double>(p.model->block(o.block).size);
  data::Estimate e = estimate::gram(rows, 2 * block_size);
  e.what = fmt::format("kernel entk: the {:.0f} x {:.0f} Gram of block '{}' ({:.0f} parameters)", rows, rows, o.block,
                       block_size);
  data::admit(p.problem.path.string(), e);
  if (o.dry_run) return print_admitted();
  data::OutputFile out(o.out, o.force, data::kNpyMagic);
  const auto start = std::chrono::steady_clock::now();
  const MatD K = p.model->ntk_gram_block(p.data.X, o.block);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!K.allFinite()) {
    // Valid input whose Gram leaves the double range: inconclusive, no file (never NaN/inf in it).
    std::cout << "inconclusive: the eNTK Gram has a non-finite entry (it leaves the double range); "
                 "nothing was written\n";
    return exit_code(Verdict::inconclusive);
  }
  data::write_npy(out.staging(), K);
  out.publish();
  std::cerr << fmt::format("eNTK Gram {}x{} (block '{}', p = {}) in {:.3f} s\n", K.rows(), K.cols(), o.block,
                           p.model->num_params(), seconds);
  return 0;
}

const CommandRegistration registration{
    "kernel", "entk", "empirical NTK Gram J(θ0) J(θ0)ᵀ of the problem's model", [](CLI::App& app) {
      auto o = std::make_shared<EntkOptions>();
      app.add_option("--problem", o->problem, "problem file (TOML)")->required();
      app.add_option("--out", o->out, "output .npy file")->required();
      app.add_option("--block", o->block, "parameter block: all, output, wide, layer:K, layer:K.bias, ...");
      app.add_flag("--force", o->force, "replace --out even if it is a file other than a .npy");
      add_budget_options(app);
      add_dry_run_option(app, o->dry_run);
      return [o] { return run_entk(*o); };
    }};

}  // namespace
}  // namespace nncert::cli
