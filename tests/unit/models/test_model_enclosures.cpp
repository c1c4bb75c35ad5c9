// Each model's rigorous enclosure (lib/models/src/*_enclosure.cpp) contains the exact matrix, and its
// midpoint is the model's own double evaluation up to the radius. Ground truth: the same network
// evaluated in 256-bit MPFR (its own error is below 1e-60 relative, far under the radii of ~1e-16
// checked here), compared entry by entry as exact rationals.
#include <random>

#include <catch2/catch.hpp>

#include "nncert/models/mlp.hpp"
#include "nncert/models/model_enclosure.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "test_support.hpp"

using namespace nncert;

namespace {

MatD random_inputs(std::mt19937_64& rng, Index n, Index d) {
  std::normal_distribution<double> g(0.0, 1.0);
  MatD X(n, d);
  for (Index i = 0; i < X.size(); ++i) X.data()[i] = g(rng);
  return X;
}

// Counts entries with |reference − mid| > rad; also returns the largest |reference − mid| seen.
struct Containment {
  Index violations = 0;
  double largest_error = 0;
};
Containment check(const Mat<MpfrFloat>& reference, const linalg::MatrixEnclosure& e) {
  Containment c;
  for (Index i = 0; i < reference.rows(); ++i)
    for (Index j = 0; j < reference.cols(); ++j) {
      const MpfrFloat err = abs(reference(i, j) - MpfrFloat(e.mid(i, j)));
      if (err > MpfrFloat(e.rad(i, j))) ++c.violations;
      c.largest_error = std::max(c.largest_error, static_cast<double>(err));
    }
  return c;
}

// |double − mid| <= rad entrywise: the model's own double evaluation lies in the enclosure too (it
// differs from the exact value by rounding only), and the radius is small relative to the values.
bool contains_double(const MatD& value, const linalg::MatrixEnclosure& e) {
  return ((value - e.mid).cwiseAbs().array() <= e.rad.array()).all();
}

}  // namespace

TEST_CASE("the Mlp Jacobian enclosure contains the 256-bit Jacobian for every activation", "[models][soundness]") {
  const MpfrPrecision precision(256);
  std::mt19937_64 rng(test::seed());
  using models::Activation;
  for (Activation a : {Activation::relu, Activation::leaky_relu, Activation::softplus, Activation::tanh,
                       Activation::sigmoid, Activation::erf, Activation::gelu, Activation::identity})
    for (auto param : {models::Parameterization::standard, models::Parameterization::ntk})
      for (const char* block : {"all", "output", "wide", "layer:1.bias"}) {
        models::MlpConfig cfg;
        cfg.widths = {3, 5, 7, 2};
        cfg.activation = a;
        cfg.parameterization = param;
        cfg.seed = rng() % 1000;
        const MatD X = random_inputs(rng, 4, 3);
        const auto enclosure = models::mlp_jacobian_enclosure(cfg, VecD(), X, block);
        const models::Mlp<MpfrFloat> exact(cfg);
        const Mat<MpfrFloat> J = exact.jacobian_block(X.cast<MpfrFloat>(), block);
        INFO("activation " << models::to_string(a) << ", block " << block << ", seed " << test::seed());
        REQUIRE(J.rows() == enclosure.mid.rows());
        REQUIRE(J.cols() == enclosure.mid.cols());
        const Containment c = check(J, enclosure);
        REQUIRE(c.violations == 0);
        REQUIRE(enclosure.rad.maxCoeff() < 1e-10);  // and the enclosure is tight enough to be useful
        const models::Mlp<double> net(cfg);
        REQUIRE(contains_double(net.jacobian_block(X, block), enclosure));
        // The dispatch through the model kind gives the same enclosure.
        const auto asked = models::jacobian_enclosure(models::ModelConfig(cfg), VecD(), X, block);
        REQUIRE(asked);
        REQUIRE(asked->mid == enclosure.mid);
        REQUIRE(asked->rad == enclosure.rad);
      }
}

