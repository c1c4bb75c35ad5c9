#include "nncert/linalg/apriori_cholesky.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "nncert/numeric/memory_policy.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::linalg {

double apriori_shift(const MatD& a, double mu, double k) {
  const Index n = a.rows();
  double trace = 0;   // >= tr(A'), A'_ii = fl_dn(A_ii − μ), summed with upward steps
  double max_diag = 0;
  for (Index i = 0; i < n; ++i) {
    const double d = sub_down(a(i, i), mu);
    if (!(d > 0)) return kInf;  // the theorem needs A'_ii > 0 (and then λ_min > μ is impossible anyway)
    trace = add_up(trace, d);
    max_diag = std::max(max_diag, d);
  }
  return apriori_shift_from_diagonal(n, k, trace, max_diag);
}

double apriori_shift_from_diagonal(Index n, double k, double trace_upper, double max_diag) {
  const double trace = trace_upper;
  // Needs 2ku < 1 for γ_k/(1−γ_k) = ku/(1−2ku) to be meaningful.
  const double ku = mul_up(k, kUnitRoundoff);
  if (!(ku < 0.25)) return kInf;
  const double g = div_up(ku, sub_down(1.0, mul_up(2.0, ku)));  // >= γ_k/(1−γ_k) = ku/(1−2ku)
  // c >= g·tr(A') + 8n(k + max A'_ii)η. Reference bound: Rump, "Verification of positive
  // definiteness", BIT 46 (2006) 433-452, Cor. 2.4, asks for c >= γ_{n+1}/(1−γ_{n+1})·tr(A') +
  // 4n(2(n+1) + max A'_ii)η; the same author's INTLAB isspd uses the row-wise form
  // Σ_i (t_i+3)u·A'_ii + 6n(n + max A'_ii)η with t_i <= n−1 entries left of the diagonal. With
  // k = n+3 (factorization.hpp) ours dominates both term by term: g >= (n+3)u >= (n+2)u >=
  // γ_{n+1}/(1−γ_{n+1}), and 8n(n+3+m) >= max(4n(2(n+1)+m), 6n(n+m)) for every m >= 0.
  // tests/unit/linalg/test_certify_spd.cpp checks the dominance in exact rational arithmetic.
  const double eta_term = mul_up(mul_up(8.0 * static_cast<double>(n), add_up(k, max_diag)), kEta);
  return add_up(mul_up(g, trace), eta_term);
}

ShiftedCholeskyProof prove_lambda_min_above(const MatD& a, double mu, double radius,
                                            const CholeskyBackend& backend, MatD* workspace) {
  ShiftedCholeskyProof proof;
  proof.mu = mu;
  const Index n = a.rows();
  const double c = apriori_shift(a, mu, backend.gamma_index(n));
  proof.c = c;
  if (!std::isfinite(c) || !std::isfinite(radius) || radius < 0) {
    proof.why = fmt::format("a-priori test not applicable at mu = {:.17g} (a diagonal entry <= mu)", mu);
    return proof;
  }
  const double total_shift = add_up(c, radius);
  MatD local;
  MatD& atilde = workspace ? *workspace : local;
  if (atilde.rows() != n || atilde.cols() != n) atilde = uninitialised_matrix(n, n);  // huge pages
  atilde = a;  // off-diagonal entries exact copies
  for (Index i = 0; i < n; ++i) {
    // Ã_ii = fl_dn(fl_dn(A_ii − μ) − (c + r)) <= A'_ii − c − r.
    atilde(i, i) = sub_down(sub_down(a(i, i), mu), total_shift);
    if (!(atilde(i, i) > 0)) {
      proof.why = fmt::format("shifted diagonal entry {} is not positive (c = {:.3g})", i, c);
      return proof;
    }
  }
  if (!backend.factor_lower_in_place(atilde)) {
    proof.why = fmt::format("Cholesky of A - ({:.17g} + c)I failed, c = {:.3g}", mu, c);
    return proof;
  }
  proof.proven = true;
  return proof;
}

}  // namespace nncert::linalg
