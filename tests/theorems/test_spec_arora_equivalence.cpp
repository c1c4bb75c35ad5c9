// docs/theorems/arora-2019-ntk-gram.md (statement and tests) "Arora: a wide ReLU net trained on all layers (small κ, small step) gives
// test outputs approaching f_ntk as m grows", f_ntk(x) = Θ(x, X)Θ(X, X)⁻¹y. Negative twin: training
// only the read-out gives the random-features (NNGP) predictor, which does not approach f_ntk.
//
// Net: the library's Mlp, widths {d, m, 1}, NTK parameterisation, σ_w = √2, no bias, ReLU:
//   f(x) = W²relu(W¹x/√d)/√m, W ~ N(0, 2).
// Its tangent kernel at init tends to Θ_mlp = Θ/2, Θ = fc_kernel(model scaling, σ_w = √2, depth 1):
// the read-out term is (1/m)Σ relu·relu → Σ¹/2, the first-layer term (1/m)Σ_i (W²_i)² 1{·}1{·}xᵀx'/d
// → Σ̇¹Σ⁰/2 (Σ⁰ = 2xᵀx'/d, Σ¹ = 2E[relu relu], Σ̇¹ = 2E[1{·}1{·}]). f_ntk does not see the factor ½.
// Output scaled by κ: g = κf trained on ½Σ(g(x_i) − y_i)² by GD is exactly GD on the library loss
// (1/(2n))||f − Y/κ||² with step η_lib = η·κ²·n (∇_θ of the first is κ²·n·∇_θ of the second),
// so we train f on Y/κ with the library's trainer and read the prediction as κ·f.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <Eigen/Eigenvalues>

#include "log_log_slope.hpp"
#include "nncert/data/random.hpp"
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/kernels/kernel_regression.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/train/trainer.hpp"
#include "test_support.hpp"

using namespace nncert;

namespace {

MatD unit_rows(Index n, Index d, std::uint64_t seed) {
  MatD X = data::Rng(seed).normal_matrix(n, d, 1.0);
  for (Index i = 0; i < n; ++i) X.row(i).normalize();
  return X;
}

kernels::FcKernelSpec model_kernel() {
  kernels::FcKernelSpec k;
  k.depth = 1;
  k.paper_scaling = false;
  k.sigma_w = std::sqrt(2.0);
  return k;
}

models::MlpConfig mlp(Index d, Index m, std::uint64_t seed) {
  models::MlpConfig c;
  c.widths = {d, m, 1};
  c.parameterization = models::Parameterization::ntk;
  c.bias = false;
  c.sigma_w = std::sqrt(2.0);
  c.seed = seed;
  return c;
}

struct Task {
  MatD X, Y, Xtest;
};

constexpr double kKappa = 0.05;

Task task() {
  Task t;
  const Index n = 4;
  t.X = unit_rows(n, 4, 90);
  t.Y = data::Rng(91).normal_matrix(n, 1, 1.0);
  t.Xtest = unit_rows(4, 4, 92);
  return t;
}

double lambda_max(const MatD& a) {
  return Eigen::SelfAdjointEigenSolver<MatD>(a, Eigen::EigenvaluesOnly).eigenvalues().maxCoeff();
}

// κ·f(Xtest) after GD on `block` ("all" or "output") of a width-m net from seed `seed`, with the
// effective step η = 1/(2λ_max) on ½||κf − y||² (λ_max of the limiting tangent kernel of the block:
// Θ/2 or Σ¹/2; the factor ½ of the descent-lemma step leaves room for the kernel moving at small m).
// 400 steps: the limiting condition number is 4.6 (Θ, eigenvalues 0.36..1.65), so the residual
// shrinks by ≈ (1 − 0.36/3.3)^400 ≈ 1e-20 (a trial at m = 256..4096 recorded final losses <= 1e-28).
MatD trained_prediction(const Task& t, Index m, std::uint64_t seed, const std::string& block, double lam_max) {
  models::Mlp<double> net(mlp(t.X.cols(), m, seed));
  train::TrainConfig cfg;
  cfg.algorithm = train::Algorithm::gd;
  cfg.block = block;
  cfg.step_size = 0.5 * static_cast<double>(t.X.rows()) / lam_max;  // η_lib = η·κ²·n, η = 1/(2λ_max κ²)
  cfg.threads = 1;
  cfg.steps = 400;
  cfg.record_every = cfg.steps;
  cfg.gram_every = 0;
  train::train(net, t.X, t.Y / kKappa, cfg);
  return kKappa * net.forward(t.Xtest);
}

struct Predictors {
  MatD ntk, nngp;  // Θ(x,X)Θ⁻¹y and Σ(x,X)Σ⁻¹y at the test inputs
  double lam_max_ntk = 0, lam_max_nngp = 0;
};

Predictors predictors(const Task& t) {
  const auto spec = model_kernel();
  Predictors p;
  for (const auto kind : {kernels::KernelKind::ntk, kernels::KernelKind::nngp}) {
    const MatD K = kernels::fc_kernel(t.X, spec, kind);
    const MatD f = kernels::predict_kernel_ridge(kernels::fc_kernel_cross(t.Xtest, t.X, spec, kind),
                                                 kernels::fit_kernel_ridge(K, t.Y, 0.0));
    (kind == kernels::KernelKind::ntk ? p.ntk : p.nngp) = f;
    (kind == kernels::KernelKind::ntk ? p.lam_max_ntk : p.lam_max_nngp) = lambda_max(K) / 2;  // Mlp's = ½
  }
  return p;
}

// Seed mean of max_test |κf_net − target| per width, for each target (the same trained nets).
std::vector<std::vector<double>> gaps(const Task& t, const std::vector<double>& widths, const std::string& block,
                                      double lam_max, const std::vector<MatD>& targets) {
  std::vector<std::vector<double>> out(targets.size());
  const int seeds = 6;
  for (double m : widths) {
    std::vector<double> e(targets.size(), 0.0);
    for (int s = 0; s < seeds; ++s) {
      const std::uint64_t seed = test::seed() + 1000 * static_cast<std::uint64_t>(s);
      const MatD p = trained_prediction(t, static_cast<Index>(m), seed, block, lam_max);
      for (std::size_t k = 0; k < targets.size(); ++k) e[k] += (p - targets[k]).cwiseAbs().maxCoeff() / seeds;
    }
    for (std::size_t k = 0; k < targets.size(); ++k) out[k].push_back(e[k]);
  }
  return out;
}

}  // namespace

