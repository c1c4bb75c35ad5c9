// The local_pl verifier's start-condition margin in orders of magnitude (verifiers/local_pl.cpp): the
// constants log10(mu_* R^2 / 16 / F_0) and displacement_bound = 4 sqrt(F_0/mu_*) must enclose the same
// quantities evaluated independently in 256-bit MPFR. The replay builds the features from the double
// model's own frequencies Ω and phases b (the exact reals the verifier encloses),
//   Φ_im = √(2/p)·cos(ω_m·A x_i + b_m),  λ0 = λ_min(Φ Φᵀ) (MPFR eigensolver),  ℓ = √(2/p)‖Ω‖_F,
//   C² = 2,  R = min(λ0/(4 N C² ℓ), ln 2/(4ℓ)),  μ* = λ0/(2N),  F0 = (1/2N) Σ (x_i1 − y_i)²
// (c = 1, B A x = x_1), none of it through the verifier's interval code. Positive case: targets that
// the network at Θ = 0 nearly fits (certified, margin > 0); negative twin: the same points with
// targets a unit away (refuted, margin < 0 by many orders).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <variant>

#include <Eigen/Eigenvalues>

#include "nncert/data/csv.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verify.hpp"
#include "test_support.hpp"

namespace {

using nncert::Index;
using nncert::MatD;
using nncert::MpfrFloat;
using MatM = nncert::Mat<MpfrFloat>;

constexpr Index kN = 8;
const char* const kOrders = "log10(mu_* R^2 / 16 / F_0)";

// Eight seeded Gaussian points in the plane; y = x_1 + offset·ε with ε ~ N(0, 1); residual scale c.
std::string write_problem(double offset, double residual_scale = 1) {
  const std::string dir = nncert::test::make_temp_dir("local_pl_margin");
  nncert::data::Rng rng(4711);
  const MatD X = rng.normal_matrix(kN, 2, 1.0);
  MatD Y(kN, 1);
  for (Index i = 0; i < kN; ++i) Y(i, 0) = X(i, 0) + offset * rng.normal();
  nncert::data::write_csv(dir + "/X.csv", X);
  nncert::data::write_csv(dir + "/Y.csv", Y);
  const std::string path = dir + "/problem.toml";
  std::ofstream out(path);
  out << "theorem = \"barboni-2022/local-pl\"\n[data]\nsource = \"csv:X.csv,Y.csv\"\n"
      << "[model]\nkind = \"rff-resnet\"\ndepth = 3\nhidden = 2\nfeatures = 64\nbandwidth = 0.5\nseed = 3\n"
      << "residual_scale = " << residual_scale << "\n";
  return path;
}

nncert::theory::Finding local_pl_finding(const nncert::theory::LoadedProblem& p) {
  const auto report = nncert::theory::verify(nncert::theory::find_theorem("barboni-2022/local-pl"), p);
  for (const auto& f : report.findings)
    if (f.verifier == "local_pl") return f;
  FAIL("no local_pl finding");
  return {};
}

struct Replay {
  MpfrFloat orders, displacement;
};

// The start condition's two sides in 256-bit MPFR (see the file comment).
Replay replay(const nncert::theory::LoadedProblem& problem) {
  const auto& config = std::get<nncert::models::RffResNetConfig>(problem.model);
  const nncert::models::RffResNet<double> net(config);
  const MatD& X = problem.data.X;
  const Index p = config.features;
  const MpfrFloat scale = sqrt(MpfrFloat(2) / MpfrFloat(p));
  const MatD ax = X * net.embedding().transpose();
  MatM Phi(kN, p);
  for (Index i = 0; i < kN; ++i)
    for (Index m = 0; m < p; ++m) {
      MpfrFloat z = MpfrFloat(net.phases()(m));
      for (Index j = 0; j < ax.cols(); ++j) z += MpfrFloat(net.frequencies()(m, j)) * MpfrFloat(ax(i, j));
      Phi(i, m) = scale * cos(z);
    }
  const MatM G = Phi * Phi.transpose();
  const Eigen::SelfAdjointEigenSolver<MatM> es(G, Eigen::EigenvaluesOnly);
  const MpfrFloat lambda0 = es.eigenvalues()(0);
  MpfrFloat omega2 = 0;
  for (Index t = 0; t < net.frequencies().size(); ++t) omega2 += MpfrFloat(net.frequencies().data()[t]) * MpfrFloat(net.frequencies().data()[t]);
  const MpfrFloat n(kN), ell = scale * sqrt(omega2), c2 = 2;
  const MpfrFloat R = std::min(MpfrFloat(lambda0 / (4 * n * c2 * ell)), MpfrFloat(log(MpfrFloat(2)) / (4 * ell)));
  const MpfrFloat mu_star = lambda0 / (2 * n);
  MpfrFloat sum = 0;
  for (Index i = 0; i < kN; ++i) {
    const MpfrFloat r = MpfrFloat(X(i, 0)) - MpfrFloat(problem.data.Y(i, 0));
    sum += r * r;
  }
  const MpfrFloat F0 = sum / (2 * n);
  return {log10(mu_star * R * R / 16 / F0), 4 * sqrt(F0 / mu_star)};
}

void check_encloses(const nncert::linalg::Enclosure& e, const MpfrFloat& truth) {
  INFO("enclosure [" << e.lower << ", " << e.upper << "], MPFR " << static_cast<double>(truth));
  CHECK(e.certified);
  CHECK(MpfrFloat(e.lower) <= truth);
  CHECK(truth <= MpfrFloat(e.upper));
}

}  // namespace

