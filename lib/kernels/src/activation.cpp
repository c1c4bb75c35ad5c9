#include "nncert/kernels/activation.hpp"

#include <cmath>
#include <string>

#include <boost/math/constants/constants.hpp>

#include "nncert/numeric/errors.hpp"

namespace nncert::kernels {

std::string_view to_string(KernelActivation activation) {
  switch (activation) {
    case KernelActivation::relu: return "relu";
    case KernelActivation::leaky_relu: return "leaky-relu";
    case KernelActivation::abs: return "abs";
    case KernelActivation::erf: return "erf";
    case KernelActivation::identity: return "identity";
  }
  return "?";
}

KernelActivation parse_kernel_activation(std::string_view name) {
  std::string n(name);
  for (char& ch : n) {
    if (ch == '_') ch = '-';
  }
  if (n == "relu") return KernelActivation::relu;
  if (n == "leaky-relu") return KernelActivation::leaky_relu;
  if (n == "abs") return KernelActivation::abs;
  if (n == "erf") return KernelActivation::erf;
  if (n == "identity") return KernelActivation::identity;
  throw InvalidInput("kernel: activation '" + std::string(name) +
                     "' has no closed-form infinite-width kernel (supported: relu, leaky-relu, abs, erf, identity)");
}

double c_sigma(KernelActivation activation, double leaky_slope) {
  switch (activation) {
    case KernelActivation::relu: return 2.0;
    case KernelActivation::leaky_relu: return 2.0 / (1.0 + leaky_slope * leaky_slope);
    case KernelActivation::abs:
    case KernelActivation::identity: return 1.0;
    case KernelActivation::erf: return boost::math::constants::pi<double>() / (2.0 * std::asin(2.0 / 3.0));
  }
  return 1.0;
}

}  // namespace nncert::kernels
