#pragma once
// Rigorous evaluation of small building blocks: quadratic forms, norms, and enclosures of matrix
// products. Two techniques, each stated next to its code:
//  * directed rounding (FE_UPWARD/FE_DOWNWARD) in plain single-threaded loops: O(n²) kernels;
//  * round-to-nearest a-priori bounds for Eigen's (possibly multithreaded, blocked, FMA) GEMM:
//    |fl(AB) − AB| <= γ_k|A||B| + kη entrywise for inner dimension k, any summation order
//    (Higham ASNA Lemma 8.4 / Jeannerod–Rump 2013), which is thread safe.
#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::linalg {

// Upper bound of xᵀAx (directed rounding).
double quadratic_form_upper(const MatD& a, const VecD& x);
// Upper bound of max over symmetric X with |X − mid| <= rad of xᵀXx = xᵀ mid x + |x|ᵀ rad |x|.
double quadratic_form_upper(const MatD& mid, const MatD& rad, const VecD& x);
// Bounds of ‖x‖₂² and of ‖Aᵀx‖₂² (directed rounding).
double squared_norm_lower(const VecD& x);
double squared_norm_upper(const VecD& x);
double squared_norm_transpose_product_upper(const MatD& a, const VecD& x);
// Upper bound of num/den for an upper bound `num_up` of num and den in [den_lo, den_up], den_lo > 0.
double quotient_upper(double num_up, double den_lo, double den_up);

// Upper bound of the Rayleigh quotient xᵀAx/xᵀx: λ_min(A) <= this (for x ≠ 0; +inf if x = 0).
double rayleigh_quotient_upper(const MatD& a, const VecD& x);
double rayleigh_quotient_upper(const MatD& mid, const MatD& rad, const VecD& x);

// Entrywise enclosure of an exact product: |A·B − mid| <= rad. A long inner dimension is summed in
// panels, so the temporaries |A|, |B| are panel-sized rather than copies of A and B.
MatrixEnclosure product_enclosure(const MatD& a, const MatD& b);

// Upper bounds of matrix norms. For nonnegative M, ‖M‖₂ <= sqrt(‖M‖₁‖M‖_∞) (Hölder).
double norm_inf_upper(const MatD& m);  // max row sum of |m|
double norm_one_upper(const MatD& m);  // max column sum of |m|
double frobenius_squared_upper(const MatD& m);
double norm2_upper(const MatD& m);  // min(sqrt(‖m‖₁‖m‖_∞), ‖m‖_F), bound of ‖m‖₂

// norm2_upper of a matrix handed over one block of columns at a time, left to right, so that a bound
// of ‖M‖₂ never needs M whole: each row sum, the largest column sum and ‖M‖_F² are accumulated with
// upward rounding.
class Norm2UpperAccumulator {
 public:
  explicit Norm2UpperAccumulator(Index rows);
  void add_columns(const MatD& block);  // block.rows() == rows
  double value() const;

 private:
  VecD row_sums_;
  double max_column_sum_ = 0;
  double frobenius_squared_ = 0;
};

}  // namespace nncert::linalg
