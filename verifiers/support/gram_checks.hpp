#pragma once
// λ_min > 0 of an enclosed symmetric Gram as a Finding (node_scaling, rff_expressivity, ntk_gram).
#include <string>

#include "nncert/theory/finding.hpp"
#include "nncert/linalg/matrix_enclosure.hpp"

namespace nncert::verifiers {

// Certified: λ_min(G) > 0 for every symmetric G in the enclosure (linalg interval form; Rump's Cor. 2.7,
// docs/floating-point.md, "Positive definiteness by an a-priori shifted Cholesky"). Constants `<name>`
// (λ_min) and `<name_max>` (λ_max upper bound).
theory::Finding positive_definite_finding(const linalg::MatrixEnclosure& gram, const std::string& quantity,
                                          const std::string& name, const std::string& name_max);

// A certified upper bound of λ_max over the enclosure: s with λ_min(s·I − G) > 0 proven for every G
// in the box (shifted Cholesky on s·I − mid with the same radius), s = 1.01·(estimate of λ_max);
// falls back to the Gershgorin bound max_i Σ_j (|mid_ij| + rad_ij) when that proof fails.
double lambda_max_upper(const linalg::MatrixEnclosure& gram);

}  // namespace nncert::verifiers
