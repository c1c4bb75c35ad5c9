#pragma once
// The one escalation ladder for "λ_min(A) > target" (docs/design.md#layers;
// docs/floating-point.md: shifted Cholesky, σ_min, exact witness checks). Rungs, cheapest
// first; the next is tried only when the previous could not prove the claim (margin too thin):
//
//  1. apriori-double   Rump's a-priori shifted Cholesky in binary64 (apriori_cholesky.hpp).
//                      Proves λ_min > μ when λ_min − μ exceeds about (n+3)u·tr(A).
//  2. witness-double   L = float Cholesky of A − sI, then s − ‖A − sI − LLᵀ‖_∞ evaluated exactly with
//                      integers (exact.hpp): needs only the true residual, not its worst case.
//  3. witness-mpfr     the same with L computed in MPFR at 113, 226, ... bits (exact dyadic entries),
//                      up to max_precision_bits.
//  4. exact-ldlt       exact fraction-free elimination of A − target·I (small n only): decides.
//
// A rung that cannot prove the claim returns proven = false; nothing is certified by a guess.
#include <string>

#include "nncert/numeric/types.hpp"

namespace nncert::linalg {

struct LadderOptions {
  int max_precision_bits = 512;
  bool allow_exact = true;
  Index max_n_witness_exact = 400;  // rungs 2: exact integer residual, O(n³) bignum operations
  Index max_n_witness_mpfr = 160;   // rung 3
  Index max_n_exact = 80;           // rung 4
};

struct LadderStep {
  bool proven = false;   // λ_min(A) > target proven (rungs 1, 2, 3: λ_min(A) >= lower > target)
  bool refuted = false;  // λ_min(A) <= target proven (rung 4 only)
  double lower = 0;      // rigorous lower bound of λ_min(A) when proven
  std::string method;
  int precision_bits = 53;
  std::string why;
};

// theta: an estimate of λ_min (used to place the witness shift s between target and θ).
LadderStep climb_ladder(const MatD& a, double target, double theta, const LadderOptions& options);

// Individual rungs (also used by the tests).
LadderStep rung_apriori_double(const MatD& a, double target);
LadderStep rung_witness_double(const MatD& a, double target, double s);
LadderStep rung_witness_mpfr(const MatD& a, double target, double s, int bits);
LadderStep rung_exact(const MatD& a, double target);

}  // namespace nncert::linalg
