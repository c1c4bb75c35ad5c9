// docs/theorems/barboni-2022-rff-expressivity.md#tests-that-pin-it regression cases P2–P5, each with its negative twin.
//
// Model: RffResNet (docs/problem-files.md, kind = "rff-resnet"), canonical RFF
// φ_m(x) = √(2/p) cos(ω_m·x + b_m), ω_m ~ N(0, σ⁻² I_q), x_0 = A x, x_{k+1} = x_k + (c/L) Θ_kᵀ φ(x_k),
// f = B x_L, F = (1/(2N)) Σ ||f(x_i) − y_i||² (the library's squared loss).
// ||∇F||²_{L²} = L Σ_k ||∂F/∂Θ_k||_F² = L·||∇_θ F||² (GD in the L² metric).
// Eigenvalues and singular values here are floating-point (Eigen); every inequality below is checked
// with a relative slack of 1e-9, far above their rounding errors (sizes <= 10) and far below the
// margins observed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

#include "nncert/data/random.hpp"
#include "nncert/linalg/certify_spd.hpp"
#include "nncert/linalg/exact.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/models/rff_resnet.hpp"

using namespace nncert;
using namespace nncert::models;

namespace {

RffResNetConfig rff(Index d, Index q, Index dout, Index L, Index p, std::uint64_t seed, double bandwidth = 1.0) {
  RffResNetConfig c;
  c.input_dim = d;
  c.hidden = q;
  c.output_dim = dout;
  c.depth = L;
  c.features = p;
  c.seed = seed;
  c.bandwidth = bandwidth;
  return c;
}

double lambda_min(const MatD& G) { return Eigen::SelfAdjointEigenSolver<MatD>(G, Eigen::EigenvaluesOnly).eigenvalues()(0); }

// ||∇F||²_{L²} / F at the net's parameters.
double pl_ratio(const RffResNet<double>& net, const MatD& X, const MatD& Y) {
  const auto lg = net.squared_loss_and_gradient(X, Y);
  return static_cast<double>(net.config().depth) * lg.gradient.squaredNorm() / lg.loss;
}

// μ(Θ) = (2/N) σ_min(BBᵀ) (c²/L) Σ_k λ_min(G_k) ρ_k² (derived by the project,
// docs/theorems/barboni-2022-local-pl.md), with
// ρ_k = min_i Π_{l=k+1}^{L−1} σ_min(I + (c/L) Θ_lᵀ Dφ(x_{i,l})), Dφ(x) = diag(φ'(Ωx + b)) Ω.
double mu_of_theta(const RffResNet<double>& net, const MatD& X) {
  const auto& c = net.config();
  const Index N = X.rows(), L = c.depth, p = c.features, q = c.hidden;
  const double step = c.residual_scale / static_cast<double>(L);
  const double scale = std::sqrt(2.0 / static_cast<double>(p));
  const MatD& B = net.readout();
  const double sigma_bbt = lambda_min(B * B.transpose());
  std::vector<MatD> states;
  for (Index k = 0; k <= L; ++k) states.push_back(net.states(X, k));
  // s(i, l) = σ_min(I + (c/L) Θ_lᵀ Dφ(x_{i,l}))
  MatD s(N, L);
  for (Index l = 0; l < L; ++l) {
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> theta_l(
        net.params().data() + l * p * q, p, q);
    for (Index i = 0; i < N; ++i) {
      VecD pre = net.frequencies() * states[static_cast<std::size_t>(l)].row(i).transpose() + net.phases();
      const VecD dphi = -scale * pre.array().sin();
      const MatD M = MatD::Identity(q, q) + step * theta_l.transpose() * (dphi.asDiagonal() * net.frequencies());
      s(i, l) = Eigen::JacobiSVD<MatD>(M).singularValues().minCoeff();
    }
  }
  double sum = 0;
  for (Index k = 0; k < L; ++k) {
    double rho = 1e300;
    for (Index i = 0; i < N; ++i) {
      double prod = 1;
      for (Index l = k + 1; l < L; ++l) prod *= s(i, l);
      rho = std::min(rho, prod);
    }
    const MatD Phi = net.features(X, k);
    sum += lambda_min(Phi * Phi.transpose()) * rho * rho;
  }
  return 2.0 / static_cast<double>(N) * sigma_bbt * c.residual_scale * c.residual_scale / static_cast<double>(L) * sum;
}

VecD random_theta(Index size, double scale, std::uint64_t seed) {
  data::Rng rng(seed);
  VecD t(size);
  for (Index j = 0; j < size; ++j) t(j) = scale * rng.normal();
  return t;
}

}  // namespace

