#include "nncert/cert/independent.hpp"

#include <cmath>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "nncert/linalg/exact.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::cert {

IndependentCheck independent_gram_check(const theory::LoadedProblem& problem, const VecD& theta0, const GramWitness& w,
                                        double bound, Index max_rows) {
  IndependentCheck out;
  const Index rows = problem.data.n() * problem.data.k();
  if (rows > max_rows) {
    out.detail = fmt::format("skipped: N = {} rows > {} (exact re-check limited to small N)", rows, max_rows);
    return out;
  }
  if (!(bound > 0)) {  // σ_min >= 0 and λ_min of a Gram >= 0 always hold
    out.verdict = Verdict::certified;
    out.attempted = true;
    out.detail = "bound <= 0 holds for every Gram";
    return out;
  }
  constexpr int kBits = 256;
  const MpfrPrecision precision(kBits);
  auto model = models::build_model<MpfrFloat>(problem.model);
  const Index cols = model->block(w.block).size;
  if (static_cast<double>(rows) * static_cast<double>(cols) > 4e6) {
    out.detail = fmt::format("skipped: J_S is {}x{} (too large for a 256-bit re-evaluation)", rows, cols);
    return out;
  }
  out.attempted = true;
  // θ0 and X are doubles: their conversion to 256-bit values is exact.
  model->set_params(theta0.cast<MpfrFloat>());
  const Mat<MpfrFloat> X = problem.data.X.cast<MpfrFloat>();
  const Mat<MpfrFloat> J = model->jacobian_block(X, w.block);
  const Mat<MpfrFloat> G = J * J.transpose();
  // G_d: the symmetrised MPFR Gram rounded to nearest double (the true G is symmetric; each entry's
  // distance to it is covered by R below).
  MatD gd(rows, rows);
  MpfrFloat gmax = 0;
  for (Index i = 0; i < rows; ++i)
    for (Index j = i; j < rows; ++j) {
      const MpfrFloat g = (G(i, j) + G(j, i)) / 2;
      gd(i, j) = gd(j, i) = g.convert_to<double>();
      gmax = std::max(gmax, MpfrFloat(abs(g)));
    }
  // R bound: max |G − G_d| in MPFR (the difference of a 256-bit and a 53-bit value is exact at 256 bits
  // up to one rounding, covered by the allowance) plus ε = 2^-160 (1 + max|G|).
  MpfrFloat rmax = 0;
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < rows; ++j) rmax = std::max(rmax, MpfrFloat(abs(G(i, j) - MpfrFloat(gd(i, j)))));
  rmax += ldexp(MpfrFloat(1) + gmax, -160);
  const double r_up = next_up(rmax.convert_to<double>());
  const Rational weyl = to_rational(static_cast<double>(rows)) * to_rational(r_up);
  // Target: λ_min(G) >= t, t = b² for a σ_min claim (b > 0), else b.
  const Rational t = w.claim == "sigma_min" ? to_rational(bound) * to_rational(bound) : to_rational(bound);
  const double lambda_est = Eigen::SelfAdjointEigenSolver<MatD>(gd, Eigen::EigenvaluesOnly).eigenvalues()(0);
  const double floor_needed = linalg::rational_up(t + weyl);
  if (!(lambda_est > floor_needed)) {
    out.detail = fmt::format("not re-proven: lambda_min(G) ≈ {:.6g} is not above the claim {:.6g} plus the rounding radius {:.3g}",
                             lambda_est, linalg::rational_up(t), linalg::rational_up(weyl));
    return out;
  }
  // Shifts between the needed floor and the estimate; the exact check accepts any lower-triangular L.
  for (double frac : {0.5, 0.9, 0.99, 0.1}) {
    const double s = floor_needed + frac * (lambda_est - floor_needed);
    const MatD shifted = gd - s * MatD::Identity(rows, rows);
    const Eigen::LLT<MatD> llt(shifted);
    if (llt.info() != Eigen::Success) continue;
    const MatD L = llt.matrixL();
    if (!L.allFinite()) continue;
    const Rational b = linalg::exact_witness_lower_bound(gd, s, L);
    if (b - weyl >= t) {
      out.verdict = Verdict::certified;
      out.detail = fmt::format("re-proven independently: lambda_min(J_S J_S^T) >= {:.17g} >= claim {:.17g} (256-bit MPFR Jacobian, exact integer Cholesky-witness check, N = {})",
                               linalg::rational_down(b - weyl), linalg::rational_up(t), rows);
      return out;
    }
  }
  out.detail = "not re-proven: no Cholesky witness passed the exact check";
  return out;
}

}  // namespace nncert::cert
