// docs/theorems/caron-2023-node-scaling.md#tests-that-pin-it P4 (GD reaches training risk < 1e−3 within 5·10⁴ iterations for γ > 0, and
// the loss ratio respects the linearised certificate below up to O(η²) slack) with the negative twins
// N1 (γ = 0 with near-parallel inputs: no 1e−3 in the same budget, certificate not certified) and N4
// (η > n/λ_max(Ĥ): GD oscillates or diverges and the certificate refuses).
//
// Model and training as in test_spec_node_scaling.cpp: ScaledShallowNet, the authors' GD on the MSE
// (1/n)||r||² with step η (one step W ← W − 2η∇L_library, L_library = (1/(2n))||r||²), risk = (1/n)||r||².
// Linearised certificate (derived by the project, docs/theorems/caron-2023-node-scaling.md):
// r_{t+1} ≈ (I − (2η/n)Ĥ_t) r_t, so
//   L_{t+1}/L_t <= (1 − (2η/n)λ_min(Ĥ_t))²   whenever η(λ_min + λ_max)(Ĥ_t) <= n,
// the exact statement being L_{t+1}/L_t <= ((1 − (2η/n)λ_min) + ε_t)², ε_t = ||e_t||/||r_t||,
// e_t = r_{t+1} − (I − (2η/n)Ĥ_t)r_t the linearisation remainder, which is O(η²) (second-order Taylor
// term of r in W; ReLU pattern flips along the step are a measure-zero event that shows up as a few
// larger ε_t). Ĥ = ntk_gram(X) of the library (Ĥ_ik = Σ_j λ_j 1{·}1{·} x_i·x_k/d).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include "nncert/data/random.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "node_scaling_task.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::models;
using nncert::test::shallow;
using nncert::test::SimTask;
using nncert::test::simulated_task;

namespace {

// The tasks: the simulated task of node_scaling_task.hpp, scaled down from n = 100, d = 50,
// m = 2000 (≈ 1 TFLOP for 5·10⁴ steps) to n = 20, d = 10, m = 500, label noise N(0, 0.1²).

// The net's state for fast GD: the library's ScaledShallowNet evaluates one step of this size in a few
// ms (≈ 4 min for 5·10⁴ steps), so the loop below re-implements f and ∇_W with three GEMMs and is
// checked against the library at W0 (forward, gradient, Ĥ) before it is used.
struct FastNet {
  MatD W;   // m × d
  VecD c;   // u_j √λ_j
  VecD lambda;
  double inv_sqrt_d;

  explicit FastNet(const ScaledShallowNet<double>& net)
      : W(Eigen::Map<const MatD>(net.params().data(), net.config().input_dim, net.config().width).transpose()),
        c(net.output_signs().col(0).cwiseProduct(net.lambdas().cwiseSqrt())),
        lambda(net.lambdas()),
        inv_sqrt_d(1 / std::sqrt(static_cast<double>(net.config().input_dim))) {}

