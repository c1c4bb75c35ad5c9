#pragma once
// Instances of docs/theorems/kawaguchi-sun-2021-expressivity.md shared by the trainer tests: POS-0 (n = 8, d = 3, one tanh
// hidden layer of width m = 10, m_y = 1) and its negative twin NEG-width (m = 6 < n), with inputs
// x_i ~ N(0, I_d) and targets y_i ~ N(0, 1), both seeded.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include <Eigen/Eigenvalues>

#include "nncert/models/mlp.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::test {

struct Instance {
  MatD X, Y;
  models::MlpConfig config;
};

inline MatD gaussian_matrix(Index rows, Index cols, std::uint64_t seed) {
  boost::random::mt19937_64 engine(seed);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  MatD m(rows, cols);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) m(i, j) = normal(engine);
  return m;
}

// widths {d, m, 1}, tanh, biases, θ0 seeded by `seed`.
inline Instance kawaguchi_instance(Index n, Index d, Index m, std::uint64_t seed,
                                   models::Activation activation = models::Activation::tanh) {
  Instance inst;
  inst.X = gaussian_matrix(n, d, seed + 1);
  inst.Y = gaussian_matrix(n, 1, seed + 2);
  inst.config.widths = {d, m, 1};
  inst.config.activation = activation;
  inst.config.bias = true;
  inst.config.seed = seed;
  return inst;
}

// Default seed 18: among seeds 1..60 one of the better conditioned POS-0 draws, κ(J_S J_Sᵀ) ≈ 1.2e3
// for S = the output layer at θ0 and ≈ 1.0e3 after 200 auto-step GD steps on all parameters (most
// seeds give 1e3–1e5), so the exact-rate tests finish in a few 1e4 steps.
inline Instance pos0(std::uint64_t seed = 18) { return kawaguchi_instance(8, 3, 10, seed); }
inline Instance neg_width(std::uint64_t seed = 18) { return kawaguchi_instance(8, 3, 6, seed); }

// A linear model f(x) = wᵀx (widths {4, 1}, no bias) on n = 6 Gaussian points, whose gradient flow is
// known in closed form: J = X, dr/dt = −(1/n) X Xᵀ r, so with X Xᵀ = Q Λ Qᵀ
//   L(t) = (1/(2n)) Σ_i e^{−2tλ_i/n} (q_iᵀ r_0)².   p = 4 < n = 6: two λ_i are 0 (a plateau).
struct LinearFlow {
  Index n = 6, d = 4;
  MatD X = gaussian_matrix(n, d, 21);
  MatD Y = gaussian_matrix(n, 1, 22);
  models::MlpConfig config;
  VecD lambda, c;  // eigenvalues of X Xᵀ and the initial residual in their eigenbasis

  LinearFlow() {
    config.widths = {d, 1};
    config.bias = false;
    config.seed = 23;
    const VecD r0 = models::Mlp<double>(config).forward(X).col(0) - Y.col(0);
    const Eigen::SelfAdjointEigenSolver<MatD> eig(X * X.transpose());
    lambda = eig.eigenvalues();
    c = eig.eigenvectors().transpose() * r0;
  }

  double loss_at(double t) const {
    double l = 0;
    for (Index i = 0; i < n; ++i) l += std::exp(-2 * t * std::max(lambda(i), 0.0) / static_cast<double>(n)) * c(i) * c(i);
    return l / (2 * static_cast<double>(n));
  }
};

}  // namespace nncert::test
