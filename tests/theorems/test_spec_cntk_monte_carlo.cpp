// docs/kernels.md#convolutional-kernels-cntk and docs/theorems/arora-2019-ntk-gram.md#tests-that-pin-it (finite-CNN Monte Carlo): the empirical NTK ⟨∇f(x), ∇f(x')⟩ of
// finite CNNs of the form below, averaged over seeds, against the analytic CNTK of the library
// (kernels::cntk_gram) and the worked values of docs/kernels.md; negative twins: the same net without c_σ = 2
// or without the 1/q² patch normalisation lands many standard errors away, and the "fixed first and last
// layer" GAP kernel with a single conv layer is identically 0 in the library and in the finite net.
//
// Finite net (the authors' code; docs/kernels.md#convolutional-kernels-cntk): z¹ = W¹∗x, zʰ = Wʰ∗gʰ⁻¹, gʰ =
// √(c_σ/(C_h q²))·relu(zʰ), all weights N(0, 1), q×q filters (q = 3), stride 1, zero padding; output Σ_{β,p}
// V_{βp} g^L_{βp} (vanilla) or Σ_β v_β·mean_p g^L_{βp} (GAP). The convolution is im2col + one GEMM for the
// three images at once; the parameter gradient is never formed: for the conv layer h,
//   ⟨∂f/∂Wʰ(x), ∂f/∂Wʰ(x')⟩ = Σ_{p,p'} (δʰ(x)ᵀδʰ(x'))_{pp'}·(Pʰ(x)ᵀPʰ(x'))_{pp'},
// δʰ = ∂f/∂zʰ (C_h × PQ) and Pʰ the im2col patches of the layer input (q²C_{h−1} × PQ), since
// ∂f/∂Wʰ = δʰ Pʰᵀ. "Fixed first and last layer" = gradient with respect to W², …, W^L only.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "nncert/data/random.hpp"
#include "nncert/kernels/cntk.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::kernels;