TEST_CASE("local_pl margin in orders of magnitude: a near-fitting start holds with orders to spare, enclosing MPFR",
          "[local_pl][margin]") {
  const nncert::MpfrPrecision precision(256);
  const auto problem = nncert::theory::load_problem(write_problem(1e-7));
  const auto f = local_pl_finding(problem);
  INFO(f.reason);
  REQUIRE(f.verdict == nncert::Verdict::certified);
  REQUIRE(f.constants.count(kOrders) == 1);
  const auto& orders = f.constants.at(kOrders);
  const Replay truth = replay(problem);
  check_encloses(orders, truth.orders);
  check_encloses(f.constants.at("displacement_bound"), truth.displacement);
  // Certified with a margin: the condition holds with more than an order of magnitude to spare, and
  // the needed displacement is below the certified radius.
  CHECK(orders.lower > 1);
  CHECK(f.constants.at("displacement_bound").upper < f.constants.at("R").lower);
  // The enclosure is tight (its width comes from λ0's enclosure and the widened log), not a range
  // that would contain anything.
  CHECK(orders.upper - orders.lower < 1e-6);
}

TEST_CASE("local_pl margin in orders of magnitude (twin): a far start fails by many orders, enclosing MPFR",
          "[local_pl][margin][negative]") {
  const nncert::MpfrPrecision precision(256);
  const auto problem = nncert::theory::load_problem(write_problem(1.0));
  const auto f = local_pl_finding(problem);
  INFO(f.reason);
  REQUIRE(f.verdict == nncert::Verdict::refuted);
  REQUIRE(f.constants.count(kOrders) == 1);
  const auto& orders = f.constants.at(kOrders);
  const Replay truth = replay(problem);
  check_encloses(orders, truth.orders);
  check_encloses(f.constants.at("displacement_bound"), truth.displacement);
  CHECK(orders.upper < -1);
  CHECK(f.constants.at("displacement_bound").lower > f.constants.at("R").upper);
  CHECK(orders.upper - orders.lower < 1e-6);
}

// c enters the constants only through c² and |c| (G = c²ΦΦᵀ, ℓ = |c|√(2/p)‖Ω‖_F): a negative residual
// scale must give the constants of its magnitude, finite (a signed ℓ once made R and the margin NaN).
TEST_CASE("local_pl: a negative residual scale gives the constants of |c|", "[local_pl][margin]") {
  const auto plus = local_pl_finding(nncert::theory::load_problem(write_problem(1.0, 1.0)));
  const auto minus = local_pl_finding(nncert::theory::load_problem(write_problem(1.0, -1.0)));
  REQUIRE(plus.constants.count(kOrders) == 1);
  REQUIRE(minus.constants.count(kOrders) == 1);
  for (const char* name : {"R", "mu_star", kOrders, "displacement_bound"}) {
    INFO(name);
    CHECK(std::isfinite(minus.constants.at(name).lower));
    CHECK(minus.constants.at(name).lower == plus.constants.at(name).lower);
    CHECK(minus.constants.at(name).upper == plus.constants.at(name).upper);
  }
  CHECK(minus.verdict == plus.verdict);
  CHECK(minus.enclosure.upper == plus.enclosure.upper);
}
