#pragma once
// λ_min enclosures of symmetric matrices and the claim "λ_min > shift"
// (docs/floating-point.md, "Positive definiteness by an a-priori shifted Cholesky").
//
//   certified    : λ_min(A) > shift is proven, including every rounding error;
//   refuted      : λ_min(A) <= shift is proven (rigorous Rayleigh quotient x^T A x / x^T x <= shift,
//                  a diagonal entry a_ii <= shift, or an exact rational LDL^T with a pivot <= 0);
//   inconclusive : neither could be proven (always an honest answer).
//
// Example:
//   nncert::MatD a = ...;                                  // exactly symmetric, finite
//   auto r = nncert::linalg::certify_lambda_min(a);        // claim λ_min(A) > 0
//   if (r.verdict == nncert::Verdict::certified) use(r.lambda_min.lower);   // rigorous lower bound
#include <string>

#include "nncert/linalg/enclosure.hpp"
#include "nncert/numeric/types.hpp"
#include "nncert/numeric/verdict.hpp"

namespace nncert::linalg {

struct SpdOptions {
  double shift = 0;              // prove λ_min > shift
  int max_precision_bits = 512;  // highest MPFR precision used for a witness (ladder rung 3)
  bool allow_exact = true;       // exact rational rungs for small n
  bool tighten = true;           // locate λ_min and prove a lower bound close to it (else: stop at shift)
};

struct SpdResult {
  Verdict verdict = Verdict::inconclusive;
  Enclosure lambda_min;  // enclosure of λ_min(A) (interval form: of λ_min(X), X the true matrix)
  std::string reason;    // why this verdict, in words
  double seconds = 0;
};

// Point input. Throws InvalidInput unless `a` is non-empty, square, finite and exactly symmetric.
SpdResult certify_lambda_min(const MatD& a, const SpdOptions& options = {});

// Interval input ⟨mid, rad⟩: the claim is proven for EVERY symmetric X with |X − mid| <= rad entrywise
// (docs/floating-point.md, shifted Cholesky; Rump's Cor. 2.7, via Weyl: λ_min(X) >= λ_min(mid) − ‖rad‖₂).
// Refuted means: for every such X, λ_min(X) <= shift
// (x^T mid x + |x|^T rad |x| <= shift·x^T x proven for one x).
SpdResult certify_lambda_min(const MatD& mid, const MatD& rad, const SpdOptions& options = {});

// Input validation shared by the certify functions; `what` names the argument in the message.
void require_symmetric_finite(const MatD& a, const char* what);

}  // namespace nncert::linalg