namespace {

constexpr Index kSide = 4, kPixels = kSide * kSide, kFilter = 3, kTaps = kFilter * kFilter;

// docs/kernels.md#convolutional-kernels-cntk worked images x1, x2, x3 (C0 = 1, 4×4), one flattened image per row (row-major).
MatD spec_images() {
  MatD X(3, kPixels);
  X << 1, -1, 0, 2, 0, 1, 1, -1, 2, 0, -1, 1, -1, 1, 2, 0,  //
      0, 1, 2, 1, 1, -1, 0, 2, 1, 2, 1, 0, 2, 0, -1, 1,     //
      2, 1, -1, 0, 1, 0, 1, 1, -1, 1, 0, 2, 0, 2, 1, -1;
  return X;
}

// im2col source pixel of tap t = (a, b) at output pixel p, or −1 outside the image (zero padding).
std::array<std::array<Index, kPixels>, kTaps> patch_sources() {
  std::array<std::array<Index, kPixels>, kTaps> src{};
  const Index r = (kFilter - 1) / 2;
  for (Index a = 0; a < kFilter; ++a) {
    for (Index b = 0; b < kFilter; ++b) {
      for (Index i = 0; i < kSide; ++i) {
        for (Index j = 0; j < kSide; ++j) {
          const Index si = i + a - r, sj = j + b - r;
          const bool inside = si >= 0 && si < kSide && sj >= 0 && sj < kSide;
          const auto t = static_cast<std::size_t>(a * kFilter + b), p = static_cast<std::size_t>(i * kSide + j);
          src[t][p] = inside ? si * kSide + sj : -1;
        }
      }
    }
  }
  return src;
}

// Patches of A (C × PQ, one image): row t·C + c, column p holds A(c, source(t, p)) or 0.
MatD im2col(const MatD& A) {
  static const auto src = patch_sources();
  const Index C = A.rows();
  MatD P = MatD::Zero(kTaps * C, kPixels);
  for (Index t = 0; t < kTaps; ++t) {
    for (Index p = 0; p < kPixels; ++p) {
      const Index s = src[static_cast<std::size_t>(t)][static_cast<std::size_t>(p)];
      if (s >= 0) P.block(t * C, p, C, 1) = A.col(s);
    }
  }
  return P;
}

// Adjoint of im2col: the gradient with respect to A of ⟨dP, im2col(A)⟩.
MatD col2im(const MatD& dP, Index C) {
  static const auto src = patch_sources();
  MatD G = MatD::Zero(C, kPixels);
  for (Index t = 0; t < kTaps; ++t) {
    for (Index p = 0; p < kPixels; ++p) {
      const Index s = src[static_cast<std::size_t>(t)][static_cast<std::size_t>(p)];
      if (s >= 0) G.col(s) += dP.block(t * C, p, C, 1);
    }
  }
  return G;
}

// Variants of the finite net: the one above, and the two negative twins.
struct NetVariant {
  double c_sigma = 2.0;     // the twin uses 1 (the c_σ = 2 of ReLU forgotten)
  bool patch_norm = true;   // the twin drops the 1/q² of gʰ = √(c_σ/(C_h q²))·relu(zʰ)
};

struct EmpiricalKernels {
  MatD vanilla, gap_all, gap_fixed;  // 3 × 3 each
};

// One random CNN with `conv_layers` conv layers of `width` channels, applied to the rows of X; the
// empirical NTK of both readouts (sharing the conv weights), all layers and hidden-only for GAP.
EmpiricalKernels empirical_cntk(const MatD& X, int conv_layers, Index width, const NetVariant& variant,
                                data::Rng& rng) {
  const Index n = X.rows();
  const double scale = std::sqrt(variant.c_sigma / (static_cast<double>(width) * (variant.patch_norm ? kTaps : 1)));
  // Forward: per layer the patches of every image side by side (q²C_{h−1} × n·PQ), one GEMM.
  std::vector<MatD> W, patches, slope;  // slope = ∂gʰ/∂zʰ
  MatD act(1, n * kPixels);             // layer input, images side by side
  for (Index i = 0; i < n; ++i) act.block(0, i * kPixels, 1, kPixels) = X.row(i);
  for (int h = 0; h < conv_layers; ++h) {
    const Index cin = act.rows();
    W.push_back(rng.normal_matrix(width, kTaps * cin, 1.0));
    MatD P(kTaps * cin, n * kPixels);
    for (Index i = 0; i < n; ++i) P.middleCols(i * kPixels, kPixels) = im2col(act.middleCols(i * kPixels, kPixels));
    const MatD Z = W.back() * P;
    slope.push_back((Z.array() > 0).cast<double>().matrix() * scale);
    act = Z.cwiseMax(0.0) * scale;
    patches.push_back(std::move(P));
  }
  const MatD V = rng.normal_matrix(width, kPixels, 1.0);
  const MatD v = rng.normal_matrix(width, 1, 1.0);

  // Backward for the readout seed G^L = ∂f/∂g^L; returns Σ_h (hidden only if fixed) layer kernels.
  const auto backward = [&](const MatD& seed_per_image, int first_layer) {
    MatD K = MatD::Zero(n, n);
    MatD G(width, n * kPixels);
    for (Index i = 0; i < n; ++i) G.middleCols(i * kPixels, kPixels) = seed_per_image;
    for (int h = conv_layers - 1; h >= 0; --h) {
      const auto hs = static_cast<std::size_t>(h);
      const MatD delta = G.cwiseProduct(slope[hs]);  // ∂f/∂zʰ
      if (h >= first_layer) {
        const MatD dd = delta.transpose() * delta;            // (n·PQ)²: δ_pᵀδ'_p'
        const MatD pp = patches[hs].transpose() * patches[hs];  // P_pᵀP'_p'
        for (Index i = 0; i < n; ++i) {
          for (Index j = 0; j < n; ++j) {
            K(i, j) += dd.block(i * kPixels, j * kPixels, kPixels, kPixels)
                           .cwiseProduct(pp.block(i * kPixels, j * kPixels, kPixels, kPixels))
                           .sum();
          }
        }
      }
      if (h == 0) break;
      const MatD dP = W[hs].transpose() * delta;
      const Index cin = W[hs].cols() / kTaps;
      for (Index i = 0; i < n; ++i)
        G.middleCols(i * kPixels, kPixels) = col2im(dP.middleCols(i * kPixels, kPixels), cin);
    }
    return K;
  };

  EmpiricalKernels out;
  // Readout gradients: ∂f/∂V = g^L (vanilla), ∂f/∂v = mean_p g^L (GAP).
  MatD vanilla_readout(n, n), gap_readout(n, n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) {
      const auto gi = act.middleCols(i * kPixels, kPixels), gj = act.middleCols(j * kPixels, kPixels);
      vanilla_readout(i, j) = gi.cwiseProduct(gj).sum();
      gap_readout(i, j) = gi.rowwise().mean().dot(gj.rowwise().mean());
    }
  }
  out.vanilla = backward(V, 0) + vanilla_readout;
  const MatD gap_seed = v.replicate(1, kPixels) / static_cast<double>(kPixels);
  out.gap_fixed = backward(gap_seed, 1);
  out.gap_all = backward(gap_seed, 0) + gap_readout;
  return out;
}

