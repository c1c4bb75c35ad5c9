// Quantities measured along the path: the Gram spectrum (estimated), a certified
// λ_min lower bound, the DAA residual.
#include <cmath>

#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include "engine.hpp"
#include "nncert/linalg/certify_spd.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::train::detail {

GramSpectrum gram_spectrum(const MatD& gram) {
  if (gram.size() == 0 || !gram.allFinite()) return {};
  const Eigen::SelfAdjointEigenSolver<MatD> eig(gram, Eigen::EigenvaluesOnly);
  if (eig.info() != Eigen::Success) return {};
  return {eig.eigenvalues()(0), eig.eigenvalues()(eig.eigenvalues().size() - 1)};
}

std::optional<double> certified_lambda_min(const MatD& jacobian) {
  if (jacobian.size() == 0 || !jacobian.allFinite()) return std::nullopt;
  const Index p = jacobian.cols();
  // mid = fl(Ĵ Ĵᵀ), made exactly symmetric by mirroring the lower triangle.
  MatD mid = jacobian * jacobian.transpose();
  mid = mid.selfadjointView<Eigen::Lower>();
  // Rigour: each entry is a dot product of length p evaluated in some order (FMA allowed), so
  //   |fl(ĴĴᵀ)_ij − (ĴĴᵀ)_ij| <= γ_p (|Ĵ||Ĵ|ᵀ)_ij + p·η      (Higham ASNA Thm 3.5, + underflow).
  // c = fl(|Ĵ||Ĵ|ᵀ) has nonnegative terms, so (|Ĵ||Ĵ|ᵀ)_ij <= (c_ij + p·η)/(1 − γ_p).
  // rad_ij = γ_p·(c_ij + p·η)/(1 − γ_p) + p·η, every operation rounded upward.
  const MatD absj = jacobian.cwiseAbs();
  const MatD c = absj * absj.transpose();
  const double g = gamma_up(static_cast<double>(p));
  if (!(g < 0.5)) return std::nullopt;
  const double peta = mul_up(static_cast<double>(p), kEta);
  const double factor = div_up(g, sub_down(1.0, g));
  MatD rad(mid.rows(), mid.cols());
  for (Index j = 0; j < mid.cols(); ++j)
    for (Index i = j; i < mid.rows(); ++i) {
      const double cij = std::max(c(i, j), c(j, i));
      rad(i, j) = rad(j, i) = add_up(mul_up(factor, add_up(cij, peta)), peta);
    }
  linalg::SpdOptions options;
  options.shift = 0;
  options.allow_exact = mid.rows() <= 24;
  options.max_precision_bits = 113;
  const auto result = linalg::certify_lambda_min(mid, rad, options);
  if (result.verdict != Verdict::certified || !result.lambda_min.certified) return std::nullopt;
  return result.lambda_min.lower;
}

double daa_residual(const MatD& jacobian, const MatD& Y) {
  // y = vec(Y), sample-major: entry i·k + o is Y(i, o).
  const MatD yt = Y.transpose();
  const VecD y = Eigen::Map<const VecD>(yt.data(), yt.size());
  const double ny = y.norm();
  if (ny == 0) return 0;
  const Eigen::CompleteOrthogonalDecomposition<MatD> cod(jacobian);
  const VecD z = cod.solve(y);
  return (jacobian * z - y).norm() / ny;
}

}  // namespace nncert::train::detail
