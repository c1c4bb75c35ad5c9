// `nncert kernel entk --problem P --out K.npy [--block NAME]`: the empirical NTK Gram J Jᵀ of the
// problem's model at θ0 ((n·k)×(n·k), rows sample-major), computed layer by layer without forming J.
#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/models/problem_model.hpp"
#include "nncert/numeric/verdict.hpp"

namespace nncert::cli {
namespace {

const CommandRegistration registration{
    "kernel", "entk", "empirical NTK Gram J(θ0) J(θ0)ᵀ of the problem's model", [](CLI::App& app) {
      auto problem = std::make_shared<std::string>();
      auto out = std::make_shared<std::string>();
      auto block = std::make_shared<std::string>("all");
      app.add_option("--problem", *problem, "problem file (TOML)")->required();
      app.add_option("--out", *out, "output .npy file")->required();
      app.add_option("--block", *block, "parameter block: all, output, wide, layer:K, layer:K.bias, ...");
      return [=] {
        const models::ProblemModel p = models::load_problem_model(*problem);
        const auto start = std::chrono::steady_clock::now();
        const MatD K = p.model->ntk_gram_block(p.data.X, *block);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!K.allFinite()) {
          // Valid input whose Gram leaves the double range: inconclusive, no file (never NaN/inf in it).
          std::cout << "inconclusive: the eNTK Gram has a non-finite entry (it leaves the double range); "
                       "nothing was written\n";
          return exit_code(Verdict::inconclusive);
        }
        data::write_npy(*out, K);
        std::cerr << fmt::format("eNTK Gram {}x{} (block '{}', p = {}) in {:.3f} s\n", K.rows(), K.cols(), *block,
                                 p.model->num_params(), seconds);
        return 0;
      };
    }};

}  // namespace
}  // namespace nncert::cli
