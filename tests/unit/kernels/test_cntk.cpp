// CNTK worked values of docs/kernels.md#convolutional-kernels-cntk (mpmath, 40 digits, with the semantics of the authors' CNTK.py;
// checked there by Monte Carlo on finite CNNs of width 1024). C0 = 1, 4×4 images, q = 3.
// GCC 12 false positive -Wrestrict inside libstdc++ string copies inlined from Catch2 (GCC PR 105329).
#pragma GCC diagnostic ignored "-Wrestrict"
#include <cmath>

#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>

#include "nncert/kernels/cntk.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"

using namespace nncert;
using namespace nncert::kernels;

namespace {
MatD spec_images() {
  MatD X(3, 16);
  X.row(0) << 1, -1, 0, 2, 0, 1, 1, -1, 2, 0, -1, 1, -1, 1, 2, 0;
  X.row(1) << 0, 1, 2, 1, 1, -1, 0, 2, 1, 2, 1, 0, 2, 0, -1, 1;
  X.row(2) << 2, 1, -1, 0, 1, 0, 1, 1, -1, 1, 0, 2, 0, 2, 1, -1;
  return X;
}
const ImageGeometry kGeom{1, 4, 4};
CntkSpec spec(int depth, CntkReadout readout, bool fix) {
  CntkSpec s;
  s.depth = depth;
  s.readout = readout;
  s.fix_first_last = fix;
  return s;
}
bool rel_close(double got, double want, double tol = 1e-13) {
  return std::abs(got - want) <= tol * std::max(1.0, std::abs(want));
}
// Upper triangle in the order (1,1) (1,2) (1,3) (2,2) (2,3) (3,3).
void check_table(const MatD& K, const double (&want)[6]) {
  const int ii[6] = {0, 0, 0, 1, 1, 2}, jj[6] = {0, 1, 2, 1, 2, 2};
  for (int k = 0; k < 6; ++k) {
    INFO("entry " << k << " got " << K(ii[k], jj[k]) << " want " << want[k]);
    CHECK(rel_close(K(ii[k], jj[k]), want[k]));
    CHECK(K(jj[k], ii[k]) == K(ii[k], jj[k]));
  }
}
double lambda_min(const MatD& K) { return Eigen::SelfAdjointEigenSolver<MatD>(K).eigenvalues()(0); }
}  // namespace

TEST_CASE("CNTK-V, GAP fixed and GAP all-trained match docs/kernels.md#convolutional-kernels-cntk", "[kernels][cntk][golden]") {
  const MatD X = spec_images();
  const MatD v3 = cntk_gram(X, kGeom, spec(3, CntkReadout::vanilla, false));
  check_table(v3, {30.44444444444444, 5.424505861761439, 9.902181331966873, 37.55555555555556, 8.991998214647254,
                   30.11111111111111});
  const MatD gf3 = cntk_gram(X, kGeom, spec(3, CntkReadout::gap, true));
  check_table(gf3, {0.1309441041138287, 0.1338904829205088, 0.1145425139552824, 0.1815023049678730, 0.1407852538191179,
                    0.1377853418835872});
  check_table(cntk_gram(X, kGeom, spec(3, CntkReadout::gap, false)),
              {0.5001938814020920, 0.5191900205856300, 0.4482598448276393, 0.6682596873056845, 0.5358575809413631,
               0.5127513469441903});
  const MatD v4 = cntk_gram(X, kGeom, spec(4, CntkReadout::vanilla, false));
  check_table(v4, {30.79835390946502, 7.412238750358047, 10.30546465165486, 38.05761316872428, 9.972874661085209,
                   30.44718792866941});
  const MatD gf4 = cntk_gram(X, kGeom, spec(4, CntkReadout::gap, true));
  check_table(gf4, {0.1830298240873020, 0.1768153559521913, 0.1521222935375344, 0.2433688800667638, 0.1800122547882527,
                    0.1886823281513602});
  // The λ_min golden values are known to 14 significant digits (provenance: docs/kernels.md#worked-values).
  CHECK(rel_close(lambda_min(v3), 19.835706122842, 1e-12));
  CHECK(rel_close(lambda_min(gf3), 0.017168563744555, 1e-11));
  CHECK(rel_close(lambda_min(v4), 19.978782102079, 1e-12));
  CHECK(rel_close(lambda_min(gf4), 0.033692414230023, 1e-11));
}

