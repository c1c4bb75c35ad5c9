// The verifiers' rigorous matrix enclosures contain the exact matrix. Ground truth: the same network
// evaluated in 256-bit MPFR (its own error is below 1e-60 relative, far under the radii of ~1e-16
// checked here), compared entry by entry as exact rationals.
#include <random>

#include <catch2/catch.hpp>

#include "nncert/models/mlp.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/verifiers/enclosure.hpp"
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
Containment check(const Mat<MpfrFloat>& reference, const verifiers::MatrixEnclosure& e) {
  Containment c;
  for (Index i = 0; i < reference.rows(); ++i)
    for (Index j = 0; j < reference.cols(); ++j) {
      const MpfrFloat err = abs(reference(i, j) - MpfrFloat(e.mid(i, j)));
      if (err > MpfrFloat(e.rad(i, j))) ++c.violations;
      c.largest_error = std::max(c.largest_error, static_cast<double>(err));
    }
  return c;
}

}  // namespace

TEST_CASE("the Mlp Jacobian enclosure contains the 256-bit Jacobian for every activation", "[verifiers][soundness]") {
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
        const auto enclosure = verifiers::mlp_jacobian_enclosure(cfg, VecD(), X, block);
        const models::Mlp<MpfrFloat> exact(cfg);
        const Mat<MpfrFloat> J = exact.jacobian_block(X.cast<MpfrFloat>(), block);
        INFO("activation " << models::to_string(a) << ", block " << block << ", seed " << test::seed());
        REQUIRE(J.rows() == enclosure.mid.rows());
        REQUIRE(J.cols() == enclosure.mid.cols());
        const Containment c = check(J, enclosure);
        REQUIRE(c.violations == 0);
        REQUIRE(enclosure.rad.maxCoeff() < 1e-10);  // and the enclosure is tight enough to be useful
      }
}

TEST_CASE("the scaled-shallow Jacobian enclosure contains the 256-bit Jacobian", "[verifiers][soundness]") {
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
    const auto enclosure = verifiers::scaled_shallow_jacobian_enclosure(cfg, VecD(), X);
    const models::ScaledShallowNet<MpfrFloat> exact(cfg);
    const Mat<MpfrFloat> J = exact.jacobian(X.cast<MpfrFloat>());
    INFO("gamma " << gamma);
    REQUIRE(check(J, enclosure).violations == 0);
  }
}

TEST_CASE("a Gram enclosure contains the exact Gram of every matrix in the input box", "[verifiers][soundness]") {
  std::mt19937_64 rng(test::seed());
  std::uniform_real_distribution<double> unif(-1, 1);
  for (int t = 0; t < 20; ++t) {
    verifiers::MatrixEnclosure m{MatD(4, 9), MatD(4, 9)};
    for (Index i = 0; i < m.mid.size(); ++i) {
      m.mid.data()[i] = unif(rng);
      m.rad.data()[i] = 1e-6 * std::abs(unif(rng));
    }
    const auto g = verifiers::gram_enclosure(m);
    // A corner of the box, computed exactly.
    Mat<Rational> corner(4, 9);
    for (Index i = 0; i < corner.size(); ++i)
      corner.data()[i] = to_rational(m.mid.data()[i]) + (t % 2 ? 1 : -1) * to_rational(m.rad.data()[i]);
    const Mat<Rational> exact = corner * corner.transpose();
    for (Index i = 0; i < 4; ++i)
      for (Index j = 0; j < 4; ++j) {
        const Rational err = exact(i, j) - to_rational(g.mid(i, j));
        REQUIRE(abs(err) <= to_rational(g.rad(i, j)));
      }
  }
}

TEST_CASE("an enclosure without its radius would miss the exact Jacobian (the radius is needed)", "[verifiers]") {
  const MpfrPrecision precision(256);
  models::MlpConfig cfg;
  cfg.widths = {3, 8, 8, 1};
  cfg.activation = models::Activation::tanh;
  cfg.seed = 3;
  std::mt19937_64 rng(7);
  const MatD X = random_inputs(rng, 6, 3);
  auto enclosure = verifiers::mlp_jacobian_enclosure(cfg, VecD(), X, "all");
  enclosure.rad.setZero();
  const models::Mlp<MpfrFloat> exact(cfg);
  REQUIRE(check(exact.jacobian(X.cast<MpfrFloat>()), enclosure).violations > 0);
}
