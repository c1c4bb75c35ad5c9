#include "nncert/linalg/ladder.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "nncert/linalg/apriori_cholesky.hpp"
#include "nncert/linalg/exact.hpp"
#include "nncert/linalg/factorization.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::linalg {
namespace {

// A witness bound λ_min >= bound > target, reported as a double lower bound: the largest double <= the
// exact bound, but never below target (target itself is then also a valid, proven lower bound).
LadderStep from_bound(const Rational& bound, double target, const char* method, int bits) {
  LadderStep step;
  step.method = method;
  step.precision_bits = bits;
  if (bound > to_rational(target)) {
    step.proven = true;
    step.lower = std::max(rational_down(bound), target);
  } else {
    step.why = fmt::format("{}: exact witness bound {:.6g} <= target {:.17g}", method,
                           bound.convert_to<double>(), target);
  }
  return step;
}

// Unblocked right-looking Cholesky in MPFR at the current default precision (the witness only: its
// rounding is irrelevant to soundness, the exact residual check decides).
bool mpfr_cholesky_lower(Mat<MpfrFloat>& m) {
  const Index n = m.rows();
  for (Index k = 0; k < n; ++k) {
    if (!(m(k, k) > 0)) return false;
    m(k, k) = sqrt(m(k, k));
    for (Index i = k + 1; i < n; ++i) m(i, k) /= m(k, k);
    for (Index j = k + 1; j < n; ++j)
      for (Index i = j; i < n; ++i) m(i, j) -= m(i, k) * m(j, k);
  }
  for (Index j = 1; j < n; ++j)
    for (Index i = 0; i < j; ++i) m(i, j) = 0;
  return true;
}

}  // namespace

LadderStep rung_apriori_double(const MatD& a, double target) {
  const auto proof = prove_lambda_min_above(a, target);
  LadderStep step;
  step.method = "apriori-double";
  step.proven = proof.proven;
  step.lower = target;
  step.why = proof.why;
  return step;
}

LadderStep rung_witness_double(const MatD& a, double target, double s) {
  // Any L works (the check assumes nothing about how L was computed); take Eigen's LLT of fl(A − sI).
  MatD b = a;
  for (Index i = 0; i < b.rows(); ++i) b(i, i) = a(i, i) - s;
  if (!default_cholesky_backend().factor_lower_in_place(b)) {
    LadderStep step;
    step.method = "witness-double";
    step.why = fmt::format("witness-double: Cholesky of A - {:.17g} I failed", s);
    return step;
  }
  return from_bound(exact_witness_lower_bound(a, s, b), target, "witness-double", 53);
}

LadderStep rung_witness_mpfr(const MatD& a, double target, double s, int bits) {
  const MpfrPrecision precision(bits);
  Mat<MpfrFloat> b = a.cast<MpfrFloat>();
  for (Index i = 0; i < b.rows(); ++i) b(i, i) -= MpfrFloat(s);
  if (!mpfr_cholesky_lower(b)) {
    LadderStep step;
    step.method = "witness-mpfr";
    step.precision_bits = bits;
    step.why = fmt::format("witness-mpfr: {}-bit Cholesky of A - {:.17g} I failed", bits, s);
    return step;
  }
  return from_bound(exact_witness_lower_bound(a, s, b), target, "witness-mpfr", bits);
}

LadderStep rung_exact(const MatD& a, double target) {
  LadderStep step;
  step.method = "exact-ldlt";
  step.precision_bits = 0;
  // Sylvester's criterion on the exact integer image of A − target·I.
  if (is_pd_exact(a, target)) {
    step.proven = true;
    step.lower = target;
  } else {
    step.refuted = true;
    step.why = "exact elimination: A - shift*I has a leading principal minor <= 0";
  }
  return step;
}

LadderStep climb_ladder(const MatD& a, double target, double theta, const LadderOptions& options) {
  const Index n = a.rows();
  LadderStep step = rung_apriori_double(a, target);
  if (step.proven) return step;
  std::string why = step.why;
  // Witness shifts strictly between target and the estimate θ (the witness needs A − sI ≻ 0 numerically).
  std::vector<double> shifts;
  if (std::isfinite(theta) && theta > target)
    for (double f : {0.5, 0.0625, 0x1p-10}) {
      const double s = target + f * (theta - target);
      if (s > target) shifts.push_back(s);
    }
  if (n <= options.max_n_witness_exact)
    for (double s : shifts) {
      step = rung_witness_double(a, target, s);
      if (step.proven) return step;
      why += "; " + step.why;
    }
  if (n <= options.max_n_witness_mpfr)
    for (int bits = 113; bits <= options.max_precision_bits; bits *= 2)
      for (double s : shifts) {
        step = rung_witness_mpfr(a, target, s, bits);
        if (step.proven) return step;
        why += "; " + step.why;
      }
  if (options.allow_exact && n <= options.max_n_exact) return rung_exact(a, target);
  step = LadderStep{};
  step.method = "ladder";
  step.why = why;
  return step;
}

}  // namespace nncert::linalg
