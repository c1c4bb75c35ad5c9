// The finite CNN of kind = "cnn" (models/cnn.hpp) against kernels::cntk_gram: the mean of its empirical
// NTK over many seeds is the CNTK, the same constant, for both readouts (depth 2: the expectation is
// exact at every width; depth 3: within O(1/C)). Negative twins: a factor-2 slip in the readout
// weights' variance, and the CNTK of the wrong depth, are caught by the same tolerances.
#include <catch2/catch.hpp>

#include <cmath>

#include "nncert/data/random.hpp"
#include "nncert/kernels/cntk.hpp"
#include "nncert/models/cnn.hpp"

using namespace nncert;
using namespace nncert::models;

namespace {
CnnConfig mc_cnn(Index channels, Index depth, CnnReadout readout) {
  CnnConfig c;
  c.input_channels = 1;
  c.height = 5;
  c.width = 5;
  c.channels = channels;
  c.depth = depth;
  c.filter = 3;
  c.readout = readout;
  c.output_dim = 1;
  return c;
}
}  // namespace

namespace {
// Mean and standard error of the empirical NTK (k = 1) over `seeds` nets.
struct NtkStats {
  MatD mean, standard_error;
};
NtkStats empirical_ntk_stats(CnnConfig c, const MatD& X, int seeds, double readout_scale = 1.0) {
  const Index n = X.rows();
  MatD sum = MatD::Zero(n, n), sum2 = MatD::Zero(n, n);
  for (int s = 0; s < seeds; ++s) {
    c.seed = 1000 + static_cast<std::uint64_t>(s);
    Cnn<double> net(c);
    if (readout_scale != 1.0) {
      VecD theta = net.params();
      const ParameterBlock out = net.block("output");
      theta.segment(out.offset, out.size) *= readout_scale;
      net.set_params(theta);
    }
    const MatD K = net.ntk_gram(X);
    sum += K;
    sum2 += K.cwiseProduct(K);
  }
  const double N = seeds;
  const MatD mean = sum / N;
  const MatD var = ((sum2 / N - mean.cwiseProduct(mean)) * (N / (N - 1))).cwiseMax(0.0);
  return {mean, (var / N).cwiseSqrt()};
}
}  // namespace

TEST_CASE("cnn: the mean empirical NTK is the CNTK (depth 2: exact expectation at any width, both readouts)",
          "[models][cnn][monte-carlo]") {
  for (const auto readout : {CnnReadout::vanilla, CnnReadout::gap}) {
    const CnnConfig c = mc_cnn(64, 2, readout);
    const MatD X = data::Rng(21).normal_matrix(3, 25, 1.0);
    const NtkStats mc = empirical_ntk_stats(c, X, 400);
    kernels::CntkSpec spec;
    spec.depth = 2;
    spec.filter = 3;
    spec.readout = readout == CnnReadout::vanilla ? kernels::CntkReadout::vanilla : kernels::CntkReadout::gap;
    const MatD cntk = kernels::cntk_gram(X, {1, 5, 5}, spec);
    // For one conv layer E_θ[J Jᵀ] = CNTK exactly (cnn.hpp), so the mean is within a few standard
    // errors of it (5 SE over 9 entries: a false failure has probability below 1e-5).
    const MatD z = (mc.mean - cntk).cwiseAbs().cwiseQuotient(mc.standard_error);
    INFO("readout " << to_string(readout) << "\nmean\n" << mc.mean << "\ncntk\n" << cntk << "\nSE\n" << mc.standard_error);
    CHECK(z.maxCoeff() < 5.0);
    // The spread is small enough for the check to mean something: 5 SE is below 4% of the kernel.
    CHECK(5.0 * mc.standard_error.maxCoeff() < 0.04 * cntk.cwiseAbs().maxCoeff());
    // Negative twin: readout weights drawn N(0, 2) (c_σ counted twice at the readout) double the
    // lower layers' share of the NTK; the same test rejects it by a wide margin.
    const NtkStats wrong = empirical_ntk_stats(c, X, 100, std::sqrt(2.0));
    CHECK((wrong.mean - cntk).cwiseAbs().cwiseQuotient(wrong.standard_error).maxCoeff() > 10.0);
  }
}

TEST_CASE("cnn: deeper nets' mean empirical NTK approaches the CNTK as the width grows", "[models][cnn][monte-carlo]") {
  for (const auto readout : {CnnReadout::vanilla, CnnReadout::gap}) {
    const CnnConfig c = mc_cnn(64, 3, readout);
    const MatD X = data::Rng(22).normal_matrix(3, 25, 1.0);
    const NtkStats mc = empirical_ntk_stats(c, X, 100);
    kernels::CntkSpec spec;
    spec.depth = 3;
    spec.filter = 3;
    spec.readout = readout == CnnReadout::vanilla ? kernels::CntkReadout::vanilla : kernels::CntkReadout::gap;
    const MatD cntk = kernels::cntk_gram(X, {1, 5, 5}, spec);
    // Two conv layers: E[J Jᵀ] − CNTK = O(1/C) (the second layer's pre-activations are Gaussian only
    // in the limit). Allowed: 5 standard errors plus 4/C of the kernel's scale.
    const double scale = cntk.cwiseAbs().maxCoeff();
    const MatD allowed = (5.0 * mc.standard_error).array() + 4.0 / 64.0 * scale;
    INFO("readout " << to_string(readout) << "\nmean\n" << mc.mean << "\ncntk\n" << cntk);
    CHECK(((mc.mean - cntk).cwiseAbs() - allowed).maxCoeff() < 0.0);
    // Twin: the depth-2 CNTK (one layer too few) is outside the same allowance.
    spec.depth = 2;
    const MatD shallow = kernels::cntk_gram(X, {1, 5, 5}, spec);
    CHECK(((mc.mean - shallow).cwiseAbs() - allowed).maxCoeff() > 0.0);
  }
}