// Seed mean and standard error of the mean of the three empirical kernels.
struct MonteCarlo {
  std::array<MatD, 3> mean, se;  // vanilla, GAP all trained, GAP fixed
};

MonteCarlo monte_carlo(int conv_layers, Index width, int seeds, const NetVariant& variant, std::uint64_t seed) {
  const MatD X = spec_images();
  data::Rng rng(seed);
  std::array<MatD, 3> sum, sq;
  for (auto& s : sum) s = MatD::Zero(3, 3);
  for (auto& s : sq) s = MatD::Zero(3, 3);
  for (int s = 0; s < seeds; ++s) {
    const auto k = empirical_cntk(X, conv_layers, width, variant, rng);
    const std::array<const MatD*, 3> ks = {&k.vanilla, &k.gap_all, &k.gap_fixed};
    for (std::size_t t = 0; t < 3; ++t) {
      sum[t] += *ks[t];
      sq[t] += ks[t]->cwiseAbs2();
    }
  }
  MonteCarlo mc;
  const double S = seeds;
  for (std::size_t t = 0; t < 3; ++t) {
    mc.mean[t] = sum[t] / S;
    const MatD var = ((sq[t] / S - mc.mean[t].cwiseAbs2()) * (S / (S - 1))).cwiseMax(0.0);
    mc.se[t] = (var / S).cwiseSqrt();
  }
  return mc;
}

CntkSpec cntk(int depth, CntkReadout readout, bool fix) {
  CntkSpec s;
  s.depth = depth;
  s.filter = kFilter;
  s.readout = readout;
  s.fix_first_last = fix;
  return s;
}

// docs/kernels.md#convolutional-kernels-cntk table, depth 3, entries (1,1) (1,2) (1,3) (2,2) (2,3) (3,3): mpmath (40 digits).
MatD table(const std::array<double, 6>& e) {
  MatD K(3, 3);
  K << e[0], e[1], e[2], e[1], e[3], e[4], e[2], e[4], e[5];
  return K;
}
const std::array<MatD, 3>& spec_table_depth3() {
  static const std::array<MatD, 3> t = {
      table({30.44444444444444, 5.424505861761439, 9.902181331966873, 37.55555555555556, 8.991998214647254,
             30.11111111111111}),
      table({0.5001938814020920, 0.5191900205856300, 0.4482598448276393, 0.6682596873056845, 0.5358575809413631,
             0.5127513469441903}),
      table({0.1309441041138287, 0.1338904829205088, 0.1145425139552824, 0.1815023049678730, 0.1407852538191179,
             0.1377853418835872})};
  return t;
}

const char* const kNames[3] = {"CNTK-V", "CNTK-GAP all trained", "CNTK-GAP fixed"};

// |mean − analytic|/SE over the 6 distinct entries of each kernel: the smallest and the largest,
// and a line per entry for the failure message.
struct ZScores {
  std::array<double, 3> min{}, max{};
  std::string table;
};

ZScores z_scores(const MonteCarlo& mc, const std::array<MatD, 3>& analytic) {
  ZScores z;
  std::ostringstream out;
  for (std::size_t t = 0; t < 3; ++t) {
    z.min[t] = INFINITY;
    for (Index i = 0; i < 3; ++i) {
      for (Index j = i; j < 3; ++j) {
        const double zz = std::abs(mc.mean[t](i, j) - analytic[t](i, j)) / mc.se[t](i, j);
        out << kNames[t] << " (" << i + 1 << "," << j + 1 << "): mean " << mc.mean[t](i, j) << " +- " << mc.se[t](i, j)
            << ", analytic " << analytic[t](i, j) << ", z " << zz << "\n";
        z.min[t] = std::min(z.min[t], zz);
        z.max[t] = std::max(z.max[t], zz);
      }
    }
  }
  z.table = out.str();
  return z;
}

std::array<MatD, 3> analytic_depth3() {
  const MatD X = spec_images();
  const ImageGeometry geometry{1, kSide, kSide};
  return {cntk_gram(X, geometry, cntk(3, CntkReadout::vanilla, false)),
          cntk_gram(X, geometry, cntk(3, CntkReadout::gap, false)),
          cntk_gram(X, geometry, cntk(3, CntkReadout::gap, true))};
}

}  // namespace

