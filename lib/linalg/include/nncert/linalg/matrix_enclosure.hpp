#pragma once
// The one midpoint-radius matrix type of nncert, and the round-to-nearest arithmetic on it.
//
// Invariant: a MatrixEnclosure e stands for an exact real matrix M (a kernel Gram, a network Jacobian,
// a product of doubles evaluated in exact arithmetic, ...) with
//     |M − e.mid| <= e.rad  entrywise,   e.rad >= 0,
// where mid and rad are doubles. Whoever returns one states which M it encloses.
//
// The arithmetic below uses only round-to-nearest (thread safe, any summation order, FMA or not); the
// error terms follow Higham, Accuracy and Stability of Numerical Algorithms (2nd ed.), §3.1–3.5:
//   (E1) fl(a ∘ b) = (a ∘ b)(1 + δ) + ε, |δ| <= u, |ε| <= η/2 (gradual underflow, fp_environment.hpp A3);
//   (E2) for a k-term dot product computed in any order, |fl(aᵀb) − aᵀb| <= γ_k |a|ᵀ|b| + k·η;
//   (E3) a sum of k nonnegative terms computed in RN satisfies exact <= (fl(sum) + k·η)/(1 − γ_k).
// Radii are computed in RN from nonnegative terms and then passed through inflate() (lemma in
// matrix_enclosure.cpp).
#include <Eigen/Dense>

#include "nncert/numeric/types.hpp"

namespace nncert::linalg {

struct MatrixEnclosure {
  MatD mid;
  MatD rad;  // >= 0 entrywise; |exact − mid| <= rad
};

// inflate(v̂) = v̂·(1 + 16u) + 16η, rounded to nearest. For v̂ the RN value of an expression of at most
// 7 additions and multiplications of nonnegative doubles (see the lemma in matrix_enclosure.cpp), the
// result is >= the exact value of the expression + 7η.
double inflate(double x);
Eigen::ArrayXXd inflate(const Eigen::ArrayXXd& x);

// A·B with A enclosed and B exact.
MatrixEnclosure times_exact(const MatrixEnclosure& a, const MatD& b);
// s·C with s ∈ [s_mid − s_rad, s_mid + s_rad].
MatrixEnclosure times_scalar(const MatrixEnclosure& c, double s_mid, double s_rad);
// C + 1 bᵀ (b exact): b added to every row.
MatrixEnclosure plus_row(const MatrixEnclosure& c, const VecD& b);
// Entrywise product of two enclosures.
MatrixEnclosure hadamard(const MatrixEnclosure& x, const MatrixEnclosure& y);
// Repeats each row k times (row i -> rows i·k .. i·k + k − 1); exact.
MatrixEnclosure repeat_rows(const MatrixEnclosure& m, Index k);

// The Gram M Mᵀ of an enclosed matrix, enclosed (mid symmetric).
MatrixEnclosure gram_enclosure(const MatrixEnclosure& m);

// Upper bound of ‖X‖₂ for every X in the enclosure, rounded up: ‖ |mid| + rad ‖₂ bounded by
// min(Hölder, Frobenius) (NaN-propagating).
double norm2_upper(const MatrixEnclosure& e);

}  // namespace nncert::linalg
