// The independent re-check of Gram claims (256-bit MPFR Jacobian + exact integer witness): it accepts
// a bound just below the true σ_min and rejects one just above (ground truth: a double SVD of J far
// from the bound, margins 1e-3 relative, much larger than the SVD's error).
#include <catch2/catch.hpp>

#include <Eigen/SVD>

#include "nncert/cert/independent.hpp"
#include "test_cert_fixture.hpp"

using namespace nncert;

TEST_CASE("independent Gram check accepts a true bound and rejects a false one") {
  const auto run = test::tiny_run();
  auto net = models::build_model<double>(run.loaded.model);
  const MatD J = net->jacobian_block(run.loaded.data.X, "all");
  const double sigma = Eigen::JacobiSVD<MatD>(J).singularValues().minCoeff();
  REQUIRE(sigma > 0);
  const cert::GramWitness w{"all", "sigma_min"};
  const auto ok = cert::independent_gram_check(run.loaded, run.theta0, w, sigma * 0.999);
  CHECK(ok.attempted);
  CHECK(ok.verdict == Verdict::certified);
  const auto bad = cert::independent_gram_check(run.loaded, run.theta0, w, sigma * 1.001);
  CHECK(bad.attempted);
  CHECK(bad.verdict == Verdict::inconclusive);
  // The λ_min form of the same claim.
  const cert::GramWitness wl{"all", "lambda_min"};
  CHECK(cert::independent_gram_check(run.loaded, run.theta0, wl, sigma * sigma * 0.999).verdict == Verdict::certified);
  CHECK(cert::independent_gram_check(run.loaded, run.theta0, wl, sigma * sigma * 1.001).verdict == Verdict::inconclusive);
  // Size limit: skipped, not failed.
  const auto skipped = cert::independent_gram_check(run.loaded, run.theta0, w, sigma * 0.5, 2);
  CHECK_FALSE(skipped.attempted);
}
