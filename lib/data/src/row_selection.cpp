#include "row_selection.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include "nncert/data/random.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::data::detail {

std::vector<Index> rows_with_classes(const std::vector<int>& labels, const std::vector<int>& classes) {
  if (classes.empty()) throw InvalidInput("classes: the list of classes is empty");
  const std::set<int> wanted(classes.begin(), classes.end());
  if (wanted.size() != classes.size()) throw InvalidInput("classes: a class is listed twice");
  std::set<int> seen;
  std::vector<Index> rows;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (wanted.count(labels[i]) != 0) {
      rows.push_back(static_cast<Index>(i));
      seen.insert(labels[i]);
    }
  }
  for (const int c : classes)
    if (seen.count(c) == 0) throw InvalidInput("classes: class " + std::to_string(c) + " does not occur in the data");
  return rows;
}

std::vector<int> relabel(const std::vector<int>& labels, const std::vector<int>& classes) {
  std::vector<int> out;
  out.reserve(labels.size());
  for (const int l : labels) {
    const auto it = std::find(classes.begin(), classes.end(), l);
    if (it == classes.end()) throw InvalidInput("classes: label " + std::to_string(l) + " not selected");
    out.push_back(static_cast<int>(it - classes.begin()));
  }
  return out;
}

namespace {

std::vector<Index> shuffled_rows(Index total, std::uint64_t seed) {
  std::vector<Index> idx(static_cast<std::size_t>(total));
  std::iota(idx.begin(), idx.end(), Index{0});
  Rng rng(seed);
  rng.shuffle(idx);
  return idx;
}

}  // namespace

std::vector<Index> sample_rows(Index total, Index n, std::uint64_t seed) {
  if (n < 1 || n > total)
    throw InvalidInput("n: cannot take " + std::to_string(n) + " rows from " + std::to_string(total));
  std::vector<Index> idx = shuffled_rows(total, seed);
  idx.resize(static_cast<std::size_t>(n));
  std::sort(idx.begin(), idx.end());
  return idx;
}

RowSplit split_rows(Index total, Index n_train, Index n_test, std::uint64_t seed) {
  if (n_test < 1) throw InvalidInput("test_n: must be >= 1");
  if (n_train < 1 || n_train + n_test > total)
    throw InvalidInput("test_n: cannot hold out " + std::to_string(n_test) + " test rows beside " +
                       std::to_string(n_train) + " training rows: the source has " + std::to_string(total) +
                       " rows");
  const std::vector<Index> idx = shuffled_rows(total, seed);
  RowSplit split;
  split.train.assign(idx.begin(), idx.begin() + n_train);
  split.test.assign(idx.begin() + n_train, idx.begin() + n_train + n_test);
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.test.begin(), split.test.end());
  return split;
}

}  // namespace nncert::data::detail
