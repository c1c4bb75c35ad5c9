// spec/ntk.md §4 and §8 "Arora: a wide ReLU net trained on all layers (small κ, small step) gives
// test outputs approaching f_ntk as m grows", f_ntk(x) = Θ(x, X)Θ(X, X)⁻¹y. Negative twin: training
// only the read-out gives the random-features (NNGP) predictor, which does not approach f_ntk.
//
// Net: the library's Mlp, widths {d, m, 1}, NTK parameterisation, σ_w = √2, no bias, ReLU:
//   f(x) = W²relu(W¹x/√d)/√m, W ~ N(0, 2).
// Its tangent kernel at init tends to Θ_mlp = Θ/2, Θ = fc_kernel(model scaling, σ_w = √2, depth 1):
// the read-out term is (1/m)Σ relu·relu → Σ¹/2, the first-layer term (1/m)Σ_i (W²_i)² 1{·}1{·}xᵀx'/d
// → Σ̇¹Σ⁰/2 (Σ⁰ = 2xᵀx'/d, Σ¹ = 2E[relu relu], Σ̇¹ = 2E[1{·}1{·}]). f_ntk does not see the factor ½.
// Output scaled by κ: g = κf trained on ½Σ(g(x_i) − y_i)² by GD is exactly GD on the library loss
// (1/(2n))||f − Y/κ||² with the step multiplied by n/κ² (∇_θ of the first is κ²·n·∇_θ of the second),
// so we train f on Y/κ with the library's trainer and read the prediction as κ·f.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
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

double env_d(const char* k, double d) {
  const char* v = std::getenv(k);
  return v ? std::atof(v) : d;
}

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

Task task() {
  Task t;
  t.X = unit_rows(6, 4, 90);
  t.Y = data::Rng(91).normal_matrix(6, 1, 1.0);
  t.Xtest = unit_rows(4, 4, 92);
  return t;
}

double lambda_max(const MatD& a) {
  return Eigen::SelfAdjointEigenSolver<MatD>(a, Eigen::EigenvaluesOnly).eigenvalues().maxCoeff();
}

// κ·f(Xtest) after GD on `block` ("all" or "output") of a width-m net; effective step on ½||κf − y||²
// is 1/λ_max of the limiting kernel of that block (Θ/2 or Σ¹/2).
MatD trained_prediction(const Task& t, Index m, std::uint64_t seed, double kappa, const std::string& block,
                        double lam_max, Index steps) {
  models::Mlp<double> net(mlp(t.X.cols(), m, seed));
  train::TrainConfig cfg;
  cfg.algorithm = train::Algorithm::gd;
  cfg.block = block;
  const double n = static_cast<double>(t.X.rows());
  cfg.step_size = n / (kappa * kappa * lam_max);
  cfg.steps = steps;
  cfg.record_every = steps;
  cfg.gram_every = 0;
  const auto traj = train::train(net, t.X, t.Y / kappa, cfg);
  INFO("final library loss " << traj.final_loss());
  return kappa * net.forward(t.Xtest);
}

}  // namespace

TEST_CASE("ntk Arora: all-layer training of a wide ReLU net approaches f_ntk as m grows", "[spec][ntk][arora]") {
  const Task t = task();
  const auto spec = model_kernel();
  const MatD K = kernels::fc_kernel(t.X, spec, kernels::KernelKind::ntk);
  const MatD Kt = kernels::fc_kernel_cross(t.Xtest, t.X, spec, kernels::KernelKind::ntk);
  const MatD f_ntk = kernels::predict_kernel_ridge(Kt, kernels::fit_kernel_ridge(K, t.Y, 0.0));
  const MatD S = kernels::fc_kernel(t.X, spec, kernels::KernelKind::nngp);
  const MatD St = kernels::fc_kernel_cross(t.Xtest, t.X, spec, kernels::KernelKind::nngp);
  const MatD f_nngp = kernels::predict_kernel_ridge(St, kernels::fit_kernel_ridge(S, t.Y, 0.0));
  const double kappa = env_d("KAPPA", 0.05);
  const Index steps = static_cast<Index>(env_d("STEPS", 2000));
  const int seeds = static_cast<int>(env_d("SEEDS", 3));
  {
    auto ev = Eigen::SelfAdjointEigenSolver<MatD>(K, Eigen::EigenvaluesOnly).eigenvalues();
    WARN("Theta eig " << ev.transpose() << " |f_nngp - f_ntk| " << (f_nngp - f_ntk).cwiseAbs().maxCoeff());
    models::Mlp<double> net(mlp(4, 4096, 1));
    WARN("emp ntk*2 - Theta max " << (2 * net.ntk_gram(t.X) - K).cwiseAbs().maxCoeff());
  }
  std::vector<double> widths = {256, 512, 1024, 2048, 4096}, err, err_out, err_out_nngp;
  for (double m : widths) {
    double e = 0, eo = 0, eon = 0;
    for (int s = 0; s < seeds; ++s) {
      const MatD p = trained_prediction(t, static_cast<Index>(m), 100 + s, kappa, "all", lambda_max(K) / 2, steps);
      e += (p - f_ntk).cwiseAbs().maxCoeff() / seeds;
      const MatD q = trained_prediction(t, static_cast<Index>(m), 100 + s, kappa, "output", lambda_max(S) / 2, steps);
      eo += (q - f_ntk).cwiseAbs().maxCoeff() / seeds;
      eon += (q - f_nngp).cwiseAbs().maxCoeff() / seeds;
    }
    err.push_back(e);
    err_out.push_back(eo);
    err_out_nngp.push_back(eon);
    WARN("m " << m << " err " << e << " out-vs-ntk " << eo << " out-vs-nngp " << eon);
  }
  WARN("slope " << test::log_log_slope(widths, err) << " out " << test::log_log_slope(widths, err_out));
}
