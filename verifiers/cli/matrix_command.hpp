#pragma once
// The shared shape of the one-matrix commands (certify-spd, sigma-min): read the matrix file, run the
// certifier with any input error naming the file, time it, then print one JSON object or a human
// summary, and exit with the verdict's code (README.md#the-command-line).
#include <chrono>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "nncert/data/matrix_file.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/verdict.hpp"

namespace nncert::cli {

// certify(const MatD&) -> Result with a `verdict` member; describe_json(result, matrix, json&) fills
// the command's own fields; describe_text(result, matrix, seconds) -> the human summary.
template <class Certify, class DescribeJson, class DescribeText>
int run_matrix_command(const std::string& path, bool json, Certify certify, DescribeJson describe_json,
                       DescribeText describe_text) {
  const auto t0 = std::chrono::steady_clock::now();
  const MatD matrix = data::read_matrix(path);
  decltype(certify(matrix)) result;
  try {
    result = certify(matrix);
  } catch (const InvalidInput& e) {
    throw InvalidInput(path + ": " + e.what());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (json) {
    nlohmann::json out;
    out["verdict"] = std::string(to_string(result.verdict));
    describe_json(result, matrix, out);
    out["seconds"] = seconds;
    out["reason"] = result.reason;
    std::cout << out.dump() << std::endl;
  } else {
    std::cout << describe_text(result, matrix, seconds) << result.reason << std::endl;
  }
  return exit_code(result.verdict);
}

}  // namespace nncert::cli
