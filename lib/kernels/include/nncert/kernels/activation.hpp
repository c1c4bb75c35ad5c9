#pragma once
// Activations whose infinite-width dual (the 2×2 Gaussian expectations E[φ(u)φ(v)], E[φ'(u)φ'(v)])
// has a closed form (docs/kernels.md#fully-connected-kernels):
//   relu        arc-cosine kernels of degree 1 and 0 (Cho & Saul 2009)
//   leaky_relu  φ = (1−α)·relu + α·id, so the duals are (1−α)²·relu duals + α·(linear terms)
//   abs         leaky_relu with α = −1 (|z| = 2·relu(z) − z)
//   erf         Williams (1997): arcsin form and its derivative
//   identity    E[uv] = Σ12, E[1·1] = 1
// softplus, tanh, sigmoid and gelu have no closed form and are rejected.
#include <string_view>

namespace nncert::kernels {

enum class KernelActivation { relu, leaky_relu, abs, erf, identity };

std::string_view to_string(KernelActivation activation);

// "relu" | "leaky-relu" | "abs" | "erf" | "identity" (underscores accepted); InvalidInput otherwise.
KernelActivation parse_kernel_activation(std::string_view name);

// c_σ = 1/E_{z~N(0,1)}[φ(z)²]: relu 2, leaky 2/(1+α²), abs 1, identity 1, erf π/(2·arcsin(2/3)).
double c_sigma(KernelActivation activation, double leaky_slope);

}  // namespace nncert::kernels
