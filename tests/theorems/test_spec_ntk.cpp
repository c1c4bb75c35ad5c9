// docs/theorems/du-2019-h-infinity.md#tests-that-pin-it: regression cases for Du et al. (two-layer ReLU, the H∞ Gram, the theorem), with negative
// twins: ||H(0) − H∞||₂ falls like m^(−1/2), and the cumulative (1 − ηλ0/2)^k bound on the three inputs of
// docs/kernels.md#worked-values.
//
// Du's net f(x) = (1/√m) Σ_r a_r relu(w_rᵀx), w_r ~ N(0, I), a_r ∈ {±1} fixed, is the scaled-shallow
// model with γ = 1 (λ_j = 1/m) and weight_std = √d: its w_j = √d·w'_j with w'_j ~ N(0, I) and
// relu(w_j·x/√d) = relu(w'_j·x). Hence H(0)_ij = (x_iᵀx_j/m) Σ_r 1{·}1{·} = d·Ĥ(W) (library Gram,
// docs/theorems/caron-2023-node-scaling.md), and GD with step η on Du's loss ½||u − y||² in w' is
// w ← w − η·d·n·∇_w L_library (∇_{w'} = √d ∇_w, ½||u − y||² = n·L_library).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/Eigenvalues>

#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/kernels/h_infinity.hpp"
#include "nncert/data/random.hpp"
#include "nncert/linalg/certify_spd.hpp"
#include "nncert/numeric/interval.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "log_log_slope.hpp"

using namespace nncert;
using namespace nncert::models;

namespace {

// docs/kernels.md#worked-values: x1 = (1,0,0), x2 = (0.6,0.8,0), x3 = (0,0.6,0.8); λ0 = λ_min(H∞) =
// 0.235891674657553987 (computed with mpmath; provenance: docs/kernels.md#worked-values).
MatD spec_inputs() {
  MatD X(3, 3);
  X << 1, 0, 0, 0.6, 0.8, 0, 0, 0.6, 0.8;
  return X;
}
constexpr double kLambda0 = 0.235891674657553987;

ScaledShallowConfig du_net(Index m, std::uint64_t seed) {
  ScaledShallowConfig c;
  c.input_dim = 3;
  c.width = m;
  c.gamma = 1.0;
  c.seed = seed;
  c.weight_std = std::sqrt(3.0);
  return c;
}

double spectral_norm(const MatD& a) {
  return Eigen::SelfAdjointEigenSolver<MatD>(a, Eigen::EigenvaluesOnly).eigenvalues().cwiseAbs().maxCoeff();
}


// Seed means of ||H(0) − target||₂ over widths 10², 10³, 10⁴, 10⁵ (the widths of an earlier measurement).
std::vector<double> gram_errors(const MatD& target, const std::vector<double>& widths, int seeds) {
  const MatD X = spec_inputs();
  std::vector<double> out;
  for (double m : widths) {
    double e = 0;
    for (int s = 0; s < seeds; ++s) {
      const ScaledShallowNet<double> net(du_net(static_cast<Index>(m), 50 + static_cast<std::uint64_t>(s)));
      e += spectral_norm(3.0 * net.ntk_gram(X) - target) / seeds;
    }
    out.push_back(e);
  }
  return out;
}

}  // namespace

