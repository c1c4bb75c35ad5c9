// Checks assumption (A7) of fp_environment.hpp against MPFR: every elementary function nncert calls
// returns a double within kLibmUlps consecutive doubles of the exact value, over the argument ranges
// nncert evaluates it on (10^5 samples per function, uniform and log-uniform, plus extreme
// arguments). The exact value is bracketed by 256-bit MPFR rounded down and up, so the comparison is
// itself rigorous. A failure here means the linked libm / Boost.Math / Eigen is less accurate than the
// certified bounds assume: every enclosure that uses these functions would be void.
#include <mpfr.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/log1p.hpp>
#include <catch2/catch.hpp>

#include "nncert/numeric/fp_environment.hpp"
#include "test_support.hpp"

namespace {

using Index = Eigen::Index;
constexpr int kSamples = 100000;
constexpr double kInf = std::numeric_limits<double>::infinity();

// RAII 256-bit MPFR value.
struct Mpfr {
  mpfr_t v;
  Mpfr() { mpfr_init2(v, 256); }
  ~Mpfr() { mpfr_clear(v); }
  Mpfr(const Mpfr&) = delete;
  Mpfr& operator=(const Mpfr&) = delete;
};

using MpfrUnary = std::function<void(mpfr_t, const mpfr_t, mpfr_rnd_t)>;

// The smallest k <= max_steps with next_down^k(c) <= x <= next_up^k(c), where x is the exact value
// bracketed by [dn, up]; max_steps + 1 if there is none.
int steps_away(double c, const mpfr_t dn, const mpfr_t up, int max_steps) {
  double lo = c, hi = c;
  for (int k = 0; k <= max_steps; ++k) {
    if (mpfr_cmp_d(dn, lo) >= 0 && mpfr_cmp_d(up, hi) <= 0) return k;
    lo = std::nextafter(lo, -kInf);
    hi = std::nextafter(hi, kInf);
  }
  return max_steps + 1;
}

struct Result {
  int worst_steps = 0;
  double worst_argument = 0;
};

// Compares computed[i] (the library's value at args[i]) with the exact f(args[i]).
Result compare(const std::vector<double>& args, const std::vector<double>& computed, const MpfrUnary& exact) {
  Mpfr x, dn, up;
  Result r;
  for (std::size_t i = 0; i < args.size(); ++i) {
    mpfr_set_d(x.v, args[i], MPFR_RNDN);  // exact: 256 >= 53 bits
    exact(dn.v, x.v, MPFR_RNDD);
    exact(up.v, x.v, MPFR_RNDU);
    const int k = steps_away(computed[i], dn.v, up.v, 2 * nncert::kLibmUlps);
    if (k > r.worst_steps) r = {k, args[i]};
  }
  return r;
}

// Arguments: `extremes`, then samples uniform on [lo, hi] and log-uniform in magnitude on
// [tiny, max(|lo|, |hi|)] with the signs the range allows.
std::vector<double> arguments(double lo, double hi, double tiny, std::vector<double> extremes) {
  std::mt19937_64 rng(nncert::test::seed());
  std::uniform_real_distribution<double> uniform(lo, hi);
  const double big = std::max(std::abs(lo), std::abs(hi));
  std::uniform_real_distribution<double> exponent(std::log2(tiny), std::log2(big));
  std::vector<double> out;
  for (double e : extremes)
    if (e >= lo && e <= hi) out.push_back(e);
  while (static_cast<int>(out.size()) < kSamples) {
    double z = uniform(rng);
    if (out.size() % 2 == 1) {
      z = std::exp2(exponent(rng));
      if (lo < 0 && (hi <= 0 || rng() % 2 == 0)) z = -z;
    }
    if (z >= lo && z <= hi) out.push_back(z);
  }
  return out;
}

std::vector<double> map(const std::vector<double>& args, double (*f)(double)) {
  std::vector<double> out(args.size());
  for (std::size_t i = 0; i < args.size(); ++i) out[i] = f(args[i]);
  return out;
}

// Eigen's vectorised ArrayXd function over all arguments at once (the packet path, as the models use it).
std::vector<double> eigen_map(const std::vector<double>& args, const std::function<Eigen::ArrayXd(const Eigen::ArrayXd&)>& f) {
  const Eigen::ArrayXd a = Eigen::Map<const Eigen::ArrayXd>(args.data(), static_cast<Index>(args.size()));
  const Eigen::ArrayXd r = f(a);
  return std::vector<double>(r.data(), r.data() + r.size());
}

const double kMin = std::numeric_limits<double>::min();
const double kDenorm = std::numeric_limits<double>::denorm_min();
const double kMax = std::numeric_limits<double>::max();

struct Case {
  std::string name;
  std::vector<double> args;
  std::vector<double> computed;
  MpfrUnary exact;
};

}  // namespace

