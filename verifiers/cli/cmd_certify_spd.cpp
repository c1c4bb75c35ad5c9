// `nncert certify-spd MATRIX [--shift S] [--json]`: λ_min enclosure of a symmetric matrix and the
// claim λ_min > S. Exit 0 certified, 1 refuted, 3 inconclusive, 2 bad input or a matrix whose
// certificate exceeds the budget (matrix_command.hpp, docs/command-line.md).
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "distributed_commands.hpp"
#include "matrix_command.hpp"
#include "work_estimates.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/linalg/certify_spd.hpp"

namespace nncert::cli {
namespace {

struct Args : MatrixCommandOptions {
  double shift = 0;
  bool distributed = false;
};

int run(const Args& args) {
  if (args.distributed) return run_certify_spd_distributed(args.path, args.shift, args.json);
  linalg::SpdOptions options;
  options.shift = args.shift;
  return run_matrix_command(
      args, [](double rows, double cols) { return estimate::data_matrix(rows, cols) + estimate::spd_certificate(rows); },
      [&](const MatD& a) { return linalg::certify_lambda_min(a, options); },
      [&](const linalg::SpdResult& r, const MatD& a, nlohmann::json& out) {
        out["lambda_min"] = cert::to_json(r.lambda_min);
        out["n"] = a.rows();
        out["shift"] = args.shift;
      },
      [](const linalg::SpdResult& r, const MatD& a, double seconds) {
        const auto& e = r.lambda_min;
        return fmt::format("{}: lambda_min {} [{:.17g}, {:.17g}] ({}, {} bits), n = {}, {:.3f} s\n",
                           to_string(r.verdict), e.certified ? "in" : "estimated in", cert::printable_lower(e.lower),
                           cert::printable_upper(e.upper), e.method, e.precision_bits, a.rows(), seconds);
      });
}

const CommandRegistration registration{
    "certify-spd", "certified enclosure of lambda_min of a symmetric matrix (.npy or .csv)",
    [](CLI::App& app) {
      auto args = std::make_shared<Args>();
      add_matrix_command_options(app, *args, "symmetric matrix, .npy or .csv");
      app.add_option("--shift", args->shift, "prove lambda_min > SHIFT (default 0)");
      app.add_flag("--distributed", args->distributed,
                   "under mpirun: ScaLAPACK on a block-cyclic layout, each rank reading its own blocks (.npy, <f8)");
      return [args] { return run(*args); };
    }};

}  // namespace
}  // namespace nncert::cli