// Task: 4 training and 4 test inputs, uniform on S³ (seeded), targets N(0, 1). κ = 0.05, widths
// 256..4096, 6 seeds per width. Error budget of |κf_net − f_ntk| (lazy-training picture): the
// finite-width kernel fluctuation ∝ m^(−1/2), the weights' motion ∝ 1/(κ√m), and a floor
// κ·|f0(x) − Θ(x,X)Θ⁻¹f0(X)| from the random initial output that only κ → 0 removes (the theorem's
// 1/κ = poly(1/ε)). Measured (default seed 20261125): 0.31, 0.21, 0.18, 0.15, 0.12 (slope −0.33;
// --rng-seed 1, 2, 3 pass too). We assert a slope <= −0.25, a 2× drop from m = 256 to 4096, and an
// end point below half of max|f_nngp − f_ntk| = 0.33; the twin (read-out only) stays at ≈ 0.31–0.41.
TEST_CASE("ntk Arora: all-layer GD on a wide ReLU net (small kappa) approaches f_ntk as m grows",
          "[spec][ntk][arora]") {
  const Task t = task();
  const Predictors p = predictors(t);
  const std::vector<double> widths = {256, 512, 1024, 2048, 4096};
  const auto err = gaps(t, widths, "all", p.lam_max_ntk, {p.ntk})[0];
  const double slope = test::log_log_slope(widths, err);
  INFO("max |kappa f_net - f_ntk|: " << err[0] << ", " << err[1] << ", " << err[2] << ", " << err[3] << ", "
                                     << err[4] << "; slope " << slope);
  CHECK(slope <= -0.25);
  CHECK(err.back() <= 0.5 * err.front());
  CHECK(err.back() <= 0.5 * (p.nngp - p.ntk).cwiseAbs().maxCoeff());
}

// Twin: with only the read-out trained the net is a linear model on frozen random features, so GD
// converges to κf0 + Σ_m(x,X)Σ_m⁻¹(y − κf0(X)) with the empirical NNGP Σ_m → Σ¹/2: the random-features
// predictor f_nngp, not f_ntk. max|f_nngp − f_ntk| on this task is 0.33 (library kernels), so the gap
// must stay near it (measured 0.41, 0.33, 0.31 at m = 256, 1024, 4096, slope −0.09) while the
// read-out-only net does approach f_nngp (measured 0.27, 0.15, 0.078).
TEST_CASE("ntk Arora twin: read-out-only GD gives the NNGP predictor and does not approach f_ntk",
          "[spec][ntk][arora][negative]") {
  const Task t = task();
  const Predictors p = predictors(t);
  const double ntk_nngp = (p.nngp - p.ntk).cwiseAbs().maxCoeff();
  const std::vector<double> widths = {256, 1024, 4096};
  const auto both = gaps(t, widths, "output", p.lam_max_nngp, {p.ntk, p.nngp});
  const auto& err = both[0];
  const auto& err_nngp = both[1];
  const double slope = test::log_log_slope(widths, err);
  INFO("|f_nngp - f_ntk| " << ntk_nngp << "; max |kappa f_net - f_ntk|: " << err[0] << ", " << err[1] << ", "
                           << err[2] << " (slope " << slope << "); vs f_nngp: " << err_nngp[0] << ", "
                           << err_nngp[1] << ", " << err_nngp[2]);
  CHECK(slope > -0.2);
  CHECK(err.back() >= 0.75 * ntk_nngp);
  CHECK(err_nngp.back() <= 0.5 * err.back());
}