// P2 (sizes of P1: N = 6, q = 2, L = 5, p ∈ {6, 48}; d = d' = 2 so A = B = I).
TEST_CASE("rff P2: ||grad F||^2_L2 >= mu(Theta) F at random Theta; at Theta = 0 the ratio is >= mu_0",
          "[spec][rff]") {
  const Index N = 6;
  for (Index p : {6, 48}) {
    for (std::uint64_t s = 0; s < 10; ++s) {
      RffResNet<double> net(rff(2, 2, 2, 5, p, 900 + s));
      const MatD X = data::Rng(910 + s).normal_matrix(N, 2, 1.0);
      const MatD Y = data::Rng(920 + s).normal_matrix(N, 2, 1.0);
      // Θ = 0: μ_0 = (2/N) λ_min(G(AX)) (BBᵀ = I).
      const double mu0 = mu_of_theta(net, X);
      const MatD Phi = net.features(X, 0);
      CHECK(mu0 == Approx(2.0 / N * lambda_min(Phi * Phi.transpose())).epsilon(1e-12));
      REQUIRE(mu0 > 0);
      CHECK(pl_ratio(net, X, Y) >= mu0 * (1 - 1e-9));
      // Random Θ (entries N(0, 0.5²)): μ(Θ) is smaller but the inequality still holds.
      net.set_params(random_theta(net.num_params(), 0.5, 930 + s));
      const double mu = mu_of_theta(net, X);
      INFO("p " << p << " seed " << s << ": mu0 " << mu0 << ", mu(Theta) " << mu << ", ratio " << pl_ratio(net, X, Y));
      REQUIRE(mu > 0);
      CHECK(pl_ratio(net, X, Y) >= mu * (1 - 1e-9));
    }
  }
}

// Twins of P2. (a) Tightness at Θ = 0 (equality iff every r_o lies in the bottom eigenspace
// of G): with r_o = the bottom eigenvector the ratio equals μ_0, so any larger constant (1.01 μ_0)
// fails. (b) N1: p = 4 < N = 6 gives rank Φ <= 4, λ_min(G) = 0, and a residual in the null space of Φᵀ
// makes ∇F = 0 with F > 0: a stationary point that is not a global minimum, so no μ > 0 works, and
// certify_lambda_min must not certify G.
TEST_CASE("rff P2 twins: the PL bound is tight at Theta = 0; with p < N no mu > 0 exists and lambda_min(G) "
          "is not certified",
          "[spec][rff][negative]") {
  const Index N = 6;
  {
    const RffResNet<double> net(rff(2, 2, 2, 5, 48, 940));
    const MatD X = data::Rng(941).normal_matrix(N, 2, 1.0);
    const MatD Phi = net.features(X, 0);
    Eigen::SelfAdjointEigenSolver<MatD> eig(Phi * Phi.transpose());
    MatD Y = net.forward(X);  // Y = f(X) − r with r_o = the bottom eigenvector for both outputs
    Y.col(0) -= eig.eigenvectors().col(0);
    Y.col(1) -= 0.5 * eig.eigenvectors().col(0);
    const double mu0 = mu_of_theta(net, X);
    CHECK(pl_ratio(net, X, Y) == Approx(mu0).epsilon(1e-9));
    CHECK_FALSE(pl_ratio(net, X, Y) >= 1.01 * mu0);
  }
  {
    const RffResNet<double> net(rff(2, 2, 2, 5, 4, 950));
    const MatD X = data::Rng(951).normal_matrix(N, 2, 1.0);
    const MatD Phi = net.features(X, 0);
    CHECK(linalg::exact_rank(Phi) <= 4);
    const MatD G = Phi * Phi.transpose();
    CHECK(linalg::certify_lambda_min(MatD((G + G.transpose()) / 2)).verdict != Verdict::certified);
    // Null vector of Φᵀ (N×p, p < N): the last left singular vector.
    Eigen::JacobiSVD<MatD> svd(Phi, Eigen::ComputeFullU);
    const VecD v = svd.matrixU().col(N - 1);
    MatD Y = net.forward(X);
    Y.col(0) -= v;
    const auto lg = net.squared_loss_and_gradient(X, Y);
    CHECK(lg.loss > 0.05);  // F = ||v||²/(2N) = 1/12
    CHECK(lg.gradient.norm() <= 1e-13);
    CHECK(pl_ratio(net, X, Y) <= 1e-24);
  }
}