  MatD pre(const MatD& X) const { return X * W.transpose() * inv_sqrt_d; }  // n × m
  MatD forward(const MatD& X) const { return pre(X).cwiseMax(0.0) * c; }
  // ∇_W of the code's loss (1/n)||f − Y||²: (2/n) (D ⊙ r cᵀ)ᵀ X/√d, D = 1{z > 0}.
  MatD gradient(const MatD& X, const MatD& r) const {
    const MatD D = (pre(X).array() > 0).cast<double>().matrix();
    return (2.0 / static_cast<double>(X.rows())) * (D.cwiseProduct(r * c.transpose())).transpose() * X * inv_sqrt_d;
  }
  // Ĥ_ik = Σ_j λ_j 1{·}1{·} (x_i·x_k)/d (docs/theorems/caron-2023-node-scaling.md).
  MatD gram(const MatD& X) const {
    const MatD D = (pre(X).array() > 0).cast<double>().matrix();
    return (D * lambda.asDiagonal() * D.transpose()).cwiseProduct(X * X.transpose()) * (inv_sqrt_d * inv_sqrt_d);
  }
};

// Library vs FastNet at W0: forward, gradient (library L = half the code's loss) and Ĥ.
double library_mismatch(const ScaledShallowNet<double>& net, const SimTask& t) {
  const FastNet fast(net);
  const MatD r = fast.forward(t.X) - t.Y;
  const MatD g = fast.gradient(t.X, r).transpose();  // d × m: θ order w_1, w_2, …
  const VecD g_lib = 2 * net.squared_loss_and_gradient(t.X, t.Y).gradient;
  return std::max({(fast.forward(t.X) - net.forward(t.X)).cwiseAbs().maxCoeff(),
                   (Eigen::Map<const VecD>(g.data(), g.size()) - g_lib).cwiseAbs().maxCoeff(),
                   (fast.gram(t.X) - net.ntk_gram(t.X)).cwiseAbs().maxCoeff()});
}

struct GdReport {
  int steps = 0;                 // steps taken (stops at risk < 1e−3 or the budget)
  double risk0 = 0, risk = 0;    // (1/n)||r||² at the start and the end
  bool finite = true;
  double max_excess = -INFINITY; // max_t L_{t+1}/L_t − (1 − 2ηλ_min/n)² over the checked steps
  double max_eps = 0;            // max_t ε_t
  double max_step_ratio = 0;     // max_t η(λ_min + λ_max)(Ĥ_t)/n: the certificate needs <= 1
  double min_lambda = INFINITY;  // min_t λ_min(Ĥ_t) over the checked steps
  double max_ratio = 0;          // max_t L_{t+1}/L_t over the checked steps (> 1: the loss went up)
  double log_certified = 0;      // log of Π_t (1 − 2ηλ_min(Ĥ_t)/n)², each checked factor for `stride` steps
  int checked = 0;
};

// GD with step η for at most `budget` steps, stopping once the risk is < 1e−3 (when stop_early). Every
// `stride`-th step the certificate quantities are evaluated at W_t (Ĥ_t and its spectrum).
GdReport run_gd(const ScaledShallowNet<double>& net0, const SimTask& t, double eta, int budget, int stride,
                bool stop_early) {
  // Small GEMMs (20 × 500 × 10): one thread; OpenMP workers only spin on them (restored on return).
  const int threads = Eigen::nbThreads();
  Eigen::setNbThreads(1);
  FastNet net(net0);
  GdReport rep;
  const double n = static_cast<double>(t.X.rows());
  MatD r = net.forward(t.X) - t.Y;
  rep.risk0 = r.squaredNorm() / n;
  for (int k = 0; k < budget; ++k) {
    const double risk = r.squaredNorm() / n;
    if (!std::isfinite(risk) || risk > 1e12) {
      rep.finite = false;
      break;
    }
    if (stop_early && risk < 1e-3) break;
    const bool check = k % stride == 0;
    MatD H;
    if (check) H = net.gram(t.X);
    net.W -= eta * net.gradient(t.X, r);
    const MatD r_next = net.forward(t.X) - t.Y;
    if (check) {
      const VecD ev = Eigen::SelfAdjointEigenSolver<MatD>(H, Eigen::EigenvaluesOnly).eigenvalues();
      const double lmin = std::max(ev(0), 0.0), lmax = ev(ev.size() - 1);
      const double contraction = 1 - 2 * eta * lmin / n;
      const MatD linear = r - (2 * eta / n) * H * r;
      const double ratio = r_next.squaredNorm() / r.squaredNorm();
      rep.max_excess = std::max(rep.max_excess, ratio - contraction * contraction);
      rep.max_ratio = std::max(rep.max_ratio, ratio);
      rep.max_eps = std::max(rep.max_eps, (r_next - linear).norm() / r.norm());
      rep.max_step_ratio = std::max(rep.max_step_ratio, eta * (lmin + lmax) / n);
      rep.min_lambda = std::min(rep.min_lambda, lmin);
      rep.log_certified += stride * 2 * std::log(std::abs(contraction));
      ++rep.checked;
    }
    r = r_next;
    ++rep.steps;
  }
  rep.risk = r.squaredNorm() / n;
  Eigen::setNbThreads(threads);
  return rep;
}

}  // namespace

// P4. Measured (default seed 20261125): risk 1.04 → < 1e−3 after 1601 (γ = 1), 1764 (γ = 0.5), 3193
// (γ = 0.2) steps; η(λ_min + λ_max)/n <= 0.010 (the certificate's precondition holds with room);
// per-step excess L_{t+1}/L_t − (1 − 2ηλ_min/n)² at most 1.6e−4 / 4.7e−4 (γ = 0.5 / 0.2, ≤ 0 at γ = 1),
// always below the remainder slack 2ε_t + ε_t², with max ε_t = 8e−5, 9e−4, 2.7e−3. Asserted: risk < 1e−3
// within 5·10⁴ steps, the precondition, excess <= 2ε + ε² at the worst step (the exact slack), and
// ε <= 1e−2 (the linearisation remainder small against the contraction 2ηλ_min/n ≈ 1e−3 ... 1e−2 per
// unit of ε², i.e. the slack is second order).
TEST_CASE("node scaling P4: GD (gamma > 0) reaches risk < 1e-3 within 5e4 steps; ratio respects the certificate",
          "[spec][node-scaling]") {
  const SimTask t = simulated_task(20, 10, test::seed(), 0.1);
  struct Config {
    double gamma, alpha;
  };
  for (const Config c : {Config{1.0, 0.5}, Config{0.5, 0.7}, Config{0.2, 0.5}}) {
    const ScaledShallowNet<double> net(shallow(10, 500, c.gamma, c.alpha, test::seed() + 1));
    CHECK(library_mismatch(net, t) <= 1e-12);
    const GdReport rep = run_gd(net, t, 1.0, 50000, 1, true);
    INFO("gamma " << c.gamma << ": steps " << rep.steps << ", risk " << rep.risk0 << " -> " << rep.risk
                  << ", max excess " << rep.max_excess << ", max eps " << rep.max_eps << ", max eta(lmin+lmax)/n "
                  << rep.max_step_ratio << ", min lambda_min " << rep.min_lambda << ", certified bound "
                  << rep.risk0 * std::exp(rep.log_certified));
    CHECK(rep.finite);
    CHECK(rep.risk < 1e-3);
    CHECK(rep.steps <= 50000);
    CHECK(rep.max_step_ratio <= 1);
    CHECK(rep.max_excess <= 2 * rep.max_eps + rep.max_eps * rep.max_eps);
    CHECK(rep.max_eps <= 1e-2);
  }
}

