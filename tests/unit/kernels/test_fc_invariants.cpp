// Invariants of docs/kernels.md#fully-connected-kernels and the rigorous error bound of the double evaluation (item 5).
#include <cmath>
#include <random>

#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>

#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/kernels/h_infinity.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/errors.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::kernels;

namespace {
MatD random_inputs(Index n, Index d, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z;
  MatD X(n, d);
  for (Index i = 0; i < n; ++i) {
    for (Index k = 0; k < d; ++k) X(i, k) = z(rng);
  }
  return X;
}
double lambda_min(const MatD& K) { return Eigen::SelfAdjointEigenSolver<MatD>(K).eigenvalues()(0); }
}  // namespace

TEST_CASE("ReLU: Θ(x,x) = (L+1)‖x‖², Σ(x,x) = ‖x‖², positive homogeneity, symmetry, PSD", "[kernels][invariants]") {
  const MatD X = random_inputs(40, 7, test::seed());
  for (int L = 1; L <= 4; ++L) {
    FcKernelSpec s;
    s.depth = L;
    const MatD T = fc_kernel(X, s, KernelKind::ntk);
    const MatD S = fc_kernel(X, s, KernelKind::nngp);
    for (Index i = 0; i < X.rows(); ++i) {
      const double sq = X.row(i).squaredNorm();
      CHECK(std::abs(T(i, i) - (L + 1) * sq) <= 1e-14 * (L + 1) * sq);
      CHECK(std::abs(S(i, i) - sq) <= 1e-14 * sq);
    }
    CHECK(T == T.transpose());
    CHECK(lambda_min(T) > -1e-12 * T.diagonal().maxCoeff());
    CHECK(lambda_min(S) > -1e-12 * S.diagonal().maxCoeff());
    // Θ(c·x, x') = c·Θ(x, x') for c > 0 (c = 2.5: entries of row 0 scale by 2.5).
    MatD Y = X;
    Y.row(0) *= 2.5;
    const MatD TY = fc_kernel(Y, s, KernelKind::ntk);
    for (Index j = 1; j < X.rows(); ++j) CHECK(std::abs(TY(0, j) - 2.5 * T(0, j)) <= 1e-13 * std::abs(T(0, j)) + 1e-15);
    // Negative twin: c < 0 is not a symmetry (x and −x are antiparallel).
    Y.row(0) = -X.row(0);
    CHECK(std::abs(fc_kernel(Y, s, KernelKind::ntk)(0, 1) + T(0, 1)) > 1e-3);
  }
}

TEST_CASE("cross kernel equals the Gram block; antiparallel inputs give Θ = 0", "[kernels][invariants]") {
  const MatD X = random_inputs(30, 5, test::seed() + 1);
  FcKernelSpec s;
  s.depth = 2;
  s.sigma_b = 0.3;
  s.activation = KernelActivation::erf;
  const MatD K = fc_kernel(X, s, KernelKind::ntk);
  const MatD C = fc_kernel_cross(X.topRows(10), X, s, KernelKind::ntk);
  CHECK((C.leftCols(30) - K.topRows(10)).cwiseAbs().maxCoeff() <= 1e-13 * K.cwiseAbs().maxCoeff());
  // x2 and −x2 (relu, no bias): Θ¹ = 0 and H∞ = 0. docs/kernels.md#worked-values says "Θ^L = 0 for L >= 1", but
  // for L >= 2 the pair is orthogonal after the first layer (Σ¹ = 0) and Θ^L(x2,−x2) equals the
  // orthogonal-pair value Θ^{L−1}(x1,x3) of the table (0.6857... at L = 3): that is the negative twin.
  MatD A(2, 3);
  A << 0.6, 0.8, 0, -0.6, -0.8, 0;
  FcKernelSpec r;
  r.depth = 1;
  CHECK(fc_kernel(A, r, KernelKind::ntk)(0, 1) == 0.0);
  CHECK(h_infinity(A)(0, 1) == 0.0);
  r.depth = 3;
  CHECK(std::abs(fc_kernel(A, r, KernelKind::ntk)(0, 1) - 0.685708636282942492) <= 1e-13);
}

