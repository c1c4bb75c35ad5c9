#pragma once
// The shared shape of the one-matrix commands (certify-spd, sigma-min): admit the work (admission.hpp)
// from the matrix's shape, read the matrix file, run the certifier with any input error naming the
// file, time it, then print one JSON object or a human summary, and exit with the verdict's code
// (README.md#the-command-line). A .npy's shape comes from its header, before any value is read; a
// CSV's once it has been read (reading is linear, and admitted by the reader).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "admission.hpp"
#include "nncert/data/admission.hpp"
#include "nncert/data/matrix_file.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/verdict.hpp"

namespace nncert::cli {

struct MatrixCommandOptions {
  std::string path;
  bool json = false;
  bool dry_run = false;
};

// Adds MATRIX, --json, --max-memory, --max-seconds and --dry-run.
inline void add_matrix_command_options(CLI::App& app, MatrixCommandOptions& o, const char* matrix_help) {
  app.add_option("MATRIX", o.path, matrix_help)->required();
  app.add_flag("--json", o.json, "print one JSON object on stdout");
  add_budget_options(app);
  add_dry_run_option(app, o.dry_run);
}

// estimate(rows, cols) -> data::Estimate of the certifier's work, the matrix itself included;
// certify(const MatD&) -> Result with a `verdict` member; describe_json(result, matrix, json&) fills
// the command's own fields; describe_text(result, matrix, seconds) -> the human summary.
template <class EstimateWork, class Certify, class DescribeJson, class DescribeText>
int run_matrix_command(const MatrixCommandOptions& o, EstimateWork estimate, Certify certify,
                       DescribeJson describe_json, DescribeText describe_text) {
  const std::string& path = o.path;
  const bool json = o.json;
  const auto t0 = std::chrono::steady_clock::now();
  const auto admit_shape = [&](double rows, double cols) {
    data::Estimate e = estimate(rows, cols);
    e.what = fmt::format("a {:.0f} x {:.0f} matrix", rows, cols);
    data::admit(path, e);
  };
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool npy = ext == ".npy";
  if (npy) {
    const auto shape = data::read_npy_shape(path);
    // Not 2-d: read_matrix below refuses it with the reason.
    if (shape.size() == 2) admit_shape(static_cast<double>(shape[0]), static_cast<double>(shape[1]));
    if (o.dry_run && shape.size() == 2) return print_admitted();
  }
  const MatD matrix = data::read_matrix(path);
  if (!npy) {
    admit_shape(static_cast<double>(matrix.rows()), static_cast<double>(matrix.cols()));
    if (o.dry_run) return print_admitted();
  }
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