TEST_CASE("CNTK negative twins: fixed GAP with one conv layer is 0, variants differ", "[kernels][cntk]") {
  const MatD X = spec_images();
  CHECK(cntk_gram(X, kGeom, spec(2, CntkReadout::gap, true)).cwiseAbs().maxCoeff() == 0.0);
  CHECK(cntk_gram(X, kGeom, spec(2, CntkReadout::gap, false)).cwiseAbs().maxCoeff() > 0.0);
  const MatD a = cntk_gram(X, kGeom, spec(3, CntkReadout::gap, true));
  const MatD b = cntk_gram(X, kGeom, spec(3, CntkReadout::gap, false));
  CHECK_FALSE(rel_close(a(0, 1), b(0, 1)));
}

TEST_CASE("CNTK: vanilla shortcut equals the trace of the full tensor; cross kernel; zero image", "[kernels][cntk]") {
  const MatD X = spec_images();
  // Cross kernel of a subset equals the block of the Gram.
  const MatD K = cntk_gram(X, kGeom, spec(3, CntkReadout::gap, false));
  const MatD C = cntk_cross(X.topRows(2), X, kGeom, spec(3, CntkReadout::gap, false));
  // Off-diagonal entries are the same computation; an image against itself in a cross kernel is a
  // generic pair (ρ ≈ 1 up to rounding, amplified like √(1−ρ)) while the Gram uses ρ = 1 exactly.
  for (Index i = 0; i < 2; ++i) {
    for (Index j = 0; j < 3; ++j) CHECK(std::abs(C(i, j) - K(i, j)) <= (i == j ? 1e-7 : 1e-15) * K(i, i));
  }
  // All-zero image: Σ_pp = 0 => K = 0, so every entry involving it is 0.
  MatD Z = X;
  Z.row(1).setZero();
  const MatD KZ = cntk_gram(Z, kGeom, spec(3, CntkReadout::vanilla, false));
  CHECK(KZ.row(1).cwiseAbs().maxCoeff() == 0.0);
  CHECK(KZ(0, 0) == cntk_gram(X, kGeom, spec(3, CntkReadout::vanilla, false))(0, 0));
}

TEST_CASE("CNTK: several channels, 5x5 filters, MPFR reference and interval enclosure", "[kernels][cntk][mpfr]") {
  // Two channels of 5×5 (random-looking fixed integers / 7), 5×5 filters, depth 3.
  MatD X(3, 50);
  for (Index i = 0; i < X.rows(); ++i) {
    for (Index k = 0; k < X.cols(); ++k) X(i, k) = static_cast<double>((i * 37 + k * 11) % 13 - 6) / 7.0;
  }
  const ImageGeometry g{2, 5, 5};
  for (auto readout : {CntkReadout::vanilla, CntkReadout::gap}) {
    CntkSpec s = spec(3, readout, false);
    s.filter = 5;
    const MatD K = cntk_gram(X, g, s);
    MpfrPrecision prec(200);
    const Mat<MpfrFloat> KM = cntk_gram_reference<MpfrFloat>(X.cast<MpfrFloat>(), g, s);
    const linalg::MatrixEnclosure E = cntk_gram_enclosure(X, g, s);
    CHECK((E.mid - K).cwiseAbs().maxCoeff() == 0.0);
    for (Index i = 0; i < 3; ++i) {
      for (Index j = 0; j < 3; ++j) {
        const MpfrFloat err = abs(KM(i, j) - MpfrFloat(K(i, j)));
        INFO("entry " << i << "," << j << " err " << err << " rad " << E.rad(i, j));
        // |exact − double| <= rad; the 200-bit value stands in for the exact one (its error ~2^-190).
        CHECK(err <= MpfrFloat(E.rad(i, j)));
        CHECK(E.rad(i, j) <= 1e-12 * std::abs(K(i, i)));
      }
    }
  }
  // Bad shapes are rejected.
  CHECK_THROWS(cntk_gram(X, ImageGeometry{1, 5, 5}, spec(3, CntkReadout::gap, false)));
  CntkSpec even = spec(3, CntkReadout::gap, false);
  even.filter = 2;
  CHECK_THROWS(cntk_gram(X, g, even));
}
