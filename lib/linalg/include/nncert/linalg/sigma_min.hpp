#pragma once
// σ_min enclosures of rectangular matrices and "rank >= r" certificates
// (docs/floating-point.md, "σ_min and rank of a Jacobian").
// For J of size n×p, σ_min(J) means σ_{min(n,p)}(J): it is > 0 iff J has full rank min(n,p).
#include <string>

#include "nncert/linalg/enclosure.hpp"
#include "nncert/numeric/types.hpp"
#include "nncert/numeric/verdict.hpp"

namespace nncert::linalg {

struct SigmaResult {
  Verdict verdict = Verdict::inconclusive;  // certified: σ_min > threshold proven; refuted: σ_min <= threshold
  Enclosure sigma_min;
  Index rank_lower = 0;  // proven: rank(J) >= rank_lower
  Index rank_upper = 0;  // proven: rank(J) <= rank_upper
  std::string reason;
  double seconds = 0;
};

// Gram route (λ_min of J Jᵀ with a rigorous radius) when κ is moderate, Miyajima's SVD route when the
// Gram loses the answer, exact/modular rank for small dyadic matrices. Throws InvalidInput on empty or
// non-finite input or a negative threshold.
SigmaResult certify_sigma_min(const MatD& j, double threshold = 0);

// Interval input: the claim for EVERY J with |J − mid| <= rad (σ_min(J) >= σ_min(mid) − ‖rad‖₂).
SigmaResult certify_sigma_min(const MatD& mid, const MatD& rad, double threshold = 0);

}  // namespace nncert::linalg
