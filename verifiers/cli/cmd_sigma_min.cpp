// `nncert sigma-min MATRIX [--threshold T] [--json]`: σ_min enclosure of a rectangular matrix, the
// claim σ_min > T (T = 0: full rank), and certified rank bounds. Exit codes as for certify-spd.
#include <chrono>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/data/matrix_file.hpp"
#include "nncert/linalg/sigma_min.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::cli {
namespace {
using cert::printable_lower;
using cert::printable_upper;
using cert::to_json;

struct Args {
  std::string path;
  double threshold = 0;
  bool json = false;
};

int run(const Args& args) {
  const auto t0 = std::chrono::steady_clock::now();
  const MatD j = data::read_matrix(args.path);
  linalg::SigmaResult r;
  try {
    r = linalg::certify_sigma_min(j, args.threshold);
  } catch (const InvalidInput& e) {
    throw InvalidInput(args.path + ": " + e.what());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (args.json) {
    nlohmann::json out;
    out["verdict"] = std::string(to_string(r.verdict));
    out["sigma_min"] = to_json(r.sigma_min);
    out["rank"] = {{"lower", r.rank_lower}, {"upper", r.rank_upper}};
    out["n"] = j.rows();
    out["p"] = j.cols();
    out["threshold"] = args.threshold;
    out["seconds"] = seconds;
    out["reason"] = r.reason;
    std::cout << out.dump() << std::endl;
  } else {
    const auto& e = r.sigma_min;
    std::cout << fmt::format("{}: sigma_min {} [{:.17g}, {:.17g}] ({}), rank in [{}, {}], {}x{}, {:.3f} s\n",
                             to_string(r.verdict), e.certified ? "in" : "estimated in",
                             printable_lower(e.lower), printable_upper(e.upper), e.method, r.rank_lower,
                             r.rank_upper, j.rows(), j.cols(), seconds)
              << r.reason << std::endl;
  }
  return exit_code(r.verdict);
}

const CommandRegistration registration{
    "sigma-min", "certified enclosure of the smallest singular value and rank of a matrix (.npy or .csv)",
    [](CLI::App& app) {
      auto args = std::make_shared<Args>();
      app.add_option("MATRIX", args->path, "matrix, .npy or .csv")->required();
      app.add_option("--threshold", args->threshold, "prove sigma_min > THRESHOLD (default 0: full rank)");
      app.add_flag("--json", args->json, "print one JSON object on stdout");
      return [args] { return run(*args); };
    }};

}  // namespace
}  // namespace nncert::cli
