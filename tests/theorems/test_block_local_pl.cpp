// block_local_pl (verifiers/block_local_pl.cpp): the certified constants against 256-bit MPFR ground
// truth on a small net. Points θ_S are sampled in B_R (inside and on the boundary); at each the
// Jacobian J_S and the loss are evaluated in MPFR through Mlp<MpfrFloat>, and
//   σ_min(J_S(θ)) >= σ0 − Lip_J ||Δ||,   ||J_S(θ) − J_S(θ0)||_F <= Lip_J ||Δ||,
//   |Vᵀ ∇²L(θ) V| <= β for unit V (second central difference, h = 1e-30, error far below 1e-40),
//   σ_min >= sqrt(n μ*/2) on B_R (the PL constant).
// Negative twin: relu has no bounded σ'': the verifier must not issue constants.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include <Eigen/Eigenvalues>

#include "nncert/data/csv.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verify.hpp"
#include "test_support.hpp"

namespace {

using nncert::Index;
using nncert::MatD;
using nncert::MpfrFloat;
using nncert::VecD;
using MatM = nncert::Mat<MpfrFloat>;
using VecM = nncert::Vec<MpfrFloat>;

constexpr Index kN = 6, kD = 3, kK = 2;

// A problem file on seeded Gaussian data: widths 3-4-12-3-2, S = W^3 (reads the 12-wide layer).
std::string write_problem(const std::string& activation) {
  const std::string dir = nncert::test::make_temp_dir("block_local_pl");
  nncert::data::Rng rng(nncert::test::seed() + 11);
  MatD X(kN, kD), Y(kN, kK);
  for (Index i = 0; i < kN; ++i) {
    for (Index j = 0; j < kD; ++j) X(i, j) = rng.normal();
    for (Index o = 0; o < kK; ++o) Y(i, o) = 0.5 * rng.normal();
  }
  nncert::data::write_csv(dir + "/X.csv", X);
  nncert::data::write_csv(dir + "/Y.csv", Y);
  const std::string path = dir + "/problem.toml";
  std::ofstream out(path);
  out << "theorem = \"kawaguchi-sun-2021/expressivity-local-pl\"\n[data]\nsource = \"csv:X.csv,Y.csv\"\n"
      << "[model]\nkind = \"mlp\"\nwidths = [3, 4, 12, 3, 2]\nactivation = \"" << activation
      << "\"\nsigma_w = 1.5\nseed = 5\n[verify]\nblock = \"layer:3\"\n";
  return path;
}

nncert::theory::Finding block_finding(const nncert::theory::LoadedProblem& p) {
  const auto theorem = nncert::theory::find_theorem("kawaguchi-sun-2021/expressivity-local-pl");
  const auto report = nncert::theory::verify(theorem, p);
  for (const auto& f : report.findings)
    if (f.verifier == "block_local_pl") return f;
  FAIL("no block_local_pl finding");
  return {};
}

MpfrFloat loss(const nncert::models::Mlp<MpfrFloat>& net, const MatM& X, const MatM& Y) {
  const MatM r = net.forward(X) - Y;
  return r.squaredNorm() / (2 * static_cast<double>(X.rows()));
}

MpfrFloat sigma_min(const MatM& J) {
  const MatM G = J * J.transpose();
  Eigen::SelfAdjointEigenSolver<MatM> es(G, Eigen::EigenvaluesOnly);
  return sqrt(MpfrFloat(std::max(MpfrFloat(0), MpfrFloat(es.eigenvalues()(0)))));
}

}  // namespace

