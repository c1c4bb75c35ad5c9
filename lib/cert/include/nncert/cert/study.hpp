#pragma once
// The results of `nncert study` (docs/problem-files.md#study-parameter-sweeps) and the files they are
// written to: study.csv (one row per point and hypothesis), study.json, and report.html / report.md
// with a figure per hypothesis (its enclosure against the swept value, one bar per point).
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

struct StudyResult {
  std::string theorem;
  std::string problem;            // the problem file
  std::vector<std::string> keys;  // the swept keys, one per axis
  bool train = false;
  bool log_x = false;
  std::string claim;              // the paper's claim as the problem file states it (may be empty)
  std::vector<StudyPointResult> points;  // the first axis varying fastest
};

nlohmann::json study_json(const StudyResult& study);

// Writes study.csv, study.json, report.html and report.md into `dir` (which exists).
void write_study(const StudyResult& study, const std::filesystem::path& dir);

}  // namespace nncert::cert