TEST_CASE("libm, Boost.Math and Eigen's elementary functions are within kLibmUlps of the exact value (A7)",
          "[numeric][soundness][libm]") {
  // Ranges: exp — interval exp and the activations' exp(−|z|), exp(−z²), exp(−z²/2): all of R, dense
  // where the result is normal or subnormal; log — interval log: all positive doubles; log1p — softplus'
  // log1p(e^−|z|) on (0, 1], and the whole domain; pow — node scales j^(−1/α), j <= 10^7, α >= 0.05;
  // tanh, erf — activations on all of R; acos, asin — kernel recursions on [−1, 1]; cos, sin — RFF
  // features cos(ωᵀx + b) with Gaussian ω: all moderate arguments and some huge ones.
  const std::vector<double> exp_args = arguments(-746, 710, kDenorm, {0.0, -0.0, kDenorm, kMin, -745.13, -708.4, 709.78, 1e-300});
  // Eigen's exp and log1p serve softplus' fast path only for |z| <= 708 (beyond, Eigen's exp clamps
  // and the scalar libm path is taken): exp on [−708, 0], log1p on (0, 1].
  const std::vector<double> eigen_exp_args = arguments(-708, 0, kDenorm, {0.0, -708.0, -1e-300});
  const std::vector<double> eigen_log1p_args = arguments(kDenorm, 1, kDenorm, {1.0, kDenorm, kMin, 1e-17, 3.3e-308});
  const std::vector<double> log_args = arguments(kDenorm, kMax, kDenorm, {kDenorm, kMin, 1.0, kMax, std::nextafter(1.0, 2.0), std::nextafter(1.0, 0.0)});
  const std::vector<double> log1p_args = arguments(-0.999999, 1e300, 1e-300, {0.0, kDenorm, kMin, 1e-17, 1.0, -0.5});
  const std::vector<double> tanh_args = arguments(-40, 40, kDenorm, {0.0, kDenorm, kMin, 1e-8, 19.06, 22.0, 710.0, 1e300, -1e300});
  const std::vector<double> erf_args = arguments(-10, 10, kDenorm, {0.0, kDenorm, kMin, 1e-8, 0.5, 0.84375, 1.25, 2.857, 5.9, 6.0, 27.0, 1e300});
  const std::vector<double> unit_args = arguments(-1, 1, kDenorm, {-1.0, 1.0, 0.0, kDenorm, 0.5, -0.5, std::nextafter(1.0, 0.0), std::nextafter(-1.0, 0.0), 1e-9});
  const std::vector<double> trig_args = arguments(-1e5, 1e5, kDenorm, {0.0, kDenorm, 1e-9, 3.141592653589793, 1.5707963267948966, 1e6, 1e15, 1e22, 1e300, -1e300, kMax});
  std::vector<double> pow_base, pow_exponent;
  {
    std::mt19937_64 rng(nncert::test::seed());
    std::uniform_int_distribution<int> j(1, 10000000);
    std::uniform_real_distribution<double> inv_alpha(std::log(0.01), std::log(20.0));
    for (int i = 0; i < kSamples; ++i) {
      pow_base.push_back(i < 1000 ? i + 1 : j(rng));
      pow_exponent.push_back(-std::exp(inv_alpha(rng)));
    }
  }
  std::vector<double> pow_computed(pow_base.size());
  for (std::size_t i = 0; i < pow_base.size(); ++i) pow_computed[i] = std::pow(pow_base[i], pow_exponent[i]);

  const auto boost_erf = [](double z) { return boost::math::erf(z); };
  const auto boost_log1p = [](double z) { return boost::math::log1p(z); };
  const std::vector<Case> cases = {
      {"exp (glibc)", exp_args, map(exp_args, std::exp), mpfr_exp},
      {"exp (Eigen)", eigen_exp_args, eigen_map(eigen_exp_args, [](const Eigen::ArrayXd& a) { return Eigen::ArrayXd(a.exp()); }), mpfr_exp},
      {"log (glibc)", log_args, map(log_args, std::log), mpfr_log},
      {"log1p (glibc)", log1p_args, map(log1p_args, std::log1p), mpfr_log1p},
      {"log1p (Boost.Math)", log1p_args, map(log1p_args, +boost_log1p), mpfr_log1p},
      {"log1p (Eigen)", eigen_log1p_args, eigen_map(eigen_log1p_args, [](const Eigen::ArrayXd& a) { return Eigen::ArrayXd(a.log1p()); }), mpfr_log1p},
      {"tanh (glibc)", tanh_args, map(tanh_args, std::tanh), mpfr_tanh},
      {"erf (Boost.Math)", erf_args, map(erf_args, +boost_erf), mpfr_erf},
      {"acos (glibc)", unit_args, map(unit_args, std::acos), mpfr_acos},
      {"asin (glibc)", unit_args, map(unit_args, std::asin), mpfr_asin},
      {"cos (glibc)", trig_args, map(trig_args, std::cos), mpfr_cos},
      {"sin (glibc)", trig_args, map(trig_args, std::sin), mpfr_sin},
      {"cos (Eigen)", trig_args, eigen_map(trig_args, [](const Eigen::ArrayXd& a) { return Eigen::ArrayXd(a.cos()); }), mpfr_cos},
      {"sqrt (IEEE 754)", log_args, map(log_args, std::sqrt), mpfr_sqrt},
  };
  int worst_overall = 0;
  for (const Case& c : cases) {
    const Result r = compare(c.args, c.computed, c.exact);
    INFO(c.name << ": worst " << r.worst_steps << " steps, at argument " << r.worst_argument);
    CHECK(r.worst_steps <= nncert::kLibmUlps);
    worst_overall = std::max(worst_overall, r.worst_steps);
  }
  {
    Mpfr x, y, dn, up;
    int worst = 0;
    double at = 0;
    for (std::size_t i = 0; i < pow_base.size(); ++i) {
      mpfr_set_d(x.v, pow_base[i], MPFR_RNDN);
      mpfr_set_d(y.v, pow_exponent[i], MPFR_RNDN);
      mpfr_pow(dn.v, x.v, y.v, MPFR_RNDD);
      mpfr_pow(up.v, x.v, y.v, MPFR_RNDU);
      const int k = steps_away(pow_computed[i], dn.v, up.v, 2 * nncert::kLibmUlps);
      if (k > worst) worst = k, at = pow_base[i];
    }
    INFO("pow (glibc): worst " << worst << " steps, at base " << at);
    CHECK(worst <= nncert::kLibmUlps);
    worst_overall = std::max(worst_overall, worst);
  }
  {
    // sqrt is correctly rounded (IEEE 754): equal to MPFR's square root rounded to nearest at 53 bits.
    mpfr_t x, y;
    mpfr_init2(x, 53);
    mpfr_init2(y, 53);
    std::size_t mismatches = 0;
    for (double a : log_args) {
      mpfr_set_d(x, a, MPFR_RNDN);
      mpfr_sqrt(y, x, MPFR_RNDN);
      if (mpfr_get_d(y, MPFR_RNDN) != std::sqrt(a)) ++mismatches;
    }
    mpfr_clear(x);
    mpfr_clear(y);
    CHECK(mismatches == 0);
  }
  // The check can fail: these functions are not all faithfully rounded (measured with glibc 2.36,
  // Boost 1.74, Eigen 3.4: Boost's erf 3 steps, Eigen's exp and glibc's tanh 2), so a budget of 1
  // step is exceeded somewhere: the comparison measures rounding, it does not pass everything.
  CHECK(worst_overall >= 2);
}
