// Independent re-derivation of the local-PL start condition of an RFF-ResNet at θ0 = 0 (the local_pl
// verifier, docs/theorems/barboni-2022-local-pl.md): the same mathematics, a different evaluation. The verifier works
// in outward-rounded double intervals with ‖Ω‖₂ <= ‖Ω‖_F bounded from a rounded sum; here every
// quantity is an exact rational except two proven bounds:
//   λ0 >= the recorded lower end, re-proven by the feature-Gram witness (256-bit MPFR, exact integer
//        Cholesky check), and ln 2 >= a 256-bit MPFR value rounded down.
// With C² = 2c² (rff) or c²p (cos), ℓ² = c²(2/p)‖Ω‖_F² (rff) or c²‖Ω‖_F² (cos) exact, μ* = 2λ0/(4N) and
//   R² = min(λ0²/(16 N² C⁴ ℓ²), (ln 2)²/(16 ℓ²)),
// the start condition F0 < μ* R²/q (q = 16 for GD, 4 for the flow) is decided exactly, F0 =
// (1/2N)Σ‖B A x_i − y_i‖² summed in rationals; the rational margin μ*R²/q − F0 must be at least the
// recorded lower end of the finding's enclosure.
#include "nncert/cert/independent_local_pl.hpp"

#include <algorithm>
#include <variant>

#include <fmt/format.h>
#include <mpfr.h>

#include "nncert/cert/witness.hpp"
#include "nncert/linalg/exact.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/numeric/multiprecision.hpp"

namespace nncert::cert {
namespace {

// A rational lower bound of ln 2 (256-bit MPFR, rounded down, converted exactly).
Rational ln2_lower() {
  mpfr_t v;
  mpfr_init2(v, 256);
  mpfr_const_log2(v, MPFR_RNDD);
  mpz_t m;
  mpz_init(m);
  const mpfr_exp_t e = mpfr_get_z_2exp(m, v);  // v = m·2^e exactly
  const Rational out = scaled_to_rational(m, static_cast<long>(e));
  mpz_clear(m);
  mpfr_clear(v);
  return out;
}

}  // namespace

std::optional<IndependentCheck> independent_local_pl_check(const nlohmann::json& h, const theory::LoadedProblem& problem,
                                                           const VecD& theta0) {
  const std::string quantity = h.value("quantity", "");
  const bool flow = quantity == "mu_* R^2 / 4 - F_0";
  if (!flow && quantity != "mu_* R^2 / 16 - F_0") return std::nullopt;
  const auto* cfg = std::get_if<models::RffResNetConfig>(&problem.model);
  if (!cfg) return std::nullopt;
  IndependentCheck out;
  out.attempted = true;
  double lambda0_lower = 0, recorded_margin = 0;
  try {
    lambda0_lower = h.at("constants").at("lambda0").at("lower").get<double>();
    recorded_margin = h.at("enclosure").at("lower").get<double>();
  } catch (const nlohmann::json::exception&) {
    out.detail = "not re-derived: the record lacks the constant lambda0 or the enclosure";
    return out;
  }
  if (!(lambda0_lower > 0)) {
    out.detail = "not re-derived: the recorded lambda0 is not positive";
    return out;
  }
  // λ0 >= the recorded lower end, by the feature-Gram witness.
  const GramWitness w{GramMatrix::rff_features, "", "lambda_min", {}, lambda0_lower};
  const IndependentCheck gram = independent_gram_check(problem, theta0, w, lambda0_lower);
  if (!gram.attempted || gram.verdict != Verdict::certified) return gram;

  const models::RffResNet<double> net(*cfg);
  const Index N = problem.data.n();
  const Rational n(static_cast<long>(N));
  const Rational lambda0 = to_rational(lambda0_lower);
  const Rational c2 = to_rational(cfg->residual_scale) * to_rational(cfg->residual_scale);
  const Rational p(static_cast<long>(cfg->features));
  Rational omega_f2 = 0;
  for (Index i = 0; i < net.frequencies().size(); ++i) {
    const Rational x = to_rational(net.frequencies().data()[i]);
    omega_f2 += x * x;
  }
  const bool rff = cfg->feature_map == models::RffFeatureMap::rff;
  const Rational C2 = rff ? Rational(2 * c2) : Rational(c2 * p);
  const Rational ell2 = rff ? Rational(c2 * 2 / p * omega_f2) : Rational(c2 * omega_f2);
  const Rational ln2 = ln2_lower();
  const Rational r2_a = lambda0 * lambda0 / (16 * n * n * C2 * C2 * ell2);
  const Rational r2_b = ln2 * ln2 / (16 * ell2);
  const Rational R2 = std::min(r2_a, r2_b);
  const Rational mu_star = 2 * lambda0 / (4 * n);
  // F0 at Θ = 0: f(x) = B A x, A and B 0/1 selections, summed exactly.
  const MatD& A = net.embedding();
  const MatD& B = net.readout();
  const MatD& X = problem.data.X;
  const MatD& Y = problem.data.Y;
  Rational sum = 0;
  for (Index i = 0; i < N; ++i)
    for (Index o = 0; o < B.rows(); ++o) {
      Rational f = 0;
      for (Index j = 0; j < B.cols(); ++j) {
        if (B(o, j) == 0) continue;
        Rational ax = 0;
        for (Index l = 0; l < A.cols(); ++l)
          if (A(j, l) != 0) ax += to_rational(A(j, l)) * to_rational(X(i, l));
        f += to_rational(B(o, j)) * ax;
      }
      const Rational r = f - to_rational(Y(i, o));
      sum += r * r;
    }
  const Rational F0 = sum / (2 * n);
  const Rational margin = mu_star * R2 / (flow ? 4 : 16) - F0;
  const bool holds = margin > 0 && margin >= to_rational(recorded_margin);
  out.verdict = holds ? Verdict::certified : Verdict::inconclusive;
  out.detail = fmt::format("re-derived in exact rationals: mu_* R^2/{} - F_0 >= {:.6g} {} the recorded {:.6g} (lambda0 >= {:.6g} "
                           "re-proven by the feature-Gram witness, ln 2 from 256-bit MPFR rounded down)",
                           flow ? 4 : 16, linalg::rational_down(margin), holds ? ">=" : "is below", recorded_margin,
                           lambda0_lower);
  return out;
}

}  // namespace nncert::cert