TEST_CASE("block_local_pl constants hold against MPFR ground truth on B_R", "[block_local_pl]") {
  const nncert::MpfrPrecision precision(256);
  const auto problem = nncert::theory::load_problem(write_problem("tanh"));
  const auto f = block_finding(problem);
  INFO(f.reason);
  REQUIRE(f.constants.count("R") == 1);
  const double sigma0 = f.constants.at("sigma0").lower, lip_j = f.constants.at("Lip_J").upper;
  const double R = f.constants.at("R").lower, mu = f.constants.at("mu_star").lower, beta = f.constants.at("beta").upper;
  REQUIRE(sigma0 > 0);
  REQUIRE(R > 0);

  const auto& config = std::get<nncert::models::MlpConfig>(problem.model);
  nncert::models::Mlp<MpfrFloat> net(config);
  const VecM theta0 = net.params();
  const auto S = net.block("layer:3");
  const MatM X = problem.data.X.cast<MpfrFloat>(), Y = problem.data.Y.cast<MpfrFloat>();
  const MatM J0 = net.jacobian_block(X, "layer:3");
  CHECK(sigma_min(J0) >= sigma0);

  nncert::data::Rng rng(nncert::test::seed() + 29);
  const MpfrFloat h = MpfrFloat(1e-30);
  for (int sample = 0; sample < 8; ++sample) {
    VecM dir(S.size);
    for (Index j = 0; j < S.size; ++j) dir(j) = rng.normal();
    dir /= dir.norm();
    for (double t : {0.5, 1.0}) {  // inside and on the boundary of B_R
      VecM theta = theta0;
      theta.segment(S.offset, S.size) += MpfrFloat(t * R) * dir;
      net.set_params(theta);
      const MatM J = net.jacobian_block(X, "layer:3");
      const MpfrFloat moved = MpfrFloat(t * R);
      CHECK((J - J0).norm() <= MpfrFloat(lip_j) * moved);
      const MpfrFloat smin = sigma_min(J);
      CHECK(smin >= MpfrFloat(sigma0) - MpfrFloat(lip_j) * moved);
      // PL on B_R: ||∇L||² >= μ* L follows from σ_min² >= n μ*/2.
      CHECK(smin * smin >= MpfrFloat(mu) * static_cast<double>(kN) / 2);
      // Curvature along a fresh unit direction V and along the sampling direction.
      VecM V(S.size);
      for (Index j = 0; j < S.size; ++j) V(j) = rng.normal();
      V /= V.norm();
      for (const VecM& v : {V, dir}) {
        VecM plus = theta, minus = theta;
        plus.segment(S.offset, S.size) += h * v;
        minus.segment(S.offset, S.size) -= h * v;
        const MpfrFloat l0 = loss(net, X, Y);
        net.set_params(plus);
        const MpfrFloat lp = loss(net, X, Y);
        net.set_params(minus);
        const MpfrFloat lm = loss(net, X, Y);
        net.set_params(theta);
        const MpfrFloat curvature = abs((lp - 2 * l0 + lm) / (h * h));
        CHECK(curvature <= MpfrFloat(beta));
      }
    }
  }
}

TEST_CASE("block_local_pl issues no constants for relu (negative twin)", "[block_local_pl]") {
  const auto problem = nncert::theory::load_problem(write_problem("relu"));
  const auto f = block_finding(problem);
  CHECK(f.verdict == nncert::Verdict::inconclusive);
  CHECK(f.constants.count("R") == 0);
  CHECK(f.constants.count("mu_star") == 0);
  CHECK(f.reason.find("C^2") != std::string::npos);
}

TEST_CASE("block_local_pl: start condition proven false is inconclusive, not refuted", "[block_local_pl]") {
  // Targets far from the outputs: L_start ~ 50 >> mu_* R^2/16.
  const auto path = write_problem("tanh");
  MatD Y = MatD::Constant(kN, kK, 10.0);
  nncert::data::write_csv(std::filesystem::path(path).parent_path() / "Y.csv", Y);
  const auto problem = nncert::theory::load_problem(path);
  const auto f = block_finding(problem);
  CHECK(f.verdict == nncert::Verdict::inconclusive);
  CHECK(f.reason.find("start condition not met") != std::string::npos);
  CHECK(f.margin < 0);
}
