#pragma once
// Private: which rows a class selection or a seeded sample keeps. Shared by the transforms and by
// the Fashion-MNIST fast path of load_dataset (which picks rows before converting pixels to double),
// so both give the same rows.
#include <cstdint>
#include <string>
#include <vector>

#include "nncert/numeric/types.hpp"

namespace nncert::data::detail {

// Rows whose label is in `classes`, in order. Validates classes (non-empty, no repeats, present).
std::vector<Index> rows_with_classes(const std::vector<int>& labels, const std::vector<int>& classes);

// `labels` mapped to positions in `classes` (each label must be in classes).
std::vector<int> relabel(const std::vector<int>& labels, const std::vector<int>& classes);

// n of the indices 0..total-1: Rng(seed).shuffle of the identity, first n, sorted ascending.
std::vector<Index> sample_rows(Index total, Index n, std::uint64_t seed);

// A seeded split into disjoint training and test rows: the same permutation as sample_rows, its
// first n_train entries the training rows (so they equal sample_rows(total, n_train, seed)), the
// next n_test the test rows; both sorted ascending. Requires n_train, n_test >= 1 and
// n_train + n_test <= total (InvalidInput "test_n: ..." otherwise).
struct RowSplit {
  std::vector<Index> train, test;
};
RowSplit split_rows(Index total, Index n_train, Index n_test, std::uint64_t seed);

}  // namespace nncert::data::detail
