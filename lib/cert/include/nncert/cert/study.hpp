#pragma once
// The results of `nncert study` (docs/problem-files.md#study-parameter-sweeps) and the files they are
// written to: study.csv (one row per point and hypothesis), study.json, and report.html / report.md
// with a figure per hypothesis (its enclosure against the swept value, one bar per point).
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nncert/linalg/enclosure.hpp"
#include "nncert/theory/finding.hpp"
#include "nncert/train/trajectory.hpp"

namespace nncert::cert {

struct StudyPointResult {
  std::vector<std::string> values;  // each axis' value, as TOML text
  std::vector<double> numbers;      // each axis' value as a number (NaN when it is not one)
  std::string verdict;              // "certified", "refuted", "inconclusive", or "error"
  std::string error;                // why a point failed (verdict "error"); the other points still ran
  std::vector<theory::Finding> findings;
  // With training at each point (`train = true`): prove's strength grade and confirmation, and the
  // point's certificate, relative to the study directory.
  std::string strength, confirmation, certificate;
  // The trained run's accuracies at its last recorded row (informational; NaN when the targets are not
  // classes or there is no test split: [data] test_n).
  double train_accuracy = NAN, test_accuracy = NAN;
  // [train] prune_keep: the trained net pruned to each count (informational; empty without the key).
  std::vector<train::PrunedEvaluation> pruning;
  double seconds = 0;
};

// [study] kernel_reference: one kernel's regression on the problem's train/test split, computed once
// (the swept keys do not change it) and drawn beside the trained nets' test accuracy.
struct StudyKernelReference {
  std::string kernel;               // "ntk", "nngp", "cntk", "cntk-gap"
  long n = 0, test_rows = 0;
  double ridge = 0;
  std::string targets;              // the regression targets' convention ("one-hot shifted to 0.9/-0.1")
  double test_accuracy = NAN;       // NaN when no prediction was made (reason) or targets are not classes
  double test_mse = NAN;
  std::string gram_verdict;         // λ_min of the training Gram: "certified", ... ("" when not certified)
  linalg::Enclosure lambda_min;
  std::string reason;               // why there is no prediction (empty when there is one)
  // [study] kernel_reference_gd: gradient descent with the kernel for gd_steps steps of gd_step_size
  // from f = 0 (gd_steps = 0: not computed).
  long gd_steps = 0;
  double gd_step_size = NAN, gd_test_accuracy = NAN, gd_test_mse = NAN;
  double seconds = 0;
};

struct StudyResult {
  std::string theorem;
  std::string problem;            // the problem file
  std::vector<std::string> keys;  // the swept keys, one per axis
  bool train = false;
  bool log_x = false;
  std::string claim;              // the paper's claim as the problem file states it (may be empty)
  std::vector<StudyPointResult> points;  // the first axis varying fastest
  bool verify = true;                    // false: the points were trained only ([study] verify = false)
  std::vector<StudyKernelReference> kernel_references;
};

nlohmann::json study_json(const StudyResult& study);

// Writes study.csv, study.json, report.html and report.md into `dir` (which exists).
void write_study(const StudyResult& study, const std::filesystem::path& dir);

}  // namespace nncert::cert