TEST_CASE("MPFR agrees with double within the rigorous radius, and the intervals contain the MPFR value",
          "[kernels][mpfr][soundness]") {
  const MatD X = random_inputs(12, 6, test::seed() + 2);
  MatD Xn = X;
  Xn.row(5) = X.row(4) * (1 + 1e-9);  // a nearly parallel pair: large radius, still valid
  for (auto act : {KernelActivation::relu, KernelActivation::erf, KernelActivation::leaky_relu, KernelActivation::abs,
                   KernelActivation::identity}) {
    for (bool paper : {true, false}) {
      FcKernelSpec s;
      s.activation = act;
      s.depth = 3;
      s.leaky_slope = 0.1;
      s.paper_scaling = paper;
      s.sigma_w = 1.3;
      s.sigma_b = paper ? 0.0 : 0.2;
      for (auto kind : {KernelKind::nngp, KernelKind::ntk}) {
        const linalg::MatrixEnclosure E = fc_kernel_enclosure(Xn, s, kind);
        MpfrPrecision prec(256);
        const Mat<MpfrFloat> KM = fc_kernel_reference<MpfrFloat>(Xn.cast<MpfrFloat>(), s, kind);
        double worst_rel_rad = 0;
        for (Index i = 0; i < Xn.rows(); ++i) {
          for (Index j = 0; j < Xn.rows(); ++j) {
            const MpfrFloat err = abs(KM(i, j) - MpfrFloat(E.mid(i, j)));
            INFO(to_string(act) << " paper " << paper << " entry " << i << "," << j << " err " << err << " rad "
                                << E.rad(i, j));
            REQUIRE(err <= MpfrFloat(E.rad(i, j)));
            if (!((i == 4 && j == 5) || (i == 5 && j == 4))) {
              worst_rel_rad = std::max(worst_rel_rad, E.rad(i, j) / std::abs(E.mid(i, i)));
            }
          }
        }
        // The bound is useful: well-separated entries carry a radius of a few hundred ulps at most.
        CHECK(worst_rel_rad < 1e-12);
      }
    }
  }
}

TEST_CASE("H-infinity enclosure contains the MPFR value", "[kernels][mpfr][soundness]") {
  const MatD X = random_inputs(10, 4, test::seed() + 3);
  const linalg::MatrixEnclosure E = h_infinity_enclosure(X);
  MpfrPrecision prec(256);
  const Mat<MpfrFloat> HM = h_infinity_reference<MpfrFloat>(X.cast<MpfrFloat>());
  for (Index i = 0; i < X.rows(); ++i) {
    for (Index j = 0; j < X.rows(); ++j) CHECK(abs(HM(i, j) - MpfrFloat(E.mid(i, j))) <= MpfrFloat(E.rad(i, j)));
  }
  // Negative twin: a deliberately shrunk radius (0) fails somewhere.
  bool some_error = false;
  for (Index i = 0; i < X.rows(); ++i) {
    for (Index j = 0; j < X.rows(); ++j) some_error |= abs(HM(i, j) - MpfrFloat(E.mid(i, j))) > MpfrFloat(0);
  }
  CHECK(some_error);
}

TEST_CASE("bad kernel input is rejected", "[kernels][errors]") {
  MatD X(2, 2);
  X << 1, 0, 0, std::nan("");
  FcKernelSpec s;
  CHECK_THROWS_AS(fc_kernel(X, s, KernelKind::ntk), InvalidInput);
  X(1, 1) = 1;
  s.depth = 0;
  CHECK_THROWS_AS(fc_kernel(X, s, KernelKind::ntk), InvalidInput);
  CHECK_THROWS_AS(parse_kernel_activation("softplus"), InvalidInput);
  CHECK(parse_kernel_activation("leaky_relu") == KernelActivation::leaky_relu);
}
