#pragma once
// Exact decisions for dyadic (double) and rational matrices (docs/floating-point.md,
// "Exact witness checks" and "Exact ground truth"). No rounding anywhere: every
// double is m·2^e, so a common power of two turns a matrix into an integer matrix, and fraction-free
// (Bareiss) elimination keeps integers whose pivots are the leading principal minors.
#include <cstdint>

#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::linalg {

// A − shift·I positive definite, decided exactly (Sylvester: all leading principal minors > 0).
// Cost grows like n^4–n^5 in bit operations; intended for n ≲ 100.
bool is_pd_exact(const MatD& a, double shift = 0);
bool is_pd_exact(const Mat<Rational>& a);

// Exact rank (Bareiss with pivoting on the integer-scaled matrix).
Index exact_rank(const MatD& m);
Index exact_rank(const Mat<Rational>& m);

// rank over GF(p) of the integer-scaled matrix; a lower bound of the rank over Q (every minor that is
// nonzero mod p is a nonzero integer). p must be a prime < 2^62.
Index rank_mod_p(const MatD& m, std::uint64_t p = 4611686018427387847ULL);

// Exact check of a floating-point Cholesky witness (docs/floating-point.md, "Exact witness checks"):
// for ANY lower-triangular L,
//   λ_min(A) >= s − ‖A − sI − L Lᵀ‖_∞,
// since A − sI = LLᵀ + E with LLᵀ ⪰ 0 and E symmetric, ‖E‖₂ <= ‖E‖_∞. Computed with exact integers.
Rational exact_witness_lower_bound(const MatD& a, double s, const MatD& l);
// The same for a witness computed in higher precision (entries are exact dyadics).
Rational exact_witness_lower_bound(const MatD& a, double s, const Mat<MpfrFloat>& l);
// True iff the bound above is > 0 (so A is proven positive definite).
bool exact_check_cholesky_witness(const MatD& a, double s, const MatD& l);

// Largest double <= q, and smallest double >= q.
double rational_down(const Rational& q);
double rational_up(const Rational& q);

}  // namespace nncert::linalg
