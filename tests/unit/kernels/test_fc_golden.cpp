// Golden values of docs/kernels.md#worked-values (closed forms in mpmath at 50 digits, re-checked there by 2-D
// Gaussian quadrature and Monte Carlo of finite nets). Inputs x1 = (1,0,0), x2 = (0.6,0.8,0),
// x3 = (0,0.6,0.8); paper scaling (Σ⁰ = xᵀx', σ_w² = c_σ, no bias).
#include <cmath>

#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>

#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/kernels/h_infinity.hpp"

using namespace nncert;
using namespace nncert::kernels;

namespace {
MatD spec_inputs() {
  MatD X(3, 3);
  X << 1, 0, 0, 0.6, 0.8, 0, 0, 0.6, 0.8;
  return X;
}
FcKernelSpec relu(int depth) {
  FcKernelSpec s;
  s.depth = depth;
  return s;
}
bool rel_close(double got, double want, double tol = 1e-13) {
  return std::abs(got - want) <= tol * std::max(1.0, std::abs(want));
}
double lambda_min(const MatD& K) { return Eigen::SelfAdjointEigenSolver<MatD>(K).eigenvalues()(0); }
}  // namespace

TEST_CASE("ReLU NNGP and NTK match docs/kernels.md#worked-values for depths 1-3", "[kernels][golden]") {
  const MatD X = spec_inputs();
  // rows: depth h; columns (1,2), (1,3), (2,3)
  const double sigma[3][3] = {{0.677547567766512608, 0.318309886183790672, 0.595737637932031100},
                              {0.733433785825562243, 0.493731090200371548, 0.674546924889701226},
                              {0.775312434844067926, 0.604825720112944547, 0.731224386401290927}};
  const double theta[3][3] = {{1.10044722658599268, 0.318309886183790672, 0.912232043303014897},
                              {1.54441630067721021, 0.685708636282942492, 1.31597393873911599},
                              {1.95228668518465244, 1.06038810680258304, 1.69933506235188432}};
  const double lmin[3] = {0.716875831345223961, 1.27668741614973802, 1.87612793681324859};
  const int pi[3] = {0, 0, 1}, pj[3] = {1, 2, 2};
  for (int h = 1; h <= 3; ++h) {
    const MatD S = fc_kernel(X, relu(h), KernelKind::nngp);
    const MatD T = fc_kernel(X, relu(h), KernelKind::ntk);
    for (int k = 0; k < 3; ++k) {
      INFO("depth " << h << " pair " << k);
      CHECK(rel_close(S(pi[k], pj[k]), sigma[h - 1][k]));
      CHECK(rel_close(T(pi[k], pj[k]), theta[h - 1][k]));
      CHECK(S(pj[k], pi[k]) == S(pi[k], pj[k]));
    }
    for (int i = 0; i < 3; ++i) {
      CHECK(S(i, i) == 1.0);
      CHECK(T(i, i) == h + 1.0);
    }
    CHECK(rel_close(lambda_min(T), lmin[h - 1], 1e-12));
  }
}

TEST_CASE("a wrong golden value is detected (negative twin)", "[kernels][golden]") {
  const MatD T = fc_kernel(spec_inputs(), relu(1), KernelKind::ntk);
  CHECK_FALSE(rel_close(T(0, 1), 1.10044722658599268 * (1 + 1e-12)));
  // Depth 2 value is not the depth 1 value.
  CHECK_FALSE(rel_close(fc_kernel(spec_inputs(), relu(2), KernelKind::ntk)(0, 1), 1.10044722658599268));
}

TEST_CASE("erf NTK matches docs/kernels.md#worked-values", "[kernels][golden]") {
  const MatD X = spec_inputs();
  FcKernelSpec s;
  s.activation = KernelActivation::erf;
  s.depth = 1;
  const MatD S1 = fc_kernel(X, s, KernelKind::nngp);
  const MatD T1 = fc_kernel(X, s, KernelKind::ntk);
  CHECK(rel_close(S1(0, 1), 0.563932095153447771));
  CHECK(rel_close(T1(0, 0), 2.22570000378569071));
  CHECK(rel_close(T1(0, 1), 1.16201245670718425));
  CHECK(rel_close(T1(1, 2), 0.909229280772750302));
  CHECK(std::abs(T1(0, 2)) <= 1e-300);
  CHECK(rel_close(lambda_min(T1), 0.750243859213037355, 1e-12));
  s.depth = 2;
  const MatD T2 = fc_kernel(X, s, KernelKind::ntk);
  CHECK(rel_close(T2(0, 0), 3.72804050306593292));
  CHECK(rel_close(T2(0, 1), 1.67382020358962335));
  CHECK(rel_close(T2(1, 2), 1.28414271946296631));
  CHECK(rel_close(lambda_min(T2), 1.61837308901827058, 1e-12));
  // unit inputs keep Σʰ(x,x) = 1 with c_σ
  CHECK(rel_close(fc_kernel(X, s, KernelKind::nngp)(1, 1), 1.0));
}

TEST_CASE("Du et al. H-infinity matches docs/kernels.md#worked-values", "[kernels][golden]") {
  const MatD X = spec_inputs();
  const MatD H = h_infinity(X);
  CHECK(H(0, 0) == 0.5);
  CHECK(rel_close(H(0, 1), 0.211449829409740028));
  CHECK(rel_close(H(1, 2), 0.158247202685491892));
  CHECK(H(0, 2) == 0.0);
  CHECK(rel_close(lambda_min(H), 0.235891674657553987, 1e-12));
  // 2H∞ = Σ⁰ ⊙ Σ̇¹: Θ¹ = Σ⁰⊙Σ̇¹ + Σ¹
  const MatD T1 = fc_kernel(X, relu(1), KernelKind::ntk);
  const MatD S1 = fc_kernel(X, relu(1), KernelKind::nngp);
  CHECK(((2 * H) - (T1 - S1)).cwiseAbs().maxCoeff() <= 1e-15);
}

TEST_CASE("generic reference evaluation agrees with the fast path", "[kernels][golden]") {
  const MatD X = spec_inputs();
  for (auto act : {KernelActivation::relu, KernelActivation::erf, KernelActivation::leaky_relu, KernelActivation::abs,
                   KernelActivation::identity}) {
    FcKernelSpec s;
    s.activation = act;
    s.depth = 3;
    s.leaky_slope = 0.2;
    for (auto kind : {KernelKind::nngp, KernelKind::ntk}) {
      const MatD fast = fc_kernel(X, s, kind);
      const MatD ref = fc_kernel_reference<double>(X, s, kind);
      INFO(to_string(act));
      CHECK((fast - ref).cwiseAbs().maxCoeff() <= 1e-13 * ref.cwiseAbs().maxCoeff());
    }
  }
}
