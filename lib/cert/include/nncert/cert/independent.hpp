#pragma once
// Independent re-check of a Gram claim (docs/floating-point.md#exact-witness-checks): "σ_min(J_S(θ0)) >= b",
// "λ_min(J_S(θ0) J_S(θ0)ᵀ) >= b" or "λ_min(K) >= b" for an analytic kernel Gram K, by a route that
// shares nothing with the verifier that produced it except the model (or kernel) definition:
//   1. the Gram G is evaluated in 256-bit MPFR: J_S by the templated model (models::build_model<MpfrFloat>)
//      (or the RFF-ResNet's feature matrices Φ_k, G_k = c²Φ_kΦ_kᵀ, every layer)
//      at the exact double θ0 and data, then G = J_S J_Sᵀ; a kernel Gram by the kernels' plain-loop
//      reference recursion (fc_kernel_reference, h_infinity_reference, cntk_gram_reference);
//   2. G is rounded to a double matrix G_d; R_ij >= |G_ij − G_d,ij| + ε_ij bounds the distance to the
//      MPFR value plus an evaluation allowance for the MPFR evaluation itself, ε = 2^-160·(1 + max|G|)
//      for Jacobian Grams and 2^-100·(1 + max|G|) for kernel recursions (arccos near ±1);
//   3. a double Cholesky of G_d − s·I (any s) is checked EXACTLY in integers (linalg::
//      exact_witness_lower_bound): λ_min(G_d) >= s − ‖G_d − sI − LLᵀ‖_∞ =: B, a rational;
//   4. Weyl: λ_min(G) >= B − N·max R_ij (‖R‖₂ <= N·max R), compared exactly with b² (or b).
// What is independent: the arithmetic (MPFR instead of double with a-priori error terms or interval
// enclosures), the matrix construction (generic back-propagation or the plain reference recursion in
// MPFR instead of the verifier's enclosure code) and the proof (exact integer witness instead of the
// certify ladder). What is NOT proven: that the 256-bit evaluation error is below ε (an assumption
// about 256-bit arithmetic on small problems, not a bound).
#include <string>

#include "nncert/cert/witness.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/types.hpp"
#include "nncert/numeric/verdict.hpp"
#include "nncert/theory/verify.hpp"

namespace nncert::cert {

struct IndependentCheck {
  Verdict verdict = Verdict::inconclusive;  // certified: the claim holds; inconclusive: not shown
  std::string detail;                       // what was proven, or why not
  bool attempted = false;                   // false: skipped (size limits)
};

// Steps 2-4 above for a Gram G already evaluated in MPFR, with the evaluation allowance
// ε = 2^-allowance_bits·(1 + max|G|): proves λ_min(G) >= bound ("lambda_min") or >= bound²
// ("sigma_min"); `what` and `route` name the matrix and how it was evaluated in the detail.
IndependentCheck prove_mpfr_gram(const Mat<MpfrFloat>& G, const std::string& claim, double bound, int allowance_bits,
                                 const std::string& what, const std::string& route);

// `bound` is the recorded lower end of the claim. Skipped when N (n·k rows of J_S, n for a kernel) >
// max_rows, when N·|S| > 4e6, or when a kernel Gram would take more than ~2e7 MPFR operations.
IndependentCheck independent_gram_check(const theory::LoadedProblem& problem, const VecD& theta0,
                                        const GramWitness& witness, double bound, Index max_rows = 200);

}  // namespace nncert::cert