namespace {

struct LocalPl {
  double lambda0, mu0, mu_star, ell_phi, R;
};

// Derived by the project (docs/theorems/barboni-2022-local-pl.md) at Θ = 0, c = 1, canonical RFF (C_φ² = 2):
// λ_0 = λ_min(G(AX)), μ_0 = (2/N)λ_0, ℓ_φ = √(2/p)||Ω||_2, R = min(λ_0/(4N C_φ² ℓ_φ), ln2/(4ℓ_φ)),
// μ_* = μ_0/4.
LocalPl local_pl(const RffResNet<double>& net, const MatD& X) {
  const double N = static_cast<double>(X.rows()), p = static_cast<double>(net.config().features);
  const MatD Phi = net.features(X, 0);
  LocalPl c{};
  c.lambda0 = lambda_min(Phi * Phi.transpose());
  c.mu0 = 2 / N * c.lambda0;
  c.mu_star = c.mu0 / 4;
  c.ell_phi = std::sqrt(2 / p) * Eigen::JacobiSVD<MatD>(net.frequencies()).singularValues()(0);
  c.R = std::min(c.lambda0 / (4 * N * 2 * c.ell_phi), std::log(2.0) / (4 * c.ell_phi));
  return c;
}

struct FlowRun {
  double F0 = 0;
  double max_radius = 0;        // max_n ||Θ_n||_{L²}
  double worst_envelope = 0;    // max_n F_n / (F_0 e^{−μ_* nη})
  double final_loss = 0;
};

// Small-step GD in the L² metric (docs/problem-files.md, "rff-resnet-gd"): Θ ← Θ − ηL ∇_Θ F,
// time t = nη, ||Θ||_{L²} = ||θ||/√L.
FlowRun flow(RffResNet<double>& net, const MatD& X, const MatD& Y, double eta, int steps, double mu_star) {
  const double L = static_cast<double>(net.config().depth);
  FlowRun run;
  run.F0 = net.squared_loss(X, Y);
  for (int t = 0; t <= steps; ++t) {
    const auto lg = net.squared_loss_and_gradient(X, Y);
    run.max_radius = std::max(run.max_radius, net.params().norm() / std::sqrt(L));
    if (lg.loss > 1e-24 * run.F0)
      run.worst_envelope = std::max(run.worst_envelope, lg.loss / (run.F0 * std::exp(-mu_star * eta * t)));
    run.final_loss = lg.loss;
    if (t < steps) net.set_params(net.params() - eta * L * lg.gradient);
  }
  return run;
}

}  // namespace

