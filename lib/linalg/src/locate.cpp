#include "nncert/linalg/locate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>
#include <lapacke.h>
#include <Spectra/MatOp/DenseSymMatProd.h>
#include <Spectra/SymEigsSolver.h>

#include "nncert/linalg/factorization.hpp"

namespace nncert::linalg {
namespace {

constexpr Index kDenseLimit = 400;  // below this the dense eigensolver is cheap and robust

// y = (L Lᵀ)^{-1} x with a Cholesky factor we already have (shift-invert without a new factorization).
class InverseOp {
 public:
  using Scalar = double;
  explicit InverseOp(const MatD& l) : l_(l) {}
  Index rows() const { return l_.rows(); }
  Index cols() const { return l_.rows(); }
  void perform_op(const double* x_in, double* y_out) const {
    VecD y = Eigen::Map<const VecD>(x_in, rows());
    cholesky_solve_in_place(l_, y);
    Eigen::Map<VecD>(y_out, rows()) = y;
  }

 private:
  const MatD& l_;
};

// y = (F Fᵀ)^{-1} x in single precision: a location aid, accurate to about 1e-7 of the operator, far
// inside the 1e-4 the Lanczos run asks for.
class SingleInverseOp {
 public:
  using Scalar = double;
  explicit SingleInverseOp(const Eigen::MatrixXf& f) : f_(f) {}
  Index rows() const { return f_.rows(); }
  Index cols() const { return f_.rows(); }
  void perform_op(const double* x_in, double* y_out) const {
    Eigen::VectorXf y = Eigen::Map<const VecD>(x_in, rows()).cast<float>();
    const auto lower = f_.triangularView<Eigen::Lower>();
    lower.solveInPlace(y);
    lower.transpose().solveInPlace(y);
    Eigen::Map<VecD>(y_out, rows()) = y.cast<double>();
  }

 private:
  const Eigen::MatrixXf& f_;
};

EigenEstimate finish(const MatD& a, double theta, VecD x) {
  EigenEstimate e;
  const double nx = x.norm();
  if (!(nx > 0) || !std::isfinite(theta) || !x.allFinite()) return e;
  x /= nx;
  e.ok = true;
  e.theta = theta;
  e.residual = (a.selfadjointView<Eigen::Lower>() * x - theta * x).norm();
  e.x = std::move(x);
  return e;
}

// θ = the Rayleigh quotient xᵀAx of the unit x, and its residual, from one product A·x.
EigenEstimate finish_at_rayleigh_quotient(const MatD& a, VecD x) {
  EigenEstimate e;
  const double nx = x.norm();
  if (!(nx > 0) || !x.allFinite()) return e;
  x /= nx;
  const VecD ax = a.selfadjointView<Eigen::Lower>() * x;
  e.theta = x.dot(ax);
  if (!std::isfinite(e.theta)) return e;
  e.ok = true;
  e.residual = (ax - e.theta * x).norm();
  e.x = std::move(x);
  return e;
}

EigenEstimate dense(const MatD& a) {
  Eigen::SelfAdjointEigenSolver<MatD> es(a);
  if (es.info() != Eigen::Success) return {};
  return finish(a, es.eigenvalues()(0), es.eigenvectors().col(0));
}

}  // namespace

EigenEstimate locate_lambda_min(const MatD& a) {
  const Index n = a.rows();
  if (n <= kDenseLimit) return dense(a);
  Spectra::DenseSymMatProd<double> op(a);
  Spectra::SymEigsSolver<Spectra::DenseSymMatProd<double>> solver(op, 1, std::min<Index>(n, 40));
  solver.init();
  solver.compute(Spectra::SortRule::SmallestAlge, 300, 1e-10, Spectra::SortRule::SmallestAlge);
  if (solver.info() == Spectra::CompInfo::Successful)
    return finish(a, solver.eigenvalues()(0), solver.eigenvectors().col(0));
  if (n <= 3000) return dense(a);
  return {};
}

EigenEstimate locate_lambda_min_with_factor(const MatD& a, const MatD& l, double sigma) {
  const Index n = a.rows();
  if (n <= kDenseLimit) return dense(a);
  InverseOp op(l);
  // A location, not a proof: the Rayleigh bound and the tight shift (certify_spd.cpp) take whatever
  // accuracy it has, so tolerance 1e-4 suffices (the enclosure of a 3000×3000 Gram with a clustered
  // bottom spectrum stays within 0.2 %), and a 40-vector subspace keeps such clusters (usual for Gram
  // matrices) from exhausting the restarts and falling back to a dense O(n³) solve: 38 s -> 1.8 s.
  Spectra::SymEigsSolver<InverseOp> solver(op, 1, std::min<Index>(n, 40));
  solver.init();
  solver.compute(Spectra::SortRule::LargestAlge, 200, 1e-4, Spectra::SortRule::LargestAlge);
  if (solver.info() != Spectra::CompInfo::Successful) return locate_lambda_min(a);
  const double nu = solver.eigenvalues()(0);
  if (!(nu > 0)) return locate_lambda_min(a);
  return finish(a, sigma + 1.0 / nu, solver.eigenvectors().col(0));
}

EigenEstimate locate_lambda_min_single_precision(const MatD& a, double sigma) {
  const Index n = a.rows();
  if (n <= kDenseLimit || n > std::numeric_limits<lapack_int>::max()) return {};
  Eigen::MatrixXf f(n, n);
  for (Index j = 0; j < n; ++j) {
    f(j, j) = static_cast<float>(a(j, j) - sigma);
    for (Index i = j + 1; i < n; ++i) f(i, j) = static_cast<float>(a(i, j));
  }
  // Entries beyond single range become ±inf: no location from this route.
  for (Index j = 0; j < n; ++j)
    if (!f.col(j).tail(n - j).allFinite()) return {};
  const lapack_int ni = static_cast<lapack_int>(n);
  if (LAPACKE_spotrf_work(LAPACK_COL_MAJOR, 'L', ni, f.data(), ni) != 0) return {};
  for (Index j = 0; j < n; ++j)
    if (!(f(j, j) > 0) || !f.col(j).tail(n - j).allFinite()) return {};
  SingleInverseOp op(f);
  Spectra::SymEigsSolver<SingleInverseOp> solver(op, 1, std::min<Index>(n, 40));
  solver.init();
  solver.compute(Spectra::SortRule::LargestAlge, 200, 1e-4, Spectra::SortRule::LargestAlge);
  if (solver.info() != Spectra::CompInfo::Successful || !(solver.eigenvalues()(0) > 0)) return {};
  // The Ritz vector's Rayleigh quotient with the double A is accurate to the square of its angle to
  // the eigenvector, far better than sigma + 1/ν of the perturbed single-precision operator.
  return finish_at_rayleigh_quotient(a, solver.eigenvectors().col(0));
}

}  // namespace nncert::linalg
