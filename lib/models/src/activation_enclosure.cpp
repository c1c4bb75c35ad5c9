// Evaluation-error budget of the double activations and the enclosures of σ(Z), σ'(Z). Radii follow
// the inflate() lemma of lib/linalg matrix_enclosure.cpp (RN sums of <= 7 nonnegative terms).
#include "nncert/models/activation_enclosure.hpp"

#include <algorithm>
#include <cmath>

#include "nncert/models/activation.hpp"
#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::models {
namespace {

constexpr double u = kUnitRoundoff;
// Elementary functions: every libm / Boost.Math / Eigen call is within kLibmUlps steps of the exact
// value (fp_environment.hpp A7), i.e. within 2u·kLibmUlps relative (+ kLibmUlps·η absolute). An
// activation is a composition of at most three such calls and three RN operations
// (softplus: exp, log1p, +; gelu: erf, ·, +, ·; sigmoid: exp, +, /), whose errors add to less than
// 4·2u·kLibmUlps (= 32u for kLibmUlps = 4: 3·8u + 3u plus second-order terms) relative to
// |σ| + |z| + 1 (the |z| + 1 term absorbs the cancellation in gelu and softplus); the absolute 32η
// covers subnormal results. The budget is tested against 256-bit MPFR over the whole argument range
// in tests/unit/models/test_activation_error_budget.cpp.
constexpr double kActivationBudget = 4 * 2 * kLibmUlps * kUnitRoundoff;
static_assert(kLibmUlps >= 2, "the 3 RN operations are absorbed by the fourth 2u·kLibmUlps term");

bool piecewise_linear(Activation a) {
  return a == Activation::relu || a == Activation::leaky_relu || a == Activation::identity;
}

// sup|σ'| (Lipschitz constant of σ) and sup|σ''| (of σ') on R: activation_curvature for the smooth
// activations; the piecewise-linear ones are Lipschitz with their largest slope.
struct ActivationBounds {
  double lipschitz;
  double derivative_lipschitz;
};
ActivationBounds bounds_of(Activation a, double slope) {
  if (a == Activation::leaky_relu) return {std::max(1.0, std::abs(slope)), 0};
  if (a == Activation::relu) return {1, 0};
  const auto c = activation_curvature(a);
  if (!c) return {1, 1};  // unreachable: every other activation is C² with bounded σ''
  return {c->s1, c->s2};
}

}  // namespace

double activation_value_error(Activation a, double z, double value) {
  if (piecewise_linear(a)) return u * std::abs(value) + kEta;  // at most one RN product (leaky slope)
  const double scale = (a == Activation::gelu || a == Activation::softplus) ? std::abs(z) + 1 : 1;
  return kActivationBudget * (std::abs(value) + scale) + 32 * kEta;  // 4 RN operations, inside the lemma
}

double activation_derivative_error(Activation a, double z, double derivative) {
  if (piecewise_linear(a)) return 0;  // σ' is one of the exact slopes
  return kActivationBudget * (std::abs(derivative) + 1 + std::abs(z)) + 32 * kEta;  // 4 RN operations
}

// Smooth σ: mean-value bound with sup|σ'| (resp. sup|σ''|) times the radius, plus the evaluation
// error of σ(Z_m) (libm budget). Piecewise-linear σ: exact on each side of 0; where the interval
// straddles 0 the derivative is only known to lie between the two slopes.
void activation_enclosure(Activation a, double slope, const linalg::MatrixEnclosure& z, linalg::MatrixEnclosure& h,
                          linalg::MatrixEnclosure& d) {
  using linalg::inflate;
  const ActivationBounds b = bounds_of(a, slope);
  h.mid.resize(z.mid.rows(), z.mid.cols());
  d.mid.resize(z.mid.rows(), z.mid.cols());
  h.rad.resize(z.mid.rows(), z.mid.cols());
  d.rad.resize(z.mid.rows(), z.mid.cols());
  const double lo_slope = std::min(1.0, slope), hi_slope = std::max(1.0, slope);
  for (Index c = 0; c < z.mid.cols(); ++c)
    for (Index r = 0; r < z.mid.rows(); ++r) {
      const double zm = z.mid(r, c), zr = z.rad(r, c);
      h.mid(r, c) = activation_value(a, zm, slope);
      d.mid(r, c) = activation_derivative(a, zm, slope);
      if (piecewise_linear(a)) {
        // relu: max(z,0) exact; leaky: one rounding; identity: exact.
        h.rad(r, c) = inflate(b.lipschitz * zr + u * std::abs(h.mid(r, c)));
        // The sign of zm ± zr is that of the exact difference (RN is monotone and exact at 0).
        const bool straddles = zr > 0 && zm - zr <= 0 && zm + zr >= 0;
        if (a == Activation::identity || !straddles) {
          d.rad(r, c) = 0;
        } else {
          const double relu_lo = a == Activation::relu ? 0.0 : lo_slope;
          d.mid(r, c) = (relu_lo + hi_slope) / 2;
          d.rad(r, c) = inflate((hi_slope - relu_lo) / 2 + u * std::abs(d.mid(r, c)));
        }
        continue;
      }
      // Mean-value term plus the evaluation error of the midpoint: 3 + 3 RN operations (lemma).
      h.rad(r, c) = inflate(b.lipschitz * zr + activation_value_error(a, zm, h.mid(r, c)));
      d.rad(r, c) = inflate(b.derivative_lipschitz * zr + activation_derivative_error(a, zm, d.mid(r, c)));
    }
}

}  // namespace nncert::models
