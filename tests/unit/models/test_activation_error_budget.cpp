// The elementary-function budget (kLibmUlps per call, fp_environment.hpp A7; lib/models
// activation_enclosure.cpp) as the enclosures use it: for every
// activation, |σ(z) − fl σ(z)| <= activation_value_error and |σ'(z) − fl σ'(z)| <=
// activation_derivative_error, against σ evaluated in 256-bit MPFR (error below 1e-70 relative), over
// arguments from subnormal to the saturation range and past it. Negative twin: a budget 1000 times
// smaller is exceeded somewhere, so the test can fail and the budget is not vacuous.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "nncert/models/activation.hpp"
#include "nncert/models/activation_enclosure.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "test_support.hpp"

namespace {

using nncert::MpfrFloat;
using nncert::models::Activation;

std::vector<double> arguments() {
  std::vector<double> z{0.0, std::numeric_limits<double>::denorm_min(), 1e-300, 1e-160, 1e-20, 1e-8};
  for (double x = -60; x <= 60; x += 0.0137) z.push_back(x);
  for (double x : {100.0, 700.0, 710.0, 1e10, 1e200}) z.push_back(x);
  const std::size_t n = z.size();
  for (std::size_t i = 0; i < n; ++i) z.push_back(-z[i]);
  return z;
}

double exact_error(double computed, const MpfrFloat& exact) { return static_cast<double>(abs(exact - MpfrFloat(computed))); }

}  // namespace

TEST_CASE("the activation error budget holds against 256-bit MPFR, and a 1000x smaller one does not",
          "[models][soundness]") {
  const nncert::MpfrPrecision precision(256);
  for (Activation a : {Activation::softplus, Activation::tanh, Activation::sigmoid, Activation::erf, Activation::gelu,
                       Activation::relu, Activation::leaky_relu, Activation::identity}) {
    INFO("activation " << nncert::models::to_string(a));
    double worst_ratio = 0;  // largest error / budget seen (both value and derivative)
    for (double z : arguments()) {
      INFO("z = " << z);
      const double v = nncert::models::activation_value(a, z, 0.01);
      const double dv = nncert::models::activation_derivative(a, z, 0.01);
      const MpfrFloat ev = nncert::models::activation_value(a, MpfrFloat(z), 0.01);
      const MpfrFloat ed = nncert::models::activation_derivative(a, MpfrFloat(z), 0.01);
      const double bv = nncert::models::activation_value_error(a, z, v);
      const double bd = nncert::models::activation_derivative_error(a, z, dv);
      const double errv = exact_error(v, ev), errd = exact_error(dv, ed);
      REQUIRE(errv <= bv);
      REQUIRE(errd <= bd);
      if (bv > 0) worst_ratio = std::max(worst_ratio, errv / bv);
      if (bd > 0) worst_ratio = std::max(worst_ratio, errd / bd);
    }
    // The smooth activations really round: a budget 1000 times smaller would be violated.
    if (a != Activation::relu && a != Activation::identity && a != Activation::leaky_relu) CHECK(worst_ratio > 1e-3);
  }
}
