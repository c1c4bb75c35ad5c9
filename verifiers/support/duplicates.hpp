#pragma once
// Exact detection of identical input rows: every per-sample quantity (Jacobian rows, kernel rows)
// is then identical too, so full-rank and positive-definiteness claims fail for every parameter.
#include <optional>
#include <utility>

#include "nncert/numeric/types.hpp"

namespace nncert::verifiers {

std::optional<std::pair<Index, Index>> first_identical_rows(const MatD& X);

}  // namespace nncert::verifiers
