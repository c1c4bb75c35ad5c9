// `nncert jacobian --problem P --out DIR [--block NAME]`: the Jacobian of the problem's model at θ0 on
// its data. Writes DIR/J.npy ((n·k)×|S|, rows sample-major i·k + o), DIR/theta.npy (θ0, p),
// DIR/X.npy (n×d) and DIR/f.npy (n×k); each file is written atomically, and nothing is written unless
// everything was computed.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/models/problem_model.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/verdict.hpp"

namespace nncert::cli {
namespace {

// J is materialised here; refuse sizes that cannot be meant (the Gram needs no J: `kernel entk`).
constexpr double kMaxJacobianBytes = 8.0 * (1ull << 30);

const CommandRegistration registration{
    "jacobian", "write the model's Jacobian J at θ0 with θ0, X and f(X) as .npy files", [](CLI::App& app) {
      auto problem = std::make_shared<std::string>();
      auto out = std::make_shared<std::string>();
      auto block = std::make_shared<std::string>("all");
      app.add_option("--problem", *problem, "problem file (TOML)")->required();
      app.add_option("--out", *out, "output directory")->required();
      app.add_option("--block", *block, "parameter block: all, output, wide, layer:K, layer:K.bias, ...");
      return [=] {
        const models::ProblemModel p = models::load_problem_model(*problem);
        const auto blk = p.model->block(*block);
        const double bytes = 8.0 * static_cast<double>(p.data.n() * p.model->output_dim()) * static_cast<double>(blk.size);
        if (bytes > kMaxJacobianBytes)
          throw InvalidInput(fmt::format("{}: the Jacobian would take {:.1f} GiB; use a smaller block or "
                                         "`nncert kernel entk` for J Jᵀ",
                                         *problem, bytes / (1ull << 30)));
        const MatD J = p.model->jacobian_block(p.data.X, *block);
        const MatD f = p.model->forward(p.data.X);
        if (!J.allFinite() || !f.allFinite()) {
          // Valid input whose Jacobian or outputs leave the double range: inconclusive, nothing written.
          std::cout << fmt::format("inconclusive: {} has a non-finite entry (the model leaves the double range "
                                   "on this data); nothing was written\n", J.allFinite() ? "f(X)" : "J");
          return exit_code(Verdict::inconclusive);
        }
        const std::filesystem::path dir(*out);
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) throw InvalidInput(fmt::format("{}: cannot create directory: {}", *out, ec.message()));
        data::write_npy(dir / "J.npy", J);
        data::write_npy_vector(dir / "theta.npy", p.model->params());
        data::write_npy(dir / "X.npy", p.data.X);
        data::write_npy(dir / "f.npy", f);
        std::cerr << fmt::format("J: {}x{} (n = {}, k = {}, block '{}' of p = {})\n", J.rows(), J.cols(),
                                 p.data.n(), p.model->output_dim(), blk.name, p.model->num_params());
        return 0;
      };
    }};

}  // namespace
}  // namespace nncert::cli
