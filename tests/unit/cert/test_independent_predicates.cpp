// Independent re-checks of data assumptions, of the structural common-model-structure identity and of
// the local-PL start condition: each accepts the true claim and rejects a falsified one (ground truth
// by construction: rows scaled or duplicated exactly, a block that does not carry the biases, targets
// the network fits exactly at Θ = 0).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "nncert/cert/independent_predicates.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "test_cert_fixture.hpp"
#include "test_support.hpp"

using namespace nncert;
using nlohmann::json;

namespace {

theory::LoadedProblem sphere_problem(bool bias) {
  const std::string text = std::string(R"(theorem = "test/predicates"
[data]
source = "synthetic:sphere"
n = 8
d = 3
seed = 5
[model]
kind = "mlp"
widths = [3, 6, 1]
activation = "relu"
seed = 2
bias = )") + (bias ? "true" : "false") + "\n";
  return test::load_problem_text(text, "p.toml");
}

Verdict run(const json& h, const theory::LoadedProblem& p) {
  const VecD theta0 = models::build_model<double>(p.model)->params();
  const auto ic = cert::independent_predicate_check(h, p, theta0);
  REQUIRE(ic);
  INFO(ic->detail);
  CHECK(ic->attempted);
  return ic->verdict;
}

}  // namespace

TEST_CASE("independent unit-norm check: exact sums of squares against the recorded bound") {
  auto p = sphere_problem(false);
  const json h = {{"verifier", "unit_norm_inputs"},
                  {"quantity", "max_i | ||x_i||^2 - 1 |"},
                  {"enclosure", {{"lower", 0.0}, {"upper", 1e-14}}}};
  CHECK(run(h, p) == Verdict::certified);
  p.data.X.row(3) *= 1.5;  // ||x_3||² = 2.25: deviation 1.25 > 1e-14
  CHECK(run(h, p) == Verdict::inconclusive);
  json at_most = h;
  at_most["quantity"] = "max_i ( ||x_i||^2 - 1 )^+";
  p.data.X.row(3) /= 3.0;  // now ||x_3|| = 1/2: allowed by "at most 1"
  CHECK(run(at_most, p) == Verdict::certified);
}

TEST_CASE("independent distinct-inputs check: every pair, exactly") {
  auto p = sphere_problem(false);
  const json plain = {{"verifier", "distinct_inputs"}, {"quantity", "number of duplicate input pairs"}};
  const json parallel = {{"verifier", "distinct_inputs"}, {"quantity", "number of positively parallel or zero input pairs"}};
  CHECK(run(plain, p) == Verdict::certified);
  CHECK(run(parallel, p) == Verdict::certified);
  auto twice = p;
  twice.data.X.row(6) = 2.0 * twice.data.X.row(1);  // exact: a positive multiple
  CHECK(run(plain, twice) == Verdict::certified);
  CHECK(run(parallel, twice) == Verdict::inconclusive);
  auto opposite = p;
  opposite.data.X.row(6) = -opposite.data.X.row(1);  // antiparallel is allowed
  CHECK(run(parallel, opposite) == Verdict::certified);
  auto copy = p;
  copy.data.X.row(7) = copy.data.X.row(2);
  CHECK(run(plain, copy) == Verdict::inconclusive);
}

TEST_CASE("independent common-model-structure confirmation in 256-bit MPFR") {
  const json readout = {{"verifier", "common_model_structure"},
                        {"quantity", "||vec f_X - J_S theta_S||_2"},
                        {"method", "structural: f is linear in the read-out parameters"},
                        {"details", {{"block", "output"}}}};
  CHECK(run(readout, sphere_problem(false)) == Verdict::certified);
  // Euler's identity for one hidden layer holds without biases and fails with them.
  json hidden = readout;
  hidden["details"]["block"] = "layer:1";
  CHECK(run(hidden, sphere_problem(false)) == Verdict::certified);
  CHECK(run(hidden, sphere_problem(true)) == Verdict::inconclusive);
}

TEST_CASE("independent local-PL re-derivation accepts the true start condition and rejects raised claims") {
  // Targets equal to the first coordinate, which the RFF-ResNet outputs at Θ = 0 (B A x selects it):
  // F0 = 0 exactly, so the margin is μ*R²/4 itself, computed below in double from the same formula.
  const std::filesystem::path dir = test::make_temp_dir("local-pl");
  {
    std::ofstream csv(dir / "fit.csv");
    csv << "x1,x2,y\n";
    const double xs[6][2] = {{0.3, -0.1}, {-0.7, 0.2}, {0.1, 0.9}, {0.5, 0.5}, {-0.2, -0.6}, {0.8, -0.4}};
    for (const auto& x : xs) csv << fmt::format("{:.17g},{:.17g},{:.17g}\n", x[0], x[1], x[0]);
  }
  const std::string text = R"(theorem = "test/local-pl"
[data]
source = "csv:fit.csv"
[model]
kind = "rff-resnet"
depth = 3
hidden = 2
features = 64
bandwidth = 1.0
seed = 3
)";
  const theory::LoadedProblem p = test::load_problem_text(text, (dir / "p.toml").string());
  const auto& cfg = std::get<models::RffResNetConfig>(p.model);
  const models::RffResNet<double> net(cfg);
  const MatD phi = net.features(p.data.X, 0);  // c = 1
  const double lambda0 = Eigen::SelfAdjointEigenSolver<MatD>(phi * phi.transpose(), Eigen::EigenvaluesOnly).eigenvalues()(0);
  REQUIRE(lambda0 > 1e-3);
  const double n = static_cast<double>(p.data.n()), pp = static_cast<double>(cfg.features);
  auto margin_for = [&](double l0) {  // μ*R²/4 with C² = 2, ℓ² = (2/p)‖Ω‖_F²
    const double ell2 = 2.0 / pp * net.frequencies().squaredNorm();
    const double r2 = std::min(l0 * l0 / (16 * n * n * 4 * ell2), std::log(2.0) * std::log(2.0) / (16 * ell2));
    return 2 * l0 / (4 * n) * r2 / 4;
  };
  auto record = [&](double l0, double margin) {
    return json{{"verifier", "local_pl"},
                {"quantity", "mu_* R^2 / 4 - F_0"},
                {"constants", {{"lambda0", {{"lower", l0}, {"upper", lambda0 * 2}}}}},
                {"enclosure", {{"lower", margin}, {"upper", margin * 2}}}};
  };
  const double l0 = lambda0 * 0.999;
  CHECK(run(record(l0, margin_for(l0) * 0.99), p) == Verdict::certified);
  CHECK(run(record(l0, margin_for(l0) * 1.01), p) == Verdict::inconclusive);  // a raised margin
  CHECK(run(record(lambda0 * 1.001, margin_for(l0) * 0.5), p) == Verdict::inconclusive);  // a raised λ0
  std::filesystem::remove_all(dir);
}
