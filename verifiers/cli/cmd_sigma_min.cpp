// `nncert sigma-min MATRIX [--threshold T] [--json]`: σ_min enclosure of a rectangular matrix, the
// claim σ_min > T (T = 0: full rank), and certified rank bounds. Exit codes and admission control as
// for certify-spd.
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "matrix_command.hpp"
#include "work_estimates.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/linalg/sigma_min.hpp"

namespace nncert::cli {
namespace {

struct Args : MatrixCommandOptions {
  double threshold = 0;
};

int run(const Args& args) {
  return run_matrix_command(
      args, [](double rows, double cols) { return estimate::data_matrix(rows, cols) + estimate::sigma_min_certificate(rows, cols); },
      [&](const MatD& j) { return linalg::certify_sigma_min(j, args.threshold); },
      [&](const linalg::SigmaResult& r, const MatD& j, nlohmann::json& out) {
        out["sigma_min"] = cert::to_json(r.sigma_min);
        out["rank"] = {{"lower", r.rank_lower}, {"upper", r.rank_upper}};
        out["n"] = j.rows();
        out["p"] = j.cols();
        out["threshold"] = args.threshold;
      },
      [](const linalg::SigmaResult& r, const MatD& j, double seconds) {
        const auto& e = r.sigma_min;
        return fmt::format("{}: sigma_min {} [{:.17g}, {:.17g}] ({}), rank in [{}, {}], {}x{}, {:.3f} s\n",
                           to_string(r.verdict), e.certified ? "in" : "estimated in", cert::printable_lower(e.lower),
                           cert::printable_upper(e.upper), e.method, r.rank_lower, r.rank_upper, j.rows(), j.cols(),
                           seconds);
      });
}

const CommandRegistration registration{
    "sigma-min", "certified enclosure of the smallest singular value and rank of a matrix (.npy or .csv)",
    [](CLI::App& app) {
      auto args = std::make_shared<Args>();
      add_matrix_command_options(app, *args, "matrix, .npy or .csv");
      app.add_option("--threshold", args->threshold, "prove sigma_min > THRESHOLD (default 0: full rank)");
      return [args] { return run(*args); };
    }};

}  // namespace
}  // namespace nncert::cli