// P3: exact-fit start. Θ_* has a random direction and ||Θ_*||_{L²} = 0.9·R√(μ_0/8)/C_φ, y_i = B x_{i,L}(Θ_*);
// then F_0 <= C_φ²||Θ_*||²/2 < μ_* R²/4 and gradient flow from Θ = 0 stays in B_R with
// F(t) <= F_0 e^{−μ_* t}. GD with η = 0.25 stands in for the flow: near Θ = 0 the L²-metric Hessian
// is ≈ λ_max(G)/N <= tr(G)/N <= C_φ² = 2, so ηβ <= 1/2 and GD tracks the flow, whose rate ≈ μ_0 >> μ_*.
TEST_CASE("rff P3: from F_0 < mu_* R^2/4 the flow stays in B_R and F(t) <= F_0 exp(-mu_* t)", "[spec][rff]") {
  const Index N = 6;
  RffResNet<double> net(rff(2, 2, 2, 5, 48, 960));
  const MatD X = data::Rng(961).normal_matrix(N, 2, 1.0);
  const LocalPl c = local_pl(net, X);
  REQUIRE(c.lambda0 > 0);
  VecD star = random_theta(net.num_params(), 1.0, 962);
  star *= 0.9 * c.R * std::sqrt(c.mu0 / 8) / std::sqrt(2.0) / (star.norm() / std::sqrt(5.0));
  net.set_params(star);
  const MatD Y = net.forward(X);
  net.set_params(VecD::Zero(net.num_params()));
  const double eta = 0.25;
  const int steps = static_cast<int>(std::ceil(8 / (c.mu_star * eta)));  // t = 8/μ_*: F ≤ e^{-8} F_0
  const FlowRun run = flow(net, X, Y, eta, steps, c.mu_star);
  INFO("lambda0 " << c.lambda0 << " R " << c.R << " F0 " << run.F0 << " threshold " << c.mu_star * c.R * c.R / 4
                  << " max radius " << run.max_radius << " worst envelope ratio " << run.worst_envelope);
  REQUIRE(run.F0 < c.mu_star * c.R * c.R / 4);
  CHECK(run.max_radius <= c.R);
  CHECK(run.worst_envelope <= 1 + 1e-9);
  CHECK(run.final_loss <= std::exp(-8.0) * run.F0);
}

// Twin (N5): the same construction with ||Θ_*|| 1000 times larger violates the start condition
// F_0 < μ_* R²/16 (GD) and F_0 < μ_* R²/4 (flow), so nothing may be certified; and indeed the path to
// the interpolating Θ leaves B_R, where the PL constant μ_* is no longer guaranteed.
TEST_CASE("rff P3 twin: a far start violates F_0 < mu_* R^2/16 and the path leaves B_R", "[spec][rff][negative]") {
  const Index N = 6;
  RffResNet<double> net(rff(2, 2, 2, 5, 48, 960));
  const MatD X = data::Rng(961).normal_matrix(N, 2, 1.0);
  const LocalPl c = local_pl(net, X);
  VecD star = random_theta(net.num_params(), 1.0, 962);
  star *= 1000 * c.R * std::sqrt(c.mu0 / 8) / std::sqrt(2.0) / (star.norm() / std::sqrt(5.0)) * 0.9;
  net.set_params(star);
  const MatD Y = net.forward(X);
  net.set_params(VecD::Zero(net.num_params()));
  const FlowRun run = flow(net, X, Y, 0.25, static_cast<int>(std::ceil(8 / (c.mu_star * 0.25))), c.mu_star);
  INFO("F0 " << run.F0 << " GD threshold " << c.mu_star * c.R * c.R / 16 << " max radius " << run.max_radius << " R " << c.R);
  CHECK_FALSE(run.F0 < c.mu_star * c.R * c.R / 16);
  CHECK_FALSE(run.F0 < c.mu_star * c.R * c.R / 4);
  CHECK(run.max_radius > c.R);
}