// Each entry of H(0) is a mean of m i.i.d. indicator products (bounded, mean H∞_ij), so the error
// has standard deviation ∝ m^(−1/2) (CLT); the 3×3 spectral norm keeps that rate. An earlier single
// seed measured 0.105, 0.056, 0.0060, 0.0011 (slope ≈ −0.67); with 8 seeds per width the fitted
// slope's sampling error over three decades is ≈ ±0.05, so [−0.65, −0.35] is an honest interval
// around −1/2 that a non-concentrating Gram (slope 0) or a 1/m law (slope −1) cannot enter.
TEST_CASE("ntk Du: ||H(0) - H_inf||_2 falls like m^(-1/2) (log-log slope in [-0.65, -0.35])", "[spec][ntk]") {
  const MatD Hinf = kernels::h_infinity(spec_inputs());
  CHECK(Eigen::SelfAdjointEigenSolver<MatD>(Hinf).eigenvalues()(0) == Approx(kLambda0).epsilon(1e-13));
  const std::vector<double> widths = {1e2, 1e3, 1e4, 1e5};
  const auto err = gram_errors(Hinf, widths, 8);
  const double slope = test::log_log_slope(widths, err);
  INFO("errors " << err[0] << ", " << err[1] << ", " << err[2] << ", " << err[3] << "; slope " << slope);
  CHECK(slope >= -0.65);
  CHECK(slope <= -0.35);
  // Du's proof chain needs ||H(0) − H∞||₂ <= λ0/4 (docs/theorems/du-2019-h-infinity.md): reached in seed mean
  // by m = 10⁴.
  CHECK(err[2] <= kLambda0 / 4);
}

// Twin: H(0) concentrates around H∞ and nothing else. Against Σ⁰/4 (the arc-cosine factor
// (π − θ)/(2π) frozen at its orthogonal value 1/4) the error stops falling at ||H∞ − Σ⁰/4||₂.
TEST_CASE("ntk Du twin: H(0) does not concentrate around a wrong kernel (slope near 0)", "[spec][ntk][negative]") {
  const MatD X = spec_inputs();
  const MatD wrong = X * X.transpose() / 4.0;
  const std::vector<double> widths = {1e2, 1e3, 1e4, 1e5};
  const auto err = gram_errors(wrong, widths, 4);
  const double slope = test::log_log_slope(widths, err);
  INFO("slope " << slope);
  CHECK(slope > -0.2);
  CHECK(err.back() >= 0.9 * spectral_norm(kernels::h_infinity(X) - wrong));
}

namespace {

// Worst ratio max_k ||u(k) − y||² / ((1 − ηλ0/2)^k ||u(0) − y||²) over k <= steps, counted while the
// loss is above 10⁻²⁰·||u(0) − y||² (in an earlier measurement ratios > 1 appeared only at ≈ 10⁻²⁹).
double worst_du_ratio(Index m, std::uint64_t seed, double eta, int steps) {
  const MatD X = spec_inputs();
  MatD Y(3, 1);
  Y << 1, -1, 0.5;  // the setting of the earlier measurement
  ScaledShallowNet<double> net(du_net(m, seed));
  const double n = 3, d = 3;
  double first = 0, worst = 0;
  for (int k = 0; k <= steps; ++k) {
    const auto lg = net.squared_loss_and_gradient(X, Y);
    const double sq = 2 * n * lg.loss;  // ||u(k) − y||²
    if (k == 0) first = sq;
    if (sq > 1e-20 * first) worst = std::max(worst, sq / (std::pow(1 - eta * kLambda0 / 2, k) * first));
    if (!std::isfinite(sq)) return INFINITY;
    net.set_params(net.params() - eta * d * n * lg.gradient);
  }
  return worst;
}

}  // namespace

// Du et al. Thm (docs/theorems/du-2019-h-infinity.md): ||u(k) − y||² <= (1 − ηλ0/2)^k ||u(0) − y||²
// for all k, at an earlier measured setting (η = 0.5, 400 steps, y = (1, −1, 0.5)) with m = 2000
// (between the measured 10³ and 10⁴) and two fixed seeds.
TEST_CASE("ntk Du: the cumulative (1 - eta lambda0/2)^k bound holds on spec section 2 inputs (m = 2000)", "[spec][ntk]") {
  for (std::uint64_t seed : {60, 61}) {
    const double worst = worst_du_ratio(2000, seed, 0.5, 400);
    INFO("seed " << seed << ": worst ratio " << worst);
    CHECK(worst <= 1.0);
  }
}

