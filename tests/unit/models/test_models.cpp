// Initialisation, blocks and the model-specific quantities of each spec.
#include <catch2/catch.hpp>

#include <cmath>

#include "nncert/data/random.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/errors.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::models;

TEST_CASE("Mlp initialisation follows the documented draw order and is reproducible", "[models][mlp]") {
  MlpConfig c;
  c.widths = {3, 2, 1};
  c.seed = 123;
  c.sigma_w = 2.0;
  c.sigma_b = 0.5;
  const VecD theta = Mlp<double>(c).params();
  // θ = W¹ (2×3 row-major), b¹, W² (1×2), b²: one normal() draw each, in that order.
  data::Rng rng(123);
  VecD expected(theta.size());
  for (int t = 0; t < 6; ++t) expected(t) = 2.0 / std::sqrt(3.0) * rng.normal();
  for (int t = 6; t < 8; ++t) expected(t) = 0.5 * rng.normal();
  for (int t = 8; t < 10; ++t) expected(t) = 2.0 / std::sqrt(2.0) * rng.normal();
  expected(10) = 0.5 * rng.normal();
  CHECK(theta == expected);
  CHECK(Mlp<double>(c).params() == theta);
  c.seed = 124;
  CHECK(Mlp<double>(c).params() != theta);
  // ntk parameterisation: same function at init, stored weights scaled by √fan_in.
  c.seed = 123;
  const Mlp<double> standard(c);
  c.parameterization = Parameterization::ntk;
  const Mlp<double> ntk(c);
  CHECK(ntk.params()(0) == Approx(theta(0) * std::sqrt(3.0)).epsilon(1e-15));
  const MatD X = data::Rng(1).normal_matrix(4, 3, 1.0);
  CHECK((standard.forward(X) - ntk.forward(X)).cwiseAbs().maxCoeff() <= 1e-14);
}

TEST_CASE("Mlp blocks name the wide layer, the layer after it and the output layer", "[models][mlp]") {
  MlpConfig c;
  c.widths = {784, 16, 16, 128, 16, 1};
  const Mlp<double> net(c);
  CHECK(net.widest_hidden_layer() == 3);
  const auto wide = net.block("wide");
  CHECK(wide.offset == net.weight_block(4).offset);
  CHECK(wide.size == 16 * 128);
  CHECK(net.block("into-wide").offset == net.weight_block(3).offset);
  CHECK(net.block("output").size == 16);
  CHECK(net.block("output.bias").size == 1);
  CHECK(net.block("all").size == net.num_params());
  CHECK(net.num_params() == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 128 + 128 + 128 * 16 + 16 + 16 + 1);
  CHECK(net.features(MatD::Zero(2, 784), 3).cols() == 128);
  MlpConfig shallow;
  shallow.widths = {3, 1};
  CHECK_THROWS_AS(Mlp<double>(shallow).block("wide"), InvalidInput);
}

TEST_CASE("Output-layer Jacobian is H_X ⊗ I (docs/theorems/kawaguchi-sun-2021-expressivity.md)", "[models][mlp]") {
  MlpConfig c;
  c.widths = {3, 2, 16, 3, 2};
  c.activation = Activation::tanh;
  c.seed = 2;
  const Mlp<double> net(c);
  const MatD X = data::Rng(5).normal_matrix(8, 3, 1.0);
  const MatD J = net.jacobian_block(X, "output");
  const MatD H = net.features(X, 3);
  for (Index i = 0; i < 8; ++i)
    for (Index o = 0; o < 2; ++o)
      for (Index a = 0; a < 2; ++a)
        for (Index b = 0; b < 3; ++b) CHECK(J(i * 2 + o, a * 3 + b) == (a == o ? H(i, b) : 0.0));
}

