// Trajectory CSV writer and outcome names.
#include "nncert/train/trajectory.hpp"

#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "nncert/data/atomic_file.hpp"

namespace nncert::train {

std::string to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::loss_vanished: return "loss-vanished";
    case Outcome::plateau_rank_deficient: return "plateau-rank-deficient";
    case Outcome::stationary: return "stationary";
    case Outcome::step_limit: return "step-limit";
    case Outcome::diverged: return "diverged";
  }
  return "unknown";
}

const std::vector<std::string>& trajectory_columns() {
  static const std::vector<std::string> columns{
      "step",          "time",           "phase",           "loss",
      "grad_norm_sq",  "pl_ratio",       "lambda_min_gram_estimate",
      "lambda_max_gram_estimate",        "lambda_min_certified_lower",
      "lambda_min_certified_ok",         "distance_from_init",
      "node_movement_max",               "node_movement_mean",
      "daa_residual",                    "train_accuracy",
      "test_loss",                       "test_accuracy"};
  return columns;
}

namespace {

// 17 significant digits round-trip every double; "nan" marks a value that was not recorded.
void put(std::string& line, double v) {
  if (!line.empty()) line += ',';
  if (std::isnan(v)) line += "nan";
  else if (std::isinf(v)) line += v > 0 ? "inf" : "-inf";
  else line += fmt::format("{:.17g}", v);
}

}  // namespace

void write_trajectory_csv(const std::filesystem::path& path, const Trajectory& trajectory) {
  data::write_file_atomically(path, [&](std::ostream& out) {
    std::string header;
    for (const auto& c : trajectory_columns()) header += (header.empty() ? "" : ",") + c;
    out << header << '\n';
    for (const auto& row : trajectory.rows) {
      std::string line = std::to_string(row.step);
      put(line, row.time);
      line += ',' + std::to_string(row.phase);
      put(line, row.loss);
      put(line, row.grad_norm_sq);
      put(line, row.pl_ratio);
      put(line, row.lambda_min_gram);
      put(line, row.lambda_max_gram);
      put(line, row.lambda_min_certified);
      line += row.lambda_min_certified_ok ? ",1" : ",0";
      put(line, row.distance_from_init);
      put(line, row.node_movement_max);
      put(line, row.node_movement_mean);
      put(line, row.daa_residual);
      put(line, row.train_accuracy);
      put(line, row.test_loss);
      put(line, row.test_accuracy);
      out << line << '\n';
    }
  });
}

void write_step_losses_csv(const std::filesystem::path& path, const Trajectory& trajectory) {
  data::write_file_atomically(path, [&](std::ostream& out) {
    out << "step,time,phase,loss\n";
    for (const auto& s : trajectory.step_losses) {
      std::string line = std::to_string(s.step);
      put(line, s.time);
      line += ',' + std::to_string(s.phase);
      put(line, s.loss);
      out << line << '\n';
    }
  });
}

}  // namespace nncert::train
