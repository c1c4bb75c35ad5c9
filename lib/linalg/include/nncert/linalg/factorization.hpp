#pragma once
// The floating-point Cholesky factorization behind the a-priori shift test, as an interface, so that a
// distributed backend (ScaLAPACK pdpotrf, docs/floating-point.md#why-any-blas-summation-order-blocking-or-fma-is-covered) can be plugged in later.
//
// Contract a backend must satisfy for the shift theorem (apriori_cholesky.hpp) to be sound: run in
// round-to-nearest binary64, every computed entry r_ij of the factor is obtained from a_ij, the
// products r_ti·r_tj (t < i) summed in SOME order (any blocking, FMA allowed, no Strassen), one
// division by the pivot (possibly as a multiplication by a computed reciprocal) and, on the diagonal,
// one square root. Then R̂ᵀR̂ = Ã + Δ with |Δ| <= γ_{n+3}|R̂ᵀ||R̂| + underflow terms (Higham, ASNA
// Thm 10.3 / Lemma 8.4, whose proof holds for any evaluation order; +2 for reciprocal and sqrt).
// `gamma_index(n)` returns the k of γ_k the backend guarantees.
#include <memory>
#include <string>

#include "nncert/numeric/types.hpp"

namespace nncert::linalg {

class CholeskyBackend {
 public:
  virtual ~CholeskyBackend() = default;
  virtual std::string name() const = 0;
  virtual double gamma_index(Index n) const = 0;
  // Factors the lower triangle of `a` in place (the strict upper triangle is not read and is left
  // unchanged). Returns false if a pivot is not > 0 or any computed value is not finite: the caller
  // gets a success only for a finite factor with a positive diagonal.
  virtual bool factor_lower_in_place(MatD& a) const = 0;
};

// Eigen 3.4's blocked LLT (BLAS-3 speed, OpenMP-parallel GEMM updates in round-to-nearest), with the
// finiteness check Eigen omits (its LLT reports success on a NaN factor;
// docs/floating-point.md, "Positive definiteness by an a-priori shifted Cholesky", step 4).
class EigenLltBackend final : public CholeskyBackend {
 public:
  std::string name() const override { return "eigen-llt"; }
  double gamma_index(Index n) const override { return static_cast<double>(n) + 3; }
  bool factor_lower_in_place(MatD& a) const override;
};

// LAPACK's dpotrf through LAPACKE, as Debian links it: OpenBLAS's blocked, threaded factorization
// (GEMM/SYRK updates, TRSM with precomputed reciprocals of the pivots: inside the contract above),
// about 1.6× faster than Eigen's LLT on 2 cores at n = 3000. Its worker threads run in round-to-nearest:
// OpenBLAS starts them when the library loads, before main(), in the default environment, and nothing
// in nncert changes their environment (rounding-mode switches happen only on the calling thread, in
// guarded regions that never call a factorization; fp_environment.hpp A5). Orders above LAPACK's
// integer range fall back to Eigen.
class LapackCholeskyBackend final : public CholeskyBackend {
 public:
  std::string name() const override { return "lapack-dpotrf"; }
  double gamma_index(Index n) const override { return static_cast<double>(n) + 3; }
  bool factor_lower_in_place(MatD& a) const override;
};

// The backend certificates use: LAPACK's dpotrf.
const CholeskyBackend& default_cholesky_backend();

// The BLAS and LAPACK this process loaded: the generic libblas.so.3 / liblapack.so.3 resolve at run
// time to whatever Debian's alternatives or LD_LIBRARY_PATH select. The bounds hold for any of them
// (the contract above); what was used is recorded, not assumed.
struct BlasBackend {
  std::string name;           // "OpenBLAS", "BLIS", "reference or unknown BLAS"
  std::string configuration;  // OpenBLAS's configuration string, when it is OpenBLAS
  std::string core;           // OpenBLAS's kernel family ("Haswell", "Prescott", ...), when it says
  std::string blas_library;   // the file dgemm_ was loaded from
  std::string lapack_library; // the file dpotrf_ was loaded from
};
BlasBackend blas_backend();

// The linear-algebra libraries behind certified results, for a certificate's environment record:
// the default backend's name, the BLAS build and the library files actually loaded.
std::string linear_algebra_description();
// The number of threads the BLAS runs its factorizations and products with (1 when it does not say).
int blas_thread_count();
// A one-line recommendation when OpenBLAS runs a generic core on a CPU with wider vectors (empty
// otherwise).
std::string blas_core_advice();

// Solves (L Lᵀ) x = b in place for a lower factor stored in the lower triangle of `l`.
void cholesky_solve_in_place(const MatD& l, VecD& b);

// Every OpenMP worker uses round-to-nearest and gradual underflow (workers keep the mode they had when
// created; docs/floating-point.md, assumption A5). Sets it where it differs; returns false if it could
// not be established.
bool ensure_workers_round_to_nearest();

}  // namespace nncert::linalg
