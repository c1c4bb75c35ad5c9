// distinct_inputs: the rows of X are pairwise distinct; with `parallel = true`, no row is a positive
// multiple of another and no row is zero (the ReLU NTK / H∞ Gram then has no proportional rows).
//
// Rigour: no decision is taken on a floating-point tolerance. Each nonzero row x gets the key
// (first nonzero index p, sign of x_p, fl(x_b / x_p) for every b). If x_j = c·x_i with c > 0, both rows
// have the same zero pattern and pivot sign, and x_j,b / x_j,p = x_i,b / x_i,p as real numbers, so the
// correctly rounded quotients are the same double (at any magnitude: underflow and overflow round the
// same real number to the same value). Rows with different keys are therefore proven not positively
// parallel; rows with equal keys are decided in exact rational arithmetic. The key only ever sends a
// pair to the exact check, it never certifies one.
#include <algorithm>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include <optional>

#include "duplicates.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/shortfall.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

// x_j = c·x_i with c > 0, decided exactly.
bool positively_parallel(const MatD& X, Index i, Index j) {
  Index pivot = -1;
  for (Index a = 0; a < X.cols() && pivot < 0; ++a)
    if (X(i, a) != 0) pivot = a;
  if (pivot < 0) return false;  // zero rows are handled separately
  const Rational xi_p = to_rational(X(i, pivot)), xj_p = to_rational(X(j, pivot));
  if (xj_p == 0 || (xi_p > 0) != (xj_p > 0)) return false;
  for (Index b = 0; b < X.cols(); ++b)
    if (to_rational(X(j, b)) * xi_p != to_rational(X(i, b)) * xj_p) return false;
  return true;
}

// The scale-invariant key of a nonzero row (see the header): equal for positively parallel rows.
std::vector<double> parallel_key(const MatD& X, Index i) {
  Index pivot = 0;
  while (X(i, pivot) == 0) ++pivot;
  std::vector<double> key{static_cast<double>(pivot), X(i, pivot) > 0 ? 1.0 : -1.0};
  for (Index b = 0; b < X.cols(); ++b) key.push_back(X(i, b) / X(i, pivot));
  return key;
}

// The first positively parallel pair (i < j) among nonzero finite rows, decided exactly; candidates are
// the rows whose keys compare equal (sorted, so each group of equal keys is contiguous).
std::optional<std::pair<Index, Index>> first_positively_parallel_pair(const MatD& X) {
  std::vector<std::vector<double>> keys;
  for (Index i = 0; i < X.rows(); ++i) keys.push_back(parallel_key(X, i));
  std::vector<Index> order(static_cast<std::size_t>(X.rows()));
  std::iota(order.begin(), order.end(), 0);
  const auto key_less = [&](Index a, Index b) { return keys[static_cast<std::size_t>(a)] < keys[static_cast<std::size_t>(b)]; };
  std::stable_sort(order.begin(), order.end(), key_less);
  std::optional<std::pair<Index, Index>> best;
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start + 1;
    while (end < order.size() && !key_less(order[start], order[end])) ++end;
    for (std::size_t a = start; a < end; ++a)
      for (std::size_t b = a + 1; b < end; ++b) {
        const Index i = std::min(order[a], order[b]), j = std::max(order[a], order[b]);
        if ((!best || std::make_pair(i, j) < *best) && positively_parallel(X, i, j)) best = std::make_pair(i, j);
      }
    start = end;
  }
  return best;
}

class DistinctInputs final : public theory::Verifier {
 public:
  std::string_view name() const override { return "distinct_inputs"; }
  std::vector<std::string_view> theorem_parameters() const override { return {"parallel"}; }
  std::string_view description() const override { return "inputs pairwise distinct (or pairwise non-parallel)"; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const bool parallel = bool_parameter(c, "parallel", false);
    const MatD& X = c.data.X;
    const Index n = X.rows();
    theory::Finding f;
    f.quantity = parallel ? "number of positively parallel or zero input pairs" : "number of duplicate input pairs";
    f.method = parallel ? "scale-invariant keys (correctly rounded ratios) + exact rational check" : "exact comparison of sorted rows";
    if (!X.allFinite()) {
      f.reason = "an input has a non-finite entry";
      return f;
    }
    if (parallel) {
      for (Index i = 0; i < n; ++i)
        if (X.row(i).cwiseAbs().maxCoeff() == 0) {
          f.verdict = Verdict::refuted;
          f.enclosure = certified(1, 1, "exact");
          f.reason = fmt::format("input {} is the zero vector", i);
          f.details[theory::kWhatWouldChange] = fmt::format("remove input {} (the zero vector is parallel to every input)", i);
          return f;
        }
      const auto pair = first_positively_parallel_pair(X);
      if (pair) {
        f.verdict = Verdict::refuted;
        f.enclosure = certified(1, 1, "exact");
        f.reason = fmt::format("inputs {} and {} are positively parallel (x_{} = c x_{}, c > 0)", pair->first,
                               pair->second, pair->second, pair->first);
        f.details[theory::kWhatWouldChange] =
            fmt::format("remove input {} or {}, or append a constant feature (a bias coordinate) so that no two inputs are parallel",
                        pair->first, pair->second);
        return f;
      }
    } else {
      if (const auto pair = first_identical_rows(X)) {
        f.verdict = Verdict::refuted;
        f.enclosure = certified(1, 1, "exact");
        f.reason = fmt::format("inputs {} and {} are identical", pair->first, pair->second);
        f.details[theory::kWhatWouldChange] = fmt::format("remove the duplicate input {} (keep input {})", pair->second, pair->first);
        return f;
      }
    }
    f.verdict = Verdict::certified;
    f.enclosure = certified(0, 0, "exact");
    return f;
  }
};

const theory::VerifierRegistration<DistinctInputs> registration;

}  // namespace
}  // namespace nncert::verifiers
