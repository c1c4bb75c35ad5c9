#pragma once
// "y ∈ range(J)" with a certified residual min_θ ‖Jθ − y‖₂.
#include <string>

#include "nncert/linalg/enclosure.hpp"
#include "nncert/numeric/types.hpp"
#include "nncert/numeric/verdict.hpp"

namespace nncert::linalg {

struct RangeResult {
  Verdict verdict = Verdict::inconclusive;  // certified: residual <= tol proven; refuted: residual > tol
  Enclosure residual;                        // min_θ ‖Jθ − y‖₂
  std::string reason;
};

RangeResult certify_in_range(const MatD& j, const VecD& y, double tol = 0);

}  // namespace nncert::linalg