// Twin (node_scaling N4 analogue): η = 6 > 2/λ_max(H∞) ≈ 2.6 (λ_max = 0.764108325342446013, mpmath)
// makes GD oscillate/diverge; the bound must fail.
TEST_CASE("ntk Du twin: with eta = 6 > 2/lambda_max the (1 - eta lambda0/2)^k bound fails", "[spec][ntk][negative]") {
  for (std::uint64_t seed : {60, 61}) {
    const double worst = worst_du_ratio(2000, seed, 6.0, 50);
    INFO("seed " << seed << ": worst ratio " << worst);
    CHECK(worst > 1.0);
  }
}

namespace {

// λ_min > 0 claim for a Gram enclosure ⟨mid, rad⟩ (what the ntk_gram verifier certifies,
// docs/theorems/arora-2019-ntk-gram.md).
Verdict gram_verdict(const linalg::MatrixEnclosure& g) { return linalg::certify_lambda_min(g.mid, g.rad).verdict; }

kernels::FcKernelSpec relu_ntk(int depth) {
  kernels::FcKernelSpec k;
  k.depth = depth;
  return k;  // paper scaling, ReLU, no bias (docs/kernels.md#fully-connected-kernels)
}

}  // namespace

// Certified λ_min > 0 for distinct non-parallel unit inputs: 10 seeded unit vectors in R^5
// (pairwise non-parallel with probability 1), ReLU NTK Θ¹, Θ² and Du's H∞, and the three
// inputs of docs/kernels.md#worked-values.
TEST_CASE("ntk: lambda_min > 0 is certified for distinct non-parallel unit inputs (Theta^1, Theta^2, H_inf)",
          "[spec][ntk]") {
  MatD X = data::Rng(70).normal_matrix(10, 5, 1.0);
  for (Index i = 0; i < X.rows(); ++i) X.row(i).normalize();
  for (const MatD& inputs : {X, spec_inputs()}) {
    CHECK(gram_verdict(kernels::fc_kernel_enclosure(inputs, relu_ntk(1), kernels::KernelKind::ntk)) == Verdict::certified);
    CHECK(gram_verdict(kernels::fc_kernel_enclosure(inputs, relu_ntk(2), kernels::KernelKind::ntk)) == Verdict::certified);
    CHECK(gram_verdict(kernels::h_infinity_enclosure(inputs)) == Verdict::certified);
  }
}

// Twin (the negative instance of docs/kernels.md#worked-values): x4 = 2·x2 is parallel to x2; by
// positive homogeneity Θ(2x2, ·) = 2Θ(x2, ·) and H∞ rows are proportional too, so λ_min = 0 exactly:
// never certified. The same for a duplicated unit input.
TEST_CASE("ntk twin: a parallel pair (x4 = 2 x2, or a duplicate) makes lambda_min = 0 and is never certified",
          "[spec][ntk][negative]") {
  const MatD X = spec_inputs();
  MatD parallel(4, 3), duplicate(4, 3);
  parallel << X, 2 * X.row(1);
  duplicate << X, X.row(1);
  for (const MatD& inputs : {parallel, duplicate}) {
    CHECK(gram_verdict(kernels::fc_kernel_enclosure(inputs, relu_ntk(1), kernels::KernelKind::ntk)) != Verdict::certified);
    CHECK(gram_verdict(kernels::fc_kernel_enclosure(inputs, relu_ntk(2), kernels::KernelKind::ntk)) != Verdict::certified);
  }
  CHECK(gram_verdict(kernels::h_infinity_enclosure(duplicate)) != Verdict::certified);
}

