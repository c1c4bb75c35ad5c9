#include "nncert/data/accuracy.hpp"

#include <string>

#include "nncert/numeric/errors.hpp"

namespace nncert::data {

TargetKind classify_targets(const MatD& Y) {
  if (Y.rows() == 0) return TargetKind::regression;
  if (Y.cols() == 1) {
    for (Index i = 0; i < Y.rows(); ++i)
      if (Y(i, 0) != 1.0 && Y(i, 0) != -1.0) return TargetKind::regression;
    return TargetKind::sign;
  }
  if (Y.cols() < 2) return TargetKind::regression;
  for (Index i = 0; i < Y.rows(); ++i) {
    Index ones = 0;
    for (Index j = 0; j < Y.cols(); ++j) {
      if (Y(i, j) == 1.0) ++ones;
      else if (Y(i, j) != 0.0) return TargetKind::regression;
    }
    if (ones != 1) return TargetKind::regression;
  }
  return TargetKind::one_hot;
}

Index predicted_class(const MatD& prediction, Index row, TargetKind kind) {
  if (kind == TargetKind::sign) return prediction(row, 0) > 0 ? 1 : -1;
  // First maximum on ties; a NaN entry never compares greater, so it is never chosen over a number.
  Index best = 0;
  for (Index j = 1; j < prediction.cols(); ++j)
    if (prediction(row, j) > prediction(row, best)) best = j;
  return best;
}

std::optional<double> accuracy(const MatD& prediction, const MatD& Y) {
  if (prediction.rows() != Y.rows() || prediction.cols() != Y.cols())
    throw InvalidInput("accuracy: predictions are " + std::to_string(prediction.rows()) + "x" +
                       std::to_string(prediction.cols()) + ", targets " + std::to_string(Y.rows()) + "x" +
                       std::to_string(Y.cols()));
  const TargetKind kind = classify_targets(Y);
  if (kind == TargetKind::regression) return std::nullopt;
  Index correct = 0;
  for (Index i = 0; i < Y.rows(); ++i) {
    const Index truth = kind == TargetKind::sign ? static_cast<Index>(Y(i, 0)) : predicted_class(Y, i, kind);
    if (predicted_class(prediction, i, kind) == truth) ++correct;
  }
  return static_cast<double>(correct) / static_cast<double>(Y.rows());
}

}  // namespace nncert::data