namespace {

// N = 10 points in R^3 (q = d = 3, A = I): seeded 2·N(0, I) draws, a draw closer than 1 to an accepted
// point is rejected, so the points are pairwise >= 1 apart ("separated").
MatD separated_points() {
  data::Rng rng(970);
  MatD X(10, 3);
  Index count = 0;
  while (count < 10) {
    const MatD x = rng.normal_matrix(1, 3, 2.0);
    bool far = true;
    for (Index j = 0; j < count; ++j) far = far && (X.row(j) - x.row(0)).norm() >= 1.0;
    if (far) X.row(count++) = x.row(0);
  }
  return X;
}

// K_ij = exp(−||x_i − x_j||²/(2σ²)), σ = 1.
MatD gaussian_kernel(const MatD& X) {
  MatD K(X.rows(), X.rows());
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < X.rows(); ++j) K(i, j) = std::exp(-(X.row(i) - X.row(j)).squaredNorm() / 2);
  return K;
}

double gram_lambda_min(const MatD& X, Index p, std::uint64_t seed) {
  const RffResNet<double> net(rff(3, 3, 1, 1, p, seed));
  const MatD Phi = net.features(X, 0);
  return lambda_min(Phi * Phi.transpose());
}

}  // namespace

// P4: E[G] = K (canonical RFF), so λ_min(G) → λ_min(K) as p grows; at the matrix-Chernoff threshold
// p = ⌈(16N/λ_min(K)) ln(N/δ)⌉ (derived by the project, δ = 0.1), λ_min(G) >= λ_min(K)/2 in >= (1−δ)
// of 200 seeds.
TEST_CASE("rff P4: lambda_min(G) -> lambda_min(K) as p grows; at the Chernoff threshold >= (1-delta) of 200 seeds pass",
          "[spec][rff]") {
  const MatD X = separated_points();
  const double lk = lambda_min(gaussian_kernel(X));
  REQUIRE(lk > 0.1);
  std::vector<double> gap;
  for (Index p : {100, 1000, 4000}) {
    double g = 0;
    for (std::uint64_t s = 0; s < 10; ++s) g += std::abs(gram_lambda_min(X, p, 1000 + s) - lk) / 10;
    gap.push_back(g);
  }
  INFO("lambda_min(K) " << lk << ", mean |lambda_min(G) - lambda_min(K)|: " << gap[0] << ", " << gap[1] << ", " << gap[2]);
  CHECK(gap[1] < gap[0]);
  CHECK(gap[2] < gap[1]);
  CHECK(gap[2] < 0.1 * lk);
  const double delta = 0.1;
  const auto p_chernoff = static_cast<Index>(std::ceil(16 * 10 / lk * std::log(10 / delta)));
  int pass = 0;
  for (std::uint64_t s = 0; s < 200; ++s) pass += gram_lambda_min(X, p_chernoff, 2000 + s) >= lk / 2;
  INFO("Chernoff p = " << p_chernoff << ": " << pass << " of 200 seeds");
  CHECK(pass >= 180);
}