TEST_CASE("the scaled-shallow Jacobian enclosure contains the 256-bit Jacobian", "[models][soundness]") {
  const MpfrPrecision precision(256);
  std::mt19937_64 rng(test::seed());
  for (double gamma : {1.0, 0.5, 0.0}) {
    models::ScaledShallowConfig cfg;
    cfg.input_dim = 4;
    cfg.width = 30;
    cfg.gamma = gamma;
    cfg.alpha = 0.7;
    cfg.output_dim = 2;
    cfg.seed = rng() % 1000;
    const MatD X = random_inputs(rng, 5, 4);
    const auto enclosure = models::scaled_shallow_jacobian_enclosure(cfg, VecD(), X);
    const models::ScaledShallowNet<MpfrFloat> exact(cfg);
    const Mat<MpfrFloat> J = exact.jacobian(X.cast<MpfrFloat>());
    INFO("gamma " << gamma);
    REQUIRE(check(J, enclosure).violations == 0);
    const models::ScaledShallowNet<double> net(cfg);
    REQUIRE(contains_double(net.jacobian(X), enclosure));
    REQUIRE(enclosure.rad.maxCoeff() < 1e-12 * std::max(1.0, enclosure.mid.cwiseAbs().maxCoeff()));
  }
}

TEST_CASE("the Mlp feature enclosure contains the 256-bit features of every layer", "[models][soundness]") {
  const MpfrPrecision precision(256);
  std::mt19937_64 rng(test::seed());
  using models::Activation;
  for (Activation a : {Activation::relu, Activation::softplus, Activation::tanh, Activation::gelu})
    for (bool bias : {true, false}) {
      models::MlpConfig cfg;
      cfg.widths = {3, 6, 5, 2};
      cfg.activation = a;
      cfg.bias = bias;
      cfg.parameterization = models::Parameterization::ntk;
      cfg.seed = rng() % 1000;
      const MatD X = random_inputs(rng, 5, 3);
      const models::Mlp<MpfrFloat> exact(cfg);
      const models::Mlp<double> net(cfg);
      for (Index layer = 0; layer <= 3; ++layer) {
        INFO("activation " << models::to_string(a) << ", layer " << layer);
        const auto enclosure = models::mlp_feature_enclosure(cfg, VecD(), X, layer);
        const Mat<MpfrFloat> H = exact.features(X.cast<MpfrFloat>(), layer);
        REQUIRE(check(H, enclosure).violations == 0);
        REQUIRE(contains_double(net.features(X, layer), enclosure));
        REQUIRE(enclosure.rad.maxCoeff() < 1e-12);
      }
    }
}

TEST_CASE("the rff-resnet feature enclosure contains the 256-bit features", "[models][soundness]") {
  const MpfrPrecision precision(256);
  std::mt19937_64 rng(test::seed());
  for (auto map : {models::RffFeatureMap::rff, models::RffFeatureMap::cos_no_phase})
    for (double c : {1.0, 0.375}) {
      models::RffResNetConfig cfg;
      cfg.input_dim = 3;
      cfg.output_dim = 2;
      cfg.hidden = 4;
      cfg.features = 16;
      cfg.depth = 2;
      cfg.feature_map = map;
      cfg.residual_scale = c;
      cfg.seed = rng() % 1000;
      const MatD X = random_inputs(rng, 5, 3);
      const auto enclosure = models::rff_feature_enclosure(cfg, X);
      // Φ(A X) scaled by c: the features read by the first residual, at Θ = 0.
      const models::RffResNet<MpfrFloat> exact(cfg);
      const Mat<MpfrFloat> phi = exact.features(X.cast<MpfrFloat>(), 0) * MpfrFloat(c);
      const models::RffResNet<double> net(cfg);
      INFO("feature map " << static_cast<int>(map) << ", c " << c);
      REQUIRE(check(phi, enclosure).violations == 0);
      REQUIRE(contains_double(net.features(X, 0) * c, enclosure));
      REQUIRE(enclosure.rad.maxCoeff() < 1e-12);
    }
  // The rff-resnet has no Jacobian enclosure yet: the dispatch says so instead of guessing.
  models::RffResNetConfig cfg;
  cfg.input_dim = 3;
  cfg.output_dim = 2;
  cfg.hidden = 4;
  cfg.depth = 2;
  cfg.features = 8;
  REQUIRE_FALSE(models::jacobian_enclosure(models::ModelConfig(cfg), VecD(), MatD::Ones(2, 3), "all"));
}

TEST_CASE("an enclosure without its radius would miss the exact Jacobian (the radius is needed)", "[models]") {
  const MpfrPrecision precision(256);
  models::MlpConfig cfg;
  cfg.widths = {3, 8, 8, 1};
  cfg.activation = models::Activation::tanh;
  cfg.seed = 3;
  std::mt19937_64 rng(7);
  const MatD X = random_inputs(rng, 6, 3);
  auto enclosure = models::mlp_jacobian_enclosure(cfg, VecD(), X, "all");
  enclosure.rad.setZero();
  const models::Mlp<MpfrFloat> exact(cfg);
  REQUIRE(check(exact.jacobian(X.cast<MpfrFloat>()), enclosure).violations > 0);
}
