#include "duplicates.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

namespace nncert::verifiers {

std::optional<std::pair<Index, Index>> first_identical_rows(const MatD& X) {
  std::vector<Index> order(static_cast<std::size_t>(X.rows()));
  std::iota(order.begin(), order.end(), 0);
  const auto less = [&](Index a, Index b) {
    for (Index c = 0; c < X.cols(); ++c)
      if (X(a, c) != X(b, c)) return X(a, c) < X(b, c);
    return false;
  };
  std::sort(order.begin(), order.end(), less);
  for (std::size_t t = 1; t < order.size(); ++t)
    if (!less(order[t - 1], order[t]) && !less(order[t], order[t - 1]))
      return std::make_pair(std::min(order[t - 1], order[t]), std::max(order[t - 1], order[t]));
  return std::nullopt;
}

}  // namespace nncert::verifiers