// Depth 3 = two conv layers + readout (docs/kernels.md: depth counts
// convolution layers plus one).
// Margin: an earlier run (width 1024, 60 seeds) kept all 18 entries within 1.5 SE; that width costs
// ~1 min here, so we use width 512 and 48 seeds (≈ 3 s) and allow 4 SE. Why 4 is honest: (i) the
// finite-width bias is O(1/C): measured (this file, seed 20261125) at C = 256 with 200 seeds the GAP
// entries sit ≈ 1.2% low (≈ 1.8 SE there), so at C = 512 it is ≈ 0.6%, about half an SE at 48 seeds
// (the GAP SE is ≈ 1.2% of the value); (ii) the max of 18 correlated |z| of a normal exceeds 3 with
// probability ≈ 5% (union bound) and 4 with ≈ 0.1%. Measured at C = 512: 60 seeds, worst z 0.93 (V),
// 0.91 (GAP), 0.47 (GAP fixed); 48 seeds (this test, default seed), worst z 1.46 (V(1,3)). The twins
// below miss by > 10 SE on EVERY entry (measured: ≥ 23 SE).
TEST_CASE("ntk CNTK: finite-CNN Monte Carlo matches the analytic CNTK (V, GAP, GAP fixed; depth 3)",
          "[spec][ntk][cntk]") {
  const auto analytic = analytic_depth3();
  // The library against the golden values computed with mpmath at 40 digits (provenance:
  // docs/kernels.md#worked-values) to 12 significant digits.
  for (std::size_t t = 0; t < 3; ++t)
    CHECK((analytic[t] - spec_table_depth3()[t]).cwiseAbs().maxCoeff() <= 1e-12 * analytic[t].cwiseAbs().maxCoeff());
  const MonteCarlo mc = monte_carlo(2, 512, 48, NetVariant{}, test::seed());
  // The Monte Carlo against the library (equal to the table, above) entry by entry.
  const ZScores z = z_scores(mc, analytic);
  INFO(z.table);
  CHECK(z.max[0] <= 4);
  CHECK(z.max[1] <= 4);
  CHECK(z.max[2] <= 4);
}

// Twins: the finite net without c_σ = 2 (gʰ = √(1/(C_h q²))·relu) or without the patch normalisation
// (gʰ = √(2/C_h)·relu) has a different kernel: each layer's covariance is halved (resp. multiplied
// by q² = 9), so every entry misses the analytic CNTK by far more than its SE. Width 256, 24 seeds
// (the SEs are then ≈ 2–3% of the values; the deviations are tens of percent).
TEST_CASE("ntk CNTK twin: a finite CNN without c_sigma = 2 or without 1/q^2 is > 10 SE from the CNTK",
          "[spec][ntk][cntk][negative]") {
  const auto analytic = analytic_depth3();
  NetVariant no_c_sigma, no_patch_norm;
  no_c_sigma.c_sigma = 1.0;
  no_patch_norm.patch_norm = false;
  for (const NetVariant& variant : {no_c_sigma, no_patch_norm}) {
    const ZScores z = z_scores(monte_carlo(2, 256, 24, variant, test::seed() + 1), analytic);
    INFO("c_sigma " << variant.c_sigma << ", patch normalisation " << variant.patch_norm << "\n" << z.table);
    CHECK(z.min[0] > 10);
    CHECK(z.min[1] > 10);
    CHECK(z.min[2] > 10);
  }
}

// docs/kernels.md: "fixed first and last layer" with one convolution layer is identically 0; depth 2
// (one conv layer). The fixed kernel has no trainable layer left: the library returns exact zeros and
// the finite net's hidden-layer gradient is empty. Its twin: the all-trained GAP kernel of the same
// net is not 0 (library and finite net, within 4 SE of each other).
TEST_CASE("ntk CNTK: the fixed GAP kernel with one conv layer is 0 (library and finite net); all-trained is not",
          "[spec][ntk][cntk]") {
  const MatD X = spec_images();
  const ImageGeometry geometry{1, kSide, kSide};
  const MatD fixed = cntk_gram(X, geometry, cntk(2, CntkReadout::gap, true));
  const MatD all = cntk_gram(X, geometry, cntk(2, CntkReadout::gap, false));
  CHECK(fixed.cwiseAbs().maxCoeff() == 0.0);
  const MonteCarlo mc = monte_carlo(1, 256, 24, NetVariant{}, test::seed() + 2);
  CHECK(mc.mean[2].cwiseAbs().maxCoeff() == 0.0);
  INFO("all-trained GAP, depth 2: analytic\n" << all << "\nMonte Carlo\n" << mc.mean[1] << "\n+-\n" << mc.se[1]);
  CHECK(all.minCoeff() > 0.05);
  CHECK(((mc.mean[1] - all).cwiseAbs().array() <= 4 * mc.se[1].array()).all());
}