// docs/kernels.md#worked-values: antiparallel x4 = −x2 is harmless (Θ^L(x2, −x2) = 0 for L >= 1),
// so λ_min > 0 is certified. Regression test of a soundness bug this case found: with Boost's
// rounded_arith_std policy the Release build (-O3) of kernels' dual_activation.cpp returned an EMPTY
// interval (NaN radius) for κ1 at ρ one ulp above −1 (the same source at -O0 gave [0, 5.7e-16]), because
// GCC moved/merged the double operations across the rounding-mode switches (GCC bug 34678). Fixed in
// nncert/numeric/interval.hpp (mode-free one-ulp-outward policy).
TEST_CASE("ntk: antiparallel inputs (x4 = -x2) keep lambda_min > 0 certified", "[spec][ntk]") {
  const MatD X = spec_inputs();
  MatD antiparallel(4, 3);
  antiparallel << X, -X.row(1);
  const auto g = kernels::fc_kernel_enclosure(antiparallel, relu_ntk(2), kernels::KernelKind::ntk);
  CHECK(g.rad.allFinite());
  CHECK(gram_verdict(g) == Verdict::certified);
}

namespace {
// Not inlined, as in a library translation unit: the compiler sees one function with the two
// rounding-mode switches of an interval product.
__attribute__((noinline)) Interval interval_square(double r) {
  const Interval rho(r);
  return rho * rho;
}
}  // namespace

// The root cause of the case above, checked against exact rational arithmetic: the enclosure of r²
// for r = −(1 − 2^-53) must contain r² = 1 − 2^-52 + 2^-106. With Boost's mode-switching policy the
// -O3 build returned the point [1 − 2^-53, 1 − 2^-53] (both ends rounded upward), which misses it.
TEST_CASE("Interval product encloses the exact square of r = -(1 - 2^-53) (exact rational check)",
          "[soundness][interval]") {
  const double r = std::nextafter(-1.0, 0.0);
  const Interval sq = interval_square(r);
  const Rational exact = to_rational(r) * to_rational(r);
  CHECK(to_rational(sq.lower()) <= exact);
  CHECK(exact <= to_rational(sq.upper()));
}

// The interval policy (nncert/numeric/interval.hpp) against exact rational arithmetic on 20 000
// random operand pairs over 40 binades: every +, −, ×, ÷, √ enclosure contains the exact result, and
// it is as tight as hardware directed rounding (at most one ulp wide; exact operations give points).
// Negative twin: the outward step matters: most products are inexact, and there the round-to-nearest
// point [fl(xy), fl(xy)] misses the exact value.
TEST_CASE("Interval +, -, *, /, sqrt contain the exact rational result and are at most one ulp wide",
          "[soundness][interval]") {
  data::Rng rng(80);
  int inexact = 0;
  for (int t = 0; t < 20000; ++t) {
    const double x = std::ldexp(rng.normal(), static_cast<int>(rng.uniform_int(40)) - 20);
    const double y = std::ldexp(rng.normal(), static_cast<int>(rng.uniform_int(40)) - 20);
    const Interval X(x), Y(y);
    const Rational rx = to_rational(x), ry = to_rational(y);
    const auto contains = [](const Interval& I, const Rational& v) {
      return to_rational(I.lower()) <= v && v <= to_rational(I.upper()) && std::nextafter(I.lower(), INFINITY) >= I.upper();
    };
    REQUIRE(contains(X + Y, rx + ry));
    REQUIRE(contains(X - Y, rx - ry));
    REQUIRE(contains(X * Y, rx * ry));
    REQUIRE(contains(X / Y, rx / ry));
    const Interval s = sqrt(Interval(std::abs(x)));
    const Rational lo = to_rational(s.lower()), hi = to_rational(s.upper()), ax = to_rational(std::abs(x));
    REQUIRE((lo * lo <= ax && ax <= hi * hi));
    inexact += to_rational(x * y) != rx * ry;
  }
  CHECK(inexact > 10000);
  CHECK((Interval(1.0) + Interval(2.0) * Interval(3.0)).lower() == 7.0);
  CHECK((Interval(1.0) + Interval(2.0) * Interval(3.0)).upper() == 7.0);
}
