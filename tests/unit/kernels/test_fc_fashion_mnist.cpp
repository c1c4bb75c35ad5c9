// Issue #4 target: the FC NTK/NNGP agree with an independent implementation to 1e-12 relative on
// Fashion-MNIST inputs. The independent implementation is fc_kernel_reference in 200-bit MPFR (plain
// loops, MPFR's acos, no shared code with the vectorised double path). Fashion-MNIST images are
// strongly correlated (ρ close to 1), where a naive arccos(ρ) loses digits: the negative twin shows a
// textbook double evaluation missing 1e-12 on the same inputs, so the test can tell the difference.
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "nncert/data/fashion_mnist.hpp"
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"

using namespace nncert;
using namespace nncert::kernels;

namespace {

MatD first_images(Index n) {
  try {
    return data::read_fashion_mnist("train").images().topRows(n) / 255.0;
  } catch (const InvalidInput& e) {
    FAIL("Fashion-MNIST is needed (Debian's dataset-fashion-mnist): " << e.what());
  }
  return {};
}

double relative_gap(const MatD& K, const MatD& reference) {
  return (K - reference).cwiseAbs().maxCoeff() / reference.cwiseAbs().maxCoeff();
}

// The textbook recursion (paper scaling, ReLU, whose Σ(x, x) = ‖x‖² at every layer): ρ = Σ/(‖x‖‖x'‖),
// θ = arccos ρ with ρ clipped to [−1, 1]. On the diagonal ρ should be 1, but Σ_ii picks up a rounding
// error from the previous layer, and arccos(1 − u) ≈ √(2u) ≈ 1.5e-8 turns it into a 1e-8 error.
MatD naive_relu_ntk(const MatD& X, int depth) {
  MatD S = X * X.transpose(), T = S;
  const VecD norm = S.diagonal().cwiseSqrt();
  for (int h = 0; h < depth; ++h) {
    MatD next(S.rows(), S.cols()), dot(S.rows(), S.cols());
    for (Index i = 0; i < S.rows(); ++i)
      for (Index j = 0; j < S.cols(); ++j) {
        const double s = norm(i) * norm(j);
        const double rho = std::clamp(S(i, j) / s, -1.0, 1.0);
        const double th = std::acos(rho);
        next(i, j) = s * (std::sqrt(1 - rho * rho) + (M_PI - th) * rho) / M_PI;
        dot(i, j) = (M_PI - th) / M_PI;
      }
    T = next + T.cwiseProduct(dot);
    S = next;
  }
  return T;
}

}  // namespace

TEST_CASE("FC NTK and NNGP on Fashion-MNIST agree with the 200-bit reference to 1e-12", "[kernels][fashion-mnist]") {
  const MatD X = first_images(48);
  for (int depth : {1, 3}) {
    FcKernelSpec spec;
    spec.depth = depth;
    for (auto kind : {KernelKind::ntk, KernelKind::nngp}) {
      const MpfrPrecision precision(200);
      const MatD reference = fc_kernel_reference<MpfrFloat>(X.cast<MpfrFloat>(), spec, kind)
                                 .unaryExpr([](const MpfrFloat& v) { return v.convert_to<double>(); });
      INFO("depth " << depth << (kind == KernelKind::ntk ? " NTK" : " NNGP"));
      const double gap = relative_gap(fc_kernel(X, spec, kind), reference);
      INFO("relative gap " << gap);
      CHECK(gap < 1e-12);
    }
  }
  // Negative twin: the naive arccos evaluation of the same recursion is not that accurate here.
  FcKernelSpec spec;
  spec.depth = 3;
  const MpfrPrecision precision(200);
  const MatD reference = fc_kernel_reference<MpfrFloat>(X.cast<MpfrFloat>(), spec, KernelKind::ntk)
                             .unaryExpr([](const MpfrFloat& v) { return v.convert_to<double>(); });
  const double naive_gap = relative_gap(naive_relu_ntk(X, 3), reference);
  INFO("naive relative gap " << naive_gap);
  CHECK(naive_gap > 1e-12);
}
