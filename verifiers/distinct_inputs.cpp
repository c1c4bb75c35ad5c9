// distinct_inputs: the rows of X are pairwise distinct; with `parallel = true`, no row is a positive
// multiple of another and no row is zero (the ReLU NTK / H∞ Gram then has no proportional rows).
//
// Rigour: candidate pairs are found in floating point with a wide margin (an exactly parallel pair
// has computed cosine >= 1 − (d + 2)u·O(1), far above the 1 − 1e-9 filter, so none is missed), and
// each candidate is decided in exact rational arithmetic (Rational products of the stored doubles).
#include <fmt/format.h>

#include "duplicates.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/errors.hpp"
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

class DistinctInputs final : public theory::Verifier {
 public:
  std::string_view name() const override { return "distinct_inputs"; }
  std::string_view description() const override { return "inputs pairwise distinct (or pairwise non-parallel)"; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const bool parallel = bool_parameter(c, "parallel", false);
    const MatD& X = c.data.X;
    const Index n = X.rows();
    theory::Finding f;
    f.quantity = parallel ? "number of positively parallel or zero input pairs" : "number of duplicate input pairs";
    f.method = parallel ? "floating-point candidate filter + exact rational check" : "exact comparison of sorted rows";
    if (parallel) {
      for (Index i = 0; i < n; ++i)
        if (X.row(i).cwiseAbs().maxCoeff() == 0) {
          f.verdict = Verdict::refuted;
          f.enclosure = certified(1, 1, "exact");
          f.reason = fmt::format("input {} is the zero vector", i);
          return f;
        }
      const VecD norms = X.rowwise().norm();
      const MatD gram = X * X.transpose();
      for (Index i = 0; i < n; ++i)
        for (Index j = i + 1; j < n; ++j) {
          if (gram(i, j) < (1 - 1e-9) * norms(i) * norms(j)) continue;
          if (positively_parallel(X, i, j)) {
            f.verdict = Verdict::refuted;
            f.enclosure = certified(1, 1, "exact");
            f.reason = fmt::format("inputs {} and {} are positively parallel (x_{} = c x_{}, c > 0)", i, j, j, i);
            return f;
          }
        }
    } else {
      if (const auto pair = first_identical_rows(X)) {
        f.verdict = Verdict::refuted;
        f.enclosure = certified(1, 1, "exact");
        f.reason = fmt::format("inputs {} and {} are identical", pair->first, pair->second);
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
