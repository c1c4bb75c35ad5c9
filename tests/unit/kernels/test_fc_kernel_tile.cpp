// fc_kernel_enclosure_tile (the pieces of the distributed kernel --certify): every entry of a tile
// encloses the 256-bit MPFR kernel, (i, j) and (j, i) agree bit for bit across tiles, and the radius is
// small where the serial enclosure's is.
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::kernels;

TEST_CASE("kernel tiles enclose the MPFR kernel and are symmetric across tiles", "[kernels][mpfr][soundness]") {
  std::mt19937_64 rng(test::seed() + 11);
  std::normal_distribution<double> z;
  MatD X(12, 6);
  for (Index i = 0; i < X.size(); ++i) X.data()[i] = z(rng);
  X.row(5) = X.row(4) * (1 + 1e-9);  // a nearly parallel pair: a large radius, still valid
  const std::vector<Index> rows{0, 3, 5, 11, 4, 7};
  const std::vector<Index> cols{5, 4, 0, 7, 9};
  for (auto act : {KernelActivation::relu, KernelActivation::erf}) {
    for (auto kind : {KernelKind::nngp, KernelKind::ntk}) {
      FcKernelSpec s;
      s.activation = act;
      s.depth = 3;
      s.sigma_b = act == KernelActivation::erf ? 0.2 : 0.0;
      const linalg::MatrixEnclosure T = fc_kernel_enclosure_tile(X, s, kind, rows, cols);
      const linalg::MatrixEnclosure U = fc_kernel_enclosure_tile(X, s, kind, cols, rows);
      CHECK(T.mid == U.mid.transpose());  // bitwise: the midpoint matrix of a layout is exactly symmetric
      CHECK(T.rad == U.rad.transpose());
      MpfrPrecision prec(256);
      const Mat<MpfrFloat> KM = fc_kernel_reference<MpfrFloat>(X.cast<MpfrFloat>(), s, kind);
      const linalg::MatrixEnclosure serial = fc_kernel_enclosure(X, s, kind);
      for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < cols.size(); ++c) {
          const Index i = rows[r], j = cols[c];
          const auto ri = static_cast<Index>(r), ci = static_cast<Index>(c);
          INFO("entry " << i << "," << j << " mid " << T.mid(ri, ci) << " rad " << T.rad(ri, ci));
          REQUIRE(abs(KM(i, j) - MpfrFloat(T.mid(ri, ci))) <= MpfrFloat(T.rad(ri, ci)));
          // Useful, not only valid: within 64× the serial radius plus a few ulps of the entry.
          CHECK(T.rad(ri, ci) <= 64 * serial.rad(i, j) + 1e-14 * std::abs(serial.mid(i, i)));
        }
      }
      // Negative twin: the tile of other data is not this kernel (the check above can fail).
      MatD Y = X;
      Y.row(0) *= 1.5;
      const linalg::MatrixEnclosure V = fc_kernel_enclosure_tile(Y, s, kind, rows, cols);
      CHECK(abs(KM(0, 5) - MpfrFloat(V.mid(0, 0))) > MpfrFloat(V.rad(0, 0)));
    }
  }
}
