#pragma once
// The [data] section of a problem file (docs/problem-files.md) -> Dataset.
//
//   source    "fashion-mnist" | "npy:X.npy[,Y.npy]" | "csv:file.csv" (last column is the target) |
//             "csv:X.csv,Y.csv" | "synthetic:sphere" | "synthetic:gaussian" | "synthetic:two-moons" |
//             "synthetic:teacher"                                              (required)
//   split     "train" | "test"                 fashion-mnist only (default "train")
//   classes   [int, ...]                       keep these labels, relabelled 0, 1, ... (select_classes)
//   n         int                              synthetic: number generated (required);
//                                              otherwise: take_n after the class selection
//   test_n    int >= 1                         held-out test rows, disjoint from the training rows
//                                              (Dataset::test): fashion-mnist: a seeded sample of the
//                                              t10k file (split "train" only); npy/csv: a seeded split
//                                              of the rows (data_spec.cpp says how); synthetic: n +
//                                              test_n points generated, the last test_n held out
//   d         int                              synthetic sphere/gaussian/teacher (required); two-moons: 2
//   seed      int >= 0                         generator seed / take_n seed (default 0)
//   transform [string, ...]                    applied in order (apply_transform names)
//   targets   "one-hot" | "pm1" | "regression" (default "regression": Y as loaded)
//   noise     float >= 0                       two-moons and teacher (default 0.1 / 0)
//   teacher_width int                          teacher (default 16)
//
// Order: load (or generate) -> classes -> n and test_n -> transform list (fitted on the training
// rows, applied to both) -> targets (one-hot width = number of classes when classes are given) ->
// hashes (of the training rows).
// For npy/csv sources, Y with one column of non-negative integers (< 2^31) also fills labels, so
// classes / one-hot / pm1 work; without a Y file Y is n x 0. Relative paths resolve against
// base_dir. Errors: InvalidInput "FILE:LINE: [data].key <problem>" for keys and values, and the
// loaders' "PATH: <problem>" for data files.
#include <filesystem>
#include <string>

#include <toml++/toml.h>

#include "nncert/data/dataset.hpp"
#include "nncert/data/problem_file.hpp"

namespace nncert::data {

Dataset load_dataset(const toml::table& data_section, const std::filesystem::path& base_dir,
                     const std::string& file_for_errors);

// The [data] section of `problem`, paths relative to the problem file's directory.
Dataset load_dataset(const ProblemFile& problem);

}  // namespace nncert::data
