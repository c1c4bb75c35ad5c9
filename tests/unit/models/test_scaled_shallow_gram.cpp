// The closed-form tangent Gram enclosure of the node-scaled shallow net (scaled_shallow_tangent_gram_enclosure,
// formed without the Jacobian) contains the exact Gram. Ground truth, independent of the enclosure: the same
// network in 256-bit MPFR, by two routes (J Jᵀ from the model's Jacobian, and the model's own structural
// Gram), compared entry by entry; MPFR's own error (~1e-70 relative) is far under the radii (~1e-16).
// Negative twins: a Gram perturbed by twice the radius, and the Gram of another seed, are NOT contained;
// duplicate inputs make the Gram exactly singular and it is NOT certified positive definite.
#include <algorithm>
#include <random>

#include <catch2/catch.hpp>

#include "nncert/linalg/certify_spd.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "test_support.hpp"

using namespace nncert;

namespace {

models::ScaledShallowConfig config(Index d, Index m, Index k, double gamma, models::Activation a, std::uint64_t seed) {
  models::ScaledShallowConfig c;
  c.input_dim = d;
  c.width = m;
  c.output_dim = k;
  c.gamma = gamma;
  c.alpha = 0.7;
  c.activation = a;
  c.seed = seed;
  return c;
}

MatD random_inputs(std::mt19937_64& rng, Index n, Index d) {
  std::normal_distribution<double> g(0.0, 1.0);
  MatD X(n, d);
  for (Index i = 0; i < X.size(); ++i) X.data()[i] = g(rng);
  return X;
}

// Number of entries with |reference − mid| > rad.
Index violations(const Mat<MpfrFloat>& reference, const linalg::MatrixEnclosure& e) {
  Index count = 0;
  for (Index i = 0; i < reference.rows(); ++i)
    for (Index j = 0; j < reference.cols(); ++j)
      if (abs(reference(i, j) - MpfrFloat(e.mid(i, j))) > MpfrFloat(e.rad(i, j))) ++count;
  return count;
}

Mat<MpfrFloat> exact_gram_from_jacobian(const models::ScaledShallowConfig& cfg, const MatD& X) {
  const models::ScaledShallowNet<MpfrFloat> net(cfg);
  const Mat<MpfrFloat> J = net.jacobian(X.cast<MpfrFloat>());
  return J * J.transpose();
}

}  // namespace

TEST_CASE("the closed-form node-scaling Gram enclosure contains the 256-bit J Jᵀ and meets the Jacobian route",
          "[models][soundness]") {
  const MpfrPrecision precision(256);
  std::mt19937_64 rng(test::seed());
  for (models::Activation a : {models::Activation::relu, models::Activation::tanh})
    for (double gamma : {1.0, 0.5, 0.0})
      for (Index k : {1, 2}) {
        const auto cfg = config(4, 30, k, gamma, a, rng() % 1000);
        const MatD X = random_inputs(rng, 5, 4);
        const auto gram = models::scaled_shallow_tangent_gram_enclosure(cfg, VecD(), X);
        INFO("activation " << models::to_string(a) << ", gamma " << gamma << ", k " << k << ", seed " << cfg.seed);
        REQUIRE(gram.mid.rows() == 5 * k);
        REQUIRE(gram.mid.cols() == 5 * k);
        REQUIRE(gram.mid == gram.mid.transpose());  // the certifier needs an exactly symmetric midpoint
        // Route 1: J Jᵀ of the 256-bit Jacobian. Route 2: the model's structural Gram in 256 bits.
        const Mat<MpfrFloat> from_jacobian = exact_gram_from_jacobian(cfg, X);
        const Mat<MpfrFloat> structural = models::ScaledShallowNet<MpfrFloat>(cfg).ntk_gram(X.cast<MpfrFloat>());
        REQUIRE(violations(from_jacobian, gram) == 0);
        REQUIRE(violations(structural, gram) == 0);
        // The old route (the Gram of the Jacobian enclosure) encloses the same exact matrix, so the two
        // boxes must meet: |mid_new − mid_old| <= rad_new + rad_old entrywise.
        const auto old_route = linalg::gram_enclosure(models::scaled_shallow_jacobian_enclosure(cfg, VecD(), X));
        REQUIRE(((gram.mid - old_route.mid).cwiseAbs().array() <= (gram.rad + old_route.rad).array()).all());
        // Useful, not vacuous: radii at rounding level relative to the Gram's scale.
        REQUIRE(gram.rad.maxCoeff() < 1e-12 * std::max(1.0, gram.mid.cwiseAbs().maxCoeff()));
        // Negative twin 1: one entry moved by twice its radius (plus a relative floor far above MPFR's
        // precision) leaves the enclosure.
        Mat<MpfrFloat> perturbed = from_jacobian;
        perturbed(1, 0) += MpfrFloat(2 * gram.rad(1, 0) + 1e-20 * std::abs(gram.mid(1, 0)));
        REQUIRE(violations(perturbed, gram) == 1);
        // Negative twin 2: the Gram of another initialisation is a different matrix, not contained.
        auto other = cfg;
        other.seed = cfg.seed + 1;
        REQUIRE(violations(exact_gram_from_jacobian(other, X), gram) > 0);
      }
}

TEST_CASE("distinct inputs give a certified positive definite node-scaling Gram but a duplicated input does not",
          "[models][soundness]") {
  std::mt19937_64 rng(test::seed());
  const auto cfg = config(6, 200, 1, 0.5, models::Activation::relu, 7);
  MatD X = random_inputs(rng, 8, 6);
  const auto distinct = models::scaled_shallow_tangent_gram_enclosure(cfg, VecD(), X);
  CHECK(linalg::certify_lambda_min(distinct.mid, distinct.rad).verdict == Verdict::certified);
  // Row 5 repeats row 2: Ĥ has two equal rows, so λ_min = 0 exactly and "certified" would be false.
  X.row(5) = X.row(2);
  const auto duplicated = models::scaled_shallow_tangent_gram_enclosure(cfg, VecD(), X);
  CHECK(duplicated.mid.row(5) == duplicated.mid.row(2));
  CHECK(linalg::certify_lambda_min(duplicated.mid, duplicated.rad).verdict != Verdict::certified);
}
