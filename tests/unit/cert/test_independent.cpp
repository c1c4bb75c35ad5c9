// The independent re-check of Gram claims (256-bit MPFR Jacobian or kernel recursion + exact integer
// witness): it accepts a bound just below the true σ_min / λ_min and rejects one just above (ground
// truth: a double SVD / eigen-solve far from the bound, margins 1e-3 relative, much larger than the
// double computation's error).
#include <catch2/catch.hpp>

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

#include "nncert/cert/independent.hpp"
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/kernels/h_infinity.hpp"
#include "nncert/kernels/model_kernel.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "test_cert_fixture.hpp"

using namespace nncert;

TEST_CASE("independent Gram check accepts a true bound and rejects a false one") {
  const auto run = test::tiny_run();
  auto net = models::build_model<double>(run.loaded.model);
  const MatD J = net->jacobian_block(run.loaded.data.X, "all");
  const double sigma = Eigen::JacobiSVD<MatD>(J).singularValues().minCoeff();
  REQUIRE(sigma > 0);
  const cert::GramWitness w{cert::GramMatrix::jacobian, "all", "sigma_min", {}, std::nullopt};
  const auto ok = cert::independent_gram_check(run.loaded, run.theta0, w, sigma * 0.999);
  CHECK(ok.attempted);
  CHECK(ok.verdict == Verdict::certified);
  const auto bad = cert::independent_gram_check(run.loaded, run.theta0, w, sigma * 1.001);
  CHECK(bad.attempted);
  CHECK(bad.verdict == Verdict::inconclusive);
  // The λ_min form of the same claim.
  const cert::GramWitness wl{cert::GramMatrix::jacobian, "all", "lambda_min", {}, std::nullopt};
  CHECK(cert::independent_gram_check(run.loaded, run.theta0, wl, sigma * sigma * 0.999).verdict == Verdict::certified);
  CHECK(cert::independent_gram_check(run.loaded, run.theta0, wl, sigma * sigma * 1.001).verdict == Verdict::inconclusive);
  // Size limit: skipped, not failed.
  const auto skipped = cert::independent_gram_check(run.loaded, run.theta0, w, sigma * 0.5, 2);
  CHECK_FALSE(skipped.attempted);
}

TEST_CASE("independent kernel-Gram check accepts a true lambda_min bound and rejects a false one") {
  const char* text = R"(theorem = "test/kernel"
[data]
source = "synthetic:sphere"
n = 10
d = 4
seed = 3
[model]
kind = "mlp"
widths = [4, 16, 16, 1]
activation = "relu"
seed = 1
)";
  const theory::LoadedProblem loaded = test::load_problem_text(text, "kernel.toml");
  const VecD theta0;  // unused by kernel witnesses
  const auto& mlp = std::get<models::MlpConfig>(loaded.model);
  const MatD& X = loaded.data.X;
  struct Case {
    cert::KernelWitness k;
    MatD gram;
  };
  const std::vector<Case> cases{
      {{"ntk", "model"}, kernels::fc_kernel(X, kernels::fc_kernel_spec(mlp, false), kernels::KernelKind::ntk)},
      {{"nngp", "paper"}, kernels::fc_kernel(X, kernels::fc_kernel_spec(mlp, true), kernels::KernelKind::nngp)},
      {{"h-infinity", ""}, kernels::h_infinity(X)}};
  for (const auto& c : cases) {
    INFO(c.k.kernel);
    const double lambda = Eigen::SelfAdjointEigenSolver<MatD>(c.gram, Eigen::EigenvaluesOnly).eigenvalues()(0);
    REQUIRE(lambda > 0);
    const cert::GramWitness w{cert::GramMatrix::kernel, "", "lambda_min", c.k, std::nullopt};
    const auto ok = cert::independent_gram_check(loaded, theta0, w, lambda * 0.999);
    CHECK(ok.attempted);
    CHECK(ok.verdict == Verdict::certified);
    const auto bad = cert::independent_gram_check(loaded, theta0, w, lambda * 1.001);
    CHECK(bad.attempted);
    CHECK(bad.verdict == Verdict::inconclusive);
  }
  // A witness that names no buildable kernel is attempted and not re-proven (an edited certificate).
  const cert::GramWitness bogus{cert::GramMatrix::kernel, "", "lambda_min", cert::KernelWitness{"ntk", "bogus"}, std::nullopt};
  const auto r = cert::independent_gram_check(loaded, theta0, bogus, 1e-9);
  CHECK(r.attempted);
  CHECK(r.verdict == Verdict::inconclusive);
  // The witness survives its JSON round trip.
  const auto back =
      cert::gram_witness_from_json(cert::to_json(cert::GramWitness{cert::GramMatrix::kernel, "", "lambda_min", cases[0].k, std::nullopt}));
  REQUIRE(back);
  CHECK(back->matrix == cert::GramMatrix::kernel);
  CHECK(back->kernel.kernel == "ntk");
  CHECK(back->kernel.scaling == "model");
}

TEST_CASE("independent feature-Gram check of an RFF-ResNet accepts a true bound and rejects a false one") {
  const char* text = R"(theorem = "test/rff"
[data]
source = "synthetic:sphere"
n = 6
d = 2
seed = 2
[model]
kind = "rff-resnet"
depth = 3
hidden = 2
features = 64
bandwidth = 1.0
residual_scale = 2.0
seed = 3
)";
  const theory::LoadedProblem loaded = test::load_problem_text(text, "rff.toml");
  const models::RffResNet<double> net(std::get<models::RffResNetConfig>(loaded.model));
  const VecD theta0 = net.params();
  // Ground truth in double: G = c²·Φ Φᵀ (c = 2), identical at every layer at θ0 = 0.
  const MatD phi = net.features(loaded.data.X, 0);
  const MatD G = 4.0 * phi * phi.transpose();
  const double lambda = Eigen::SelfAdjointEigenSolver<MatD>(G, Eigen::EigenvaluesOnly).eigenvalues()(0);
  REQUIRE(lambda > 1e-6 * G.norm());  // far above the double computation's error
  const cert::GramWitness w{cert::GramMatrix::rff_features, "", "lambda_min", {}, std::nullopt};
  const auto ok = cert::independent_gram_check(loaded, theta0, w, lambda * 0.999);
  CHECK(ok.attempted);
  CHECK(ok.verdict == Verdict::certified);
  const auto bad = cert::independent_gram_check(loaded, theta0, w, lambda * 1.001);
  CHECK(bad.attempted);
  CHECK(bad.verdict == Verdict::inconclusive);
}
