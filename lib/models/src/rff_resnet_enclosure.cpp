// Rigorous enclosure of an RffResNet's features Φ(A X) (error model (E1)–(E3) of
// nncert/linalg/matrix_enclosure.hpp; cos under the libm assumption A7).
#include <cmath>

#include "nncert/models/rff_resnet.hpp"
#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::models {

linalg::MatrixEnclosure rff_feature_enclosure(const RffResNetConfig& config, const MatD& X) {
  using linalg::MatrixEnclosure;
  constexpr double u = kUnitRoundoff;
  const RffResNet<double> net(config);
  const Index n = X.rows();
  // A has 0/1 entries with one 1 per row, so A x copies coordinates: exact.
  const MatD ax = X * net.embedding().transpose();
  const MatrixEnclosure z =
      linalg::plus_row(linalg::times_exact({ax, MatD::Zero(n, ax.cols())}, net.frequencies().transpose()), net.phases());
  // cos is 1-Lipschitz and bounded by 1: |cos(z) − fl(cos(z_m))| <= z_r + 2u·kLibmUlps + kLibmUlps·η
  // (one call of Eigen's vectorised cos, held to A7); the 32u and 32η budgeted here are far above it.
  constexpr double kCosBudget = 32 * u;
  static_assert(kCosBudget >= 2 * kLibmUlps * kUnitRoundoff);
  MatrixEnclosure phi{z.mid.array().cos().matrix(), MatD()};
  phi.rad = linalg::inflate(z.rad.array() + kCosBudget + 32 * kEta).matrix();
  // Scale √(2/p) (rff) or 1, times c: 2/p, √ and · round once each, 8u relative covers their product.
  double s = config.residual_scale;
  double s_rad = 0;
  if (config.feature_map == RffFeatureMap::rff) {
    const double root = std::sqrt(2.0 / static_cast<double>(config.features));
    s = s * root;
    s_rad = 8 * u * std::abs(s);
  }  // otherwise c is an exact double: s_rad = 0
  return linalg::times_scalar(phi, s, s_rad);
}

}  // namespace nncert::models
