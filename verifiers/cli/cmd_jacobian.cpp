// `nncert jacobian --problem P --out DIR [--block NAME]`: the Jacobian of the problem's model at θ0 on
// its data. Writes DIR/J.npy ((n·k)×|S|, rows sample-major i·k + o), DIR/theta.npy (θ0, p),
// DIR/X.npy (n×d) and DIR/f.npy (n×k) as one output set (output_set.hpp): staged beside DIR and
// published by one rename, so DIR holds the previous set or the new one, never a mix, and nothing is
// written unless everything was computed. Exit 0 written, 3 J or f(X) leaves the double range
// (nothing written), 2 bad input, over the budget (admission.hpp: J is materialised; `kernel entk`
// forms J Jᵀ without it) or an --out that is locked, a file, or a foreign directory without --force.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "admission.hpp"
#include "command.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/data/output_set.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/verdict.hpp"
#include "work_estimates.hpp"

namespace nncert::cli {
namespace {

struct JacobianOptions {
  std::string problem;
  std::string out;
  std::string block = "all";
  bool force = false;
  bool dry_run = false;
};

int run_jacobian(const JacobianOptions& o) {
  const models::ProblemModel p = load_admitted_model(o.problem, "jacobian");
  const auto blk = p.model->block(o.block);
  const double n = static_cast<double>(p.data.n());
  const double k = static_cast<double>(p.model->output_dim());
  data::Estimate e = estimate::jacobian(n * k, static_cast<double>(blk.size)) + estimate::data_matrix(n, k);
  e.what = fmt::format("jacobian: J of {:.0f} x {} (block '{}'; a smaller --block, or `nncert kernel entk` for J Jᵀ, "
                       "needs less)",
                       n * k, blk.size, blk.name);
  data::admit(p.problem.path.string(), e);
  if (o.dry_run) return print_admitted();
  data::OutputSet set(o.out, o.force);
  const MatD J = p.model->jacobian_block(p.data.X, o.block);
  const MatD f = p.model->forward(p.data.X);
  if (!J.allFinite() || !f.allFinite()) {
    // Valid input whose Jacobian or outputs leave the double range: inconclusive, nothing written.
    std::cout << fmt::format("inconclusive: {} has a non-finite entry (the model leaves the double range "
                             "on this data); nothing was written\n", J.allFinite() ? "f(X)" : "J");
    return exit_code(Verdict::inconclusive);
  }
  data::write_npy(set.staging() / "J.npy", J);
  data::write_npy_vector(set.staging() / "theta.npy", p.model->params());
  data::write_npy(set.staging() / "X.npy", p.data.X);
  data::write_npy(set.staging() / "f.npy", f);
  set.publish();
  std::cerr << fmt::format("J: {}x{} (n = {}, k = {}, block '{}' of p = {}) written to {}\n", J.rows(), J.cols(),
                           p.data.n(), p.model->output_dim(), blk.name, p.model->num_params(), set.target().string());
  return 0;
}

const CommandRegistration registration{
    "jacobian", "write the model's Jacobian J at θ0 with θ0, X and f(X) as .npy files", [](CLI::App& app) {
      auto o = std::make_shared<JacobianOptions>();
      app.add_option("--problem", o->problem, "problem file (TOML)")->required();
      app.add_option("--out", o->out, "output directory")->required();
      app.add_option("--block", o->block, "parameter block: all, output, wide, layer:K, layer:K.bias, ...");
      app.add_flag("--force", o->force, "replace --out even if it holds something other than an nncert output set");
      add_budget_options(app);
      add_dry_run_option(app, o->dry_run);
      return [o] { return run_jacobian(*o); };
    }};

}  // namespace
}  // namespace nncert::cli
