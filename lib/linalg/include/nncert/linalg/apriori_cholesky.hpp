#pragma once
// Rump's a-priori shifted Cholesky test (BIT 46, 2006, Cor. 2.4/2.7), with a shift that dominates the
// paper's constant and INTLAB isspd's term by term (apriori_cholesky.cpp).
//
// Theorem used. Let A' in F^{n×n} be symmetric with A'_ii > 0, k = backend.gamma_index(n), 2ku < 1,
//   c >= γ_k/(1−γ_k)·tr(A') + 8n(k + max_i A'_ii)η.
// Form Ã with Ã_ij = A'_ij (i ≠ j), Ã_ii <= A'_ii − c − r. If the floating-point Cholesky of Ã runs to
// completion (finite factor R̂, positive pivots), then every symmetric X with ‖X − A'‖₂ <= r is
// positive definite. Proof: R̂ᵀR̂ = Ã + Δ, |Δ| <= γ_k|R̂ᵀ||R̂| + underflow, so
// ‖Δ‖₂ <= γ_k·tr(R̂ᵀR̂) + η-terms and tr(R̂ᵀR̂) <= tr(Ã)/(1−γ_k) <= tr(A')/(1−γ_k); hence
// X = Ã + (c+r)I + D + (X − A') ⪰ R̂ᵀR̂ − Δ + cI ≻ 0 (D >= 0 diagonal rounding slack).
// Here A' = A − μI with A'_ii = fl_dn(A_ii − μ) <= A_ii − μ, so X − μI ⪰ X' ≻ 0: λ_min(X) > μ.
#include <cmath>
#include <string>

#include "nncert/linalg/factorization.hpp"
#include "nncert/numeric/rounding.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::linalg {

struct ShiftedCholeskyProof {
  bool proven = false;  // λ_min(X) > mu proven for every symmetric X with ‖X − A‖₂ <= radius
  double mu = 0;
  double c = 0;         // the a-priori shift used
  std::string why;      // reason when not proven
};

// Upper bound of the shift c of the theorem for the matrix A − μI (diagonal rounded down).
// Returns +inf if the theorem does not apply (a diagonal entry <= μ, or n too large).
double apriori_shift(const MatD& a, double mu, double k);

// The same shift from the diagonal's summaries alone, for callers that hold A in pieces (the
// distributed certify-spd): trace_upper >= tr(A') = Σ_i fl_dn(A_ii − μ) (every term > 0) and
// max_diag >= max_i A'_ii. Returns +inf when 2ku >= 1/2.
double apriori_shift_from_diagonal(Index n, double k, double trace_upper, double max_diag);

// Runs the test at μ. If `workspace` is non-null, Ã is formed and factored in *workspace (its storage
// reused when it is already n×n, which saves the page faults of a fresh n×n buffer); when proven it
// then holds the factor of Ã in its lower triangle (e.g. for inverse iteration: Ã ≈ A − (μ + c)I).
ShiftedCholeskyProof prove_lambda_min_above(const MatD& a, double mu, double radius = 0,
                                            const CholeskyBackend& backend = default_cholesky_backend(),
                                            MatD* workspace = nullptr);

// The tightening step shared by the serial and the distributed certify-spd: tries the lower bounds
// μ = θ − δ, θ − 16δ, θ − 256δ (each rounded down) while they stay above `lower`, and returns the first
// one `prove(μ)` proves, or NaN. `prove` alone decides; θ and δ only choose where it is asked.
template <class Prove>
double tightened_lower_bound(double theta, double delta, double lower, Prove&& prove) {
  for (int attempt = 0; attempt < 3 && std::isfinite(delta); ++attempt, delta *= 16) {
    const double mu = sub_down(theta, delta);
    if (!(mu > lower)) break;
    if (prove(mu)) return mu;
  }
  return std::nan("");
}

}  // namespace nncert::linalg
