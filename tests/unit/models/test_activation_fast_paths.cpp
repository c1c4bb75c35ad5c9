// apply_activation's vectorised double paths (softplus, relu, leaky-relu) against the scalar
// activation_value / activation_derivative that the certified enclosures use, and both against
// 200-bit MPFR: the piecewise-linear ones must agree bit for bit, softplus within a few ulps.
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "nncert/models/activation.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/multiprecision.hpp"

using namespace nncert;
using models::Activation;

namespace {
MatD wide_range_inputs() {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-40.0, 40.0);
  MatD z(300, 97);  // > 20000 entries: the parallel branch runs too
  for (Index i = 0; i < z.size(); ++i) z.data()[i] = u(rng);
  z(0, 0) = 0.0, z(1, 0) = -0.0, z(2, 0) = 1e-300, z(3, 0) = -1e-300, z(4, 0) = 700.0, z(5, 0) = -745.0;
  return z;
}
}  // namespace

TEST_CASE("relu and leaky-relu fast paths equal the scalar definitions bit for bit", "[models][activation]") {
  const MatD z = wide_range_inputs();
  for (Activation a : {Activation::relu, Activation::leaky_relu}) {
    MatD d;
    const MatD v = models::apply_activation<double>(a, z, 0.01, &d);
    for (Index i = 0; i < z.size(); ++i) {
      const double sv = models::activation_value<double>(a, z.data()[i], 0.01);
      const double sd = models::activation_derivative<double>(a, z.data()[i], 0.01);
      REQUIRE(std::signbit(v.data()[i]) == std::signbit(sv));
      REQUIRE(v.data()[i] == sv);
      REQUIRE(d.data()[i] == sd);
    }
  }
}

TEST_CASE("softplus fast path: within 4 ulps of the 200-bit value, derivative too", "[models][activation]") {
  const MatD z = wide_range_inputs();
  MatD d;
  const MatD v = models::apply_activation<double>(Activation::softplus, z, 0.01, &d);
  const MpfrPrecision precision(200);
  double worst_value = 0, worst_derivative = 0;
  for (Index i = 0; i < z.size(); ++i) {
    const MpfrFloat x = z.data()[i];
    const MpfrFloat exact_v = x > 0 ? MpfrFloat(x + log1p(exp(-x))) : MpfrFloat(log1p(exp(x)));
    const MpfrFloat exact_d = 1 / (1 + exp(-x));
    const double ulp_v = std::nextafter(exact_v.convert_to<double>(), INFINITY) - exact_v.convert_to<double>();
    const double ulp_d = std::nextafter(exact_d.convert_to<double>(), INFINITY) - exact_d.convert_to<double>();
    worst_value = std::max(worst_value, std::abs((MpfrFloat(v.data()[i]) - exact_v).convert_to<double>()) / ulp_v);
    worst_derivative = std::max(worst_derivative, std::abs((MpfrFloat(d.data()[i]) - exact_d).convert_to<double>()) / ulp_d);
  }
  INFO("worst error: value " << worst_value << " ulps, derivative " << worst_derivative << " ulps");
  CHECK(worst_value <= 4);
  CHECK(worst_derivative <= 4);
}
