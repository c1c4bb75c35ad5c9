#pragma once
// Locating λ_min (approximate eigenvalues for choosing shifts). Nothing here is evidence: every number it
// returns is checked by a rigorous test before anything is certified.
#include "nncert/numeric/types.hpp"

namespace nncert::linalg {

struct EigenEstimate {
  bool ok = false;
  double theta = 0;    // approximate λ_min
  double residual = 0; // ‖Ax − θx‖₂ for the unit x, round-to-nearest estimate
  VecD x;              // approximate eigenvector
};

// Dense eigensolver for small n, Spectra's Lanczos otherwise.
EigenEstimate locate_lambda_min(const MatD& a);

// Lanczos on (L Lᵀ)^{-1}, L a lower Cholesky factor with L Lᵀ ≈ A − sigma·I (shift-invert with a
// factor we already have); λ ≈ sigma + 1/ν.
EigenEstimate locate_lambda_min_with_factor(const MatD& a, const MatD& l, double sigma);

// Lanczos on (F Fᵀ)^{-1} with F a single-precision Cholesky factor of A − sigma·I: half the cost of a
// double factorization and half the memory traffic per solve. θ is the double-precision Rayleigh
// quotient of the Ritz vector. Returns !ok (and the caller locates otherwise) when n is small, when A
// is out of single range, or when A − sigma·I is not positive definite to single precision.
EigenEstimate locate_lambda_min_single_precision(const MatD& a, double sigma);

}  // namespace nncert::linalg
