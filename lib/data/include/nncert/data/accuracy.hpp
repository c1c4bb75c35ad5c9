#pragma once
// Classification accuracy of predictions against targets, for the two classification encodings of
// [data] targets (transforms.hpp), recognised from the target values themselves:
//
//   one-hot  k >= 2 columns, every entry 0 or 1, exactly one 1 per row: the predicted class is the
//            argmax of the prediction row (the first maximum on ties), the true class the column of
//            the 1.
//   sign     one column, every entry -1 or +1 (targets = "pm1"): the prediction f says +1 when f > 0
//            and -1 otherwise (f = 0 counts as -1).
//
// Any other targets (regression, an empty matrix) have no accuracy. Accuracy is the fraction of rows
// predicted correctly, in [0, 1].
#include <optional>

#include "nncert/numeric/types.hpp"

namespace nncert::data {

enum class TargetKind { regression, one_hot, sign };

TargetKind classify_targets(const MatD& Y);

// The predicted class of row i under `kind` (one-hot: a column index; sign: +1 or -1).
Index predicted_class(const MatD& prediction, Index row, TargetKind kind);

// nullopt for regression targets. InvalidInput when the shapes differ.
std::optional<double> accuracy(const MatD& prediction, const MatD& Y);

}  // namespace nncert::data
