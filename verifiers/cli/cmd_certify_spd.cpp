// `nncert certify-spd MATRIX [--shift S] [--json]`: λ_min enclosure of a symmetric matrix and the
// claim λ_min > S. Exit 0 certified, 1 refuted, 3 inconclusive, 2 bad input (DESIGN.md §3).
#include <chrono>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/data/matrix_file.hpp"
#include "nncert/linalg/certify_spd.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::cli {
namespace {
using cert::printable_lower;
using cert::printable_upper;
using cert::to_json;

struct Args {
  std::string path;
  double shift = 0;
  bool json = false;
};

int run(const Args& args) {
  const auto t0 = std::chrono::steady_clock::now();
  const MatD a = data::read_matrix(args.path);
  linalg::SpdOptions options;
  options.shift = args.shift;
  linalg::SpdResult r;
  try {
    r = linalg::certify_lambda_min(a, options);
  } catch (const InvalidInput& e) {
    throw InvalidInput(args.path + ": " + e.what());  // name the file
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (args.json) {
    nlohmann::json j;
    j["verdict"] = std::string(to_string(r.verdict));
    j["lambda_min"] = to_json(r.lambda_min);
    j["n"] = a.rows();
    j["shift"] = args.shift;
    j["seconds"] = seconds;
    j["reason"] = r.reason;
    std::cout << j.dump() << std::endl;
  } else {
    const auto& e = r.lambda_min;
    std::cout << fmt::format("{}: lambda_min {} [{:.17g}, {:.17g}] ({}, {} bits), n = {}, {:.3f} s\n",
                             to_string(r.verdict), e.certified ? "in" : "estimated in",
                             printable_lower(e.lower), printable_upper(e.upper), e.method,
                             e.precision_bits, a.rows(), seconds)
              << r.reason << std::endl;
  }
  return exit_code(r.verdict);
}

const CommandRegistration registration{
    "certify-spd", "certified enclosure of lambda_min of a symmetric matrix (.npy or .csv)",
    [](CLI::App& app) {
      auto args = std::make_shared<Args>();
      app.add_option("MATRIX", args->path, "symmetric matrix, .npy or .csv")->required();
      app.add_option("--shift", args->shift, "prove lambda_min > SHIFT (default 0)");
      app.add_flag("--json", args->json, "print one JSON object on stdout");
      return [args] { return run(*args); };
    }};

}  // namespace
}  // namespace nncert::cli