TEST_CASE("ScaledShallowNet: λ sums to 1, the Gram splits as γ·H^NTK + (1−γ)·H^asym", "[models][scaled-shallow]") {
  const VecD lambda = node_scales(2000, 0.5, 0.7);
  CHECK(lambda.sum() == Approx(1.0).epsilon(1e-13));
  CHECK(lambda.minCoeff() > 0);
  // max λ → (1−γ)/ζ(1/α): 0.5 · 0.351 at m = 2000 (docs/problem-files.md#kind--scaled-shallow-shallow-net-with-asymmetrical-node-scaling).
  CHECK(lambda(0) == Approx(0.5 * 0.351).epsilon(0.01));
  ScaledShallowConfig c{5, 40, Activation::relu, 0.3, 0.5, 7, 1};
  const ScaledShallowNet<double> net(c);
  MatD X = data::Rng(3).normal_matrix(6, 5, 1.0);
  X.rowwise().normalize();
  const MatD H = net.ntk_gram(X);
  const auto split = net.ntk_gram_split(X);
  CHECK((H - (0.3 * split.ntk + 0.7 * split.asym)).cwiseAbs().maxCoeff() <= 1e-14);
  // Closed form Ĥ_ik = Σ_j λ_j 1{w_j·x_i>0} 1{w_j·x_k>0} x_i·x_k/d
  // (docs/theorems/caron-2023-node-scaling.md).
  const Eigen::Map<const Eigen::Matrix<double, -1, -1, Eigen::RowMajor>> W(net.params().data(), 40, 5);
  for (Index i = 0; i < 6; ++i)
    for (Index k = 0; k < 6; ++k) {
      double h = 0;
      for (Index j = 0; j < 40; ++j)
        if (W.row(j).dot(X.row(i)) > 0 && W.row(j).dot(X.row(k)) > 0) h += net.lambdas()(j);
      CHECK(H(i, k) == Approx(h * X.row(i).dot(X.row(k)) / 5.0).margin(1e-15));
    }
  CHECK(net.node_displacement(net.params()).cwiseAbs().maxCoeff() == 0.0);
  CHECK_THROWS_AS(ScaledShallowNet<double>(ScaledShallowConfig{5, 40, Activation::relu, 1.5, 0.5, 7, 1}), InvalidInput);
}

TEST_CASE("RffResNet at Θ = 0 is f = B A x with feature Grams from φ", "[models][rff-resnet]") {
  RffResNetConfig c{2, 1, 4, 4, 64, 1.0, 3, RffFeatureMap::rff, 1.0};
  const RffResNet<double> net(c);
  CHECK(net.num_params() == 4 * 64 * 4);
  CHECK(net.params().cwiseAbs().maxCoeff() == 0.0);
  const MatD X = data::Rng(2).normal_matrix(5, 2, 1.0);
  const MatD f = net.forward(X);
  for (Index i = 0; i < 5; ++i) CHECK(f(i, 0) == X(i, 0));  // x_L = A x, B picks coordinate 0
  const MatD Phi = net.features(X, 2);
  CHECK(Phi.rowwise().squaredNorm().maxCoeff() <= 2.0 + 1e-12);  // ||φ||² ≤ C_φ² = 2
  // At Θ = 0 the Gram of layer k is (c/L)²·(Φ Φᵀ)⊙(B Bᵀ) = (1/16)·G.
  const MatD gram = net.ntk_gram_block(X, "layer:3");
  CHECK((gram - Phi * Phi.transpose() / 16.0).cwiseAbs().maxCoeff() <= 1e-14);
  CHECK_THROWS_AS(RffResNet<double>(RffResNetConfig{3, 1, 2, 2, 8, 1.0, 1, RffFeatureMap::rff, 1.0}), InvalidInput);
}

TEST_CASE("build_model dispatches on the config kind", "[models]") {
  MlpConfig m;
  m.widths = {2, 3, 1};
  CHECK(build_model<double>(m)->kind() == "mlp");
  CHECK(build_model<double>(ScaledShallowConfig{2, 3, Activation::relu, 1.0, 0.5, 0, 1})->kind() == "scaled-shallow");
  CHECK(build_model<double>(RffResNetConfig{2, 1, 2, 2, 4, 1.0, 0, RffFeatureMap::rff, 1.0})->kind() == "rff-resnet");
  MlpConfig bad;
  bad.widths = {2};
  CHECK_THROWS_AS(build_model<double>(bad), InvalidInput);
}