// N1 (measured, default seed: risk 1.05 → 0.025 after 5·10⁴ steps, min λ_min(Ĥ_t) = 2e−10,
// certified bound 0.98). x_2 = x_1 + 1e−4 ξ (renormalised) with target y_2 = y_1 + 1; γ = 0, α = 0.4
// (the simulated task's γ = 0 configuration). λ_min(Ĥ) ≈ 0, so the certificate's bound
// L_0 Π_t (1 − 2ηλ_min(Ĥ_t)/n)² stays ≈ L_0 over 5·10⁴ steps (NOT CERTIFIED to reach 1e−3) and GD
// itself stays above 1e−3: the pair alone leaves ≈ (y_2 − y_1)²/(2n) unless the net separates two inputs
// 1e−4 apart. (With x_2's own sine target, |y_2 − y_1| small, GD ended at 1.02e−3 to 1.07e−3: too
// close to call, hence the explicit gap of 1.)
TEST_CASE("node scaling N1: gamma = 0 with near-parallel inputs: no risk < 1e-3 in 5e4 steps, not certified",
          "[spec][node-scaling][negative]") {
  SimTask t = simulated_task(20, 10, test::seed(), 0.1);
  data::Rng rng(test::seed() + 7);
  t.X.row(1) = t.X.row(0) + 1e-4 * rng.normal_matrix(1, 10, 1.0);
  t.X.row(1).normalize();
  t.Y(1, 0) = t.Y(0, 0) + 1.0;
  const ScaledShallowNet<double> net(shallow(10, 500, 0.0, 0.4, test::seed() + 1));
  const GdReport rep = run_gd(net, t, 1.0, 50000, 100, false);
  const double certified = rep.risk0 * std::exp(rep.log_certified);
  INFO("N1: steps " << rep.steps << ", risk " << rep.risk0 << " -> " << rep.risk << ", min lambda_min "
                    << rep.min_lambda << ", certified bound " << certified << ", |y2 - y1| "
                    << std::abs(t.Y(1, 0) - t.Y(0, 0)));
  CHECK(rep.finite);
  CHECK(rep.risk >= 1e-3);
  CHECK(certified >= 1e-3);
}

// N4. η > n/λ_max(Ĥ_0): the top mode's factor |1 − 2ηλ_max/n| exceeds 1, GD oscillates or diverges
// and the certificate's precondition η(λ_min + λ_max) <= n fails, so it must refuse. The
// positive twin is P4 (η = 1: η(λ_min + λ_max)/n <= 0.010). Same task and net as P4 with γ = 0.5,
// η = 3n/λ_max(Ĥ_0). Measured: default seed, the loss grows 21× in one step and passes 1e12 within 200
// steps; --rng-seed 2, it grows 10× and GD then converges anyway (the ReLU kernel shrinks: a
// "catapult"; also seen at 1.5n/λ_max for the default seed). So divergence is not asserted: N4 is
// the refused precondition and a per-step loss increase > 2× (oscillation).
TEST_CASE("node scaling N4: eta > n/lambda_max(H) makes GD oscillate/diverge; the certificate refuses",
          "[spec][node-scaling][negative]") {
  const SimTask t = simulated_task(20, 10, test::seed(), 0.1);
  const ScaledShallowNet<double> net(shallow(10, 500, 0.5, 0.7, test::seed() + 1));
  const double lmax = Eigen::SelfAdjointEigenSolver<MatD>(net.ntk_gram(t.X), Eigen::EigenvaluesOnly).eigenvalues().maxCoeff();
  const double eta = 3 * 20 / lmax;
  const GdReport rep = run_gd(net, t, eta, 200, 1, false);
  INFO("N4: eta " << eta << ", risk " << rep.risk0 << " -> " << rep.risk << " (finite " << rep.finite
                  << "), max eta(lmin+lmax)/n " << rep.max_step_ratio << ", max excess " << rep.max_excess << ", max ratio " << rep.max_ratio);
  CHECK(rep.max_step_ratio > 1);  // the certificate's precondition fails: it refuses
  CHECK(rep.max_ratio > 2);        // the loss more than doubles in a step (no per-step contraction)
}