// Twins: N1 (p = 8 < N = 10: rank Φ <= 8, λ_min(G) = 0, never certified) and far below the threshold
// (p = N = 10) the λ_min(K)/2 guarantee fails in most seeds.
TEST_CASE("rff P4 twins: p < N gives lambda_min(G) = 0 (not certified); p = N misses lambda_min(K)/2 in most seeds",
          "[spec][rff][negative]") {
  const MatD X = separated_points();
  const double lk = lambda_min(gaussian_kernel(X));
  for (std::uint64_t s = 0; s < 5; ++s) {
    const RffResNet<double> net(rff(3, 3, 1, 1, 8, 3000 + s));
    const MatD Phi = net.features(X, 0);
    CHECK(linalg::exact_rank(Phi) <= 8);
    // The claim is about the exact Gram ΦΦᵀ, so it is certified on an enclosure of the product. The
    // rounded product fl(ΦΦᵀ) is another matrix: it can be positive definite by rounding alone (seed
    // 3001's is, by 1.5e-17 in its smallest exact LDLᵀ pivot), and certifying that would be correct.
    const linalg::MatrixEnclosure G = linalg::product_enclosure(Phi, Phi.transpose());
    const MatD mid = (G.mid + G.mid.transpose()) / 2;  // symmetrised exactly: fl(a + b) = fl(b + a)
    const MatD rad = G.rad.cwiseMax(G.rad.transpose());
    CHECK(linalg::certify_lambda_min(mid, rad).verdict != Verdict::certified);
  }
  int pass = 0;
  for (std::uint64_t s = 0; s < 200; ++s) pass += gram_lambda_min(X, 10, 4000 + s) >= lk / 2;
  INFO(pass << " of 200 seeds at p = N");
  CHECK(pass < 100);
}

namespace {

// Outputs of the depth-L net with Θ_k = Θ(k/L), Θ(s) = Θ_a cos(πs) + Θ_b s (smooth), residual scale c.
MatD depth_output(Index L, const MatD& X, double c) {
  RffResNetConfig cfg = rff(2, 2, 2, L, 16, 990);
  cfg.residual_scale = c;
  RffResNet<double> net(cfg);
  const Index size = 16 * 2;
  const VecD a = random_theta(size, 1.0, 991), b = random_theta(size, 1.0, 992);
  VecD theta(L * size);
  for (Index k = 0; k < L; ++k) {
    const double s = static_cast<double>(k) / static_cast<double>(L);
    theta.segment(k * size, size) = a * std::cos(std::numbers::pi * s) + b * s;
  }
  net.set_params(theta);
  return net.forward(X);
}

}  // namespace

// P5: the net is the forward-Euler discretisation of dx/ds = Θ(s)ᵀ φ(x) on [0, 1] (Ω does not depend
// on L: it is drawn first from the seed), so f_L − f_∞ = C/L + O(1/L²) and the successive differences
// e_L = max|f_L − f_{2L}| halve as L doubles (ratio → 2).
TEST_CASE("rff P5: with smooth Theta(s) outputs converge at O(1/L) as L doubles", "[spec][rff]") {
  const MatD X = data::Rng(993).normal_matrix(6, 2, 1.0);
  std::vector<MatD> f;
  for (Index L : {8, 16, 32, 64, 128}) f.push_back(depth_output(L, X, 1.0));
  std::vector<double> e;
  for (std::size_t i = 0; i + 1 < f.size(); ++i) e.push_back((f[i] - f[i + 1]).cwiseAbs().maxCoeff());
  for (std::size_t i = 0; i + 1 < e.size(); ++i) {
    INFO("e_L / e_2L = " << e[i] / e[i + 1]);
    CHECK(e[i] / e[i + 1] >= 1.7);
    CHECK(e[i] / e[i + 1] <= 2.3);
  }
  CHECK(e.back() > 0);
}

// Twin: without the 1/L normalisation (residual scale c = L, i.e. steps of size 1) there is no limit:
// the differences do not shrink as L doubles.
TEST_CASE("rff P5 twin: without the 1/L scaling the outputs do not converge as L doubles", "[spec][rff][negative]") {
  const MatD X = data::Rng(993).normal_matrix(6, 2, 1.0);
  std::vector<MatD> f;
  for (Index L : {8, 16, 32, 64}) f.push_back(depth_output(L, X, static_cast<double>(L)));
  for (std::size_t i = 0; i + 2 < f.size(); ++i) {
    const double ratio = (f[i] - f[i + 1]).cwiseAbs().maxCoeff() / (f[i + 1] - f[i + 2]).cwiseAbs().maxCoeff();
    INFO("e_L / e_2L = " << ratio);
    CHECK(ratio < 1.5);
  }
}
