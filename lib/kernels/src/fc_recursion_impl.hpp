#pragma once
// The fully-connected recursion of fc_kernel.hpp for one pair and for one input, in any scalar
// (double, Float128, MpfrFloat, Interval).
#include <vector>

#include "dual_activation_impl.hpp"
#include "nncert/kernels/fc_kernel.hpp"

namespace nncert::kernels::detail {

template <class S>
struct FcParams {
  ActivationParams<S> act;
  int depth = 1;
  S w_in{1};  // Σ⁰ = w_in·xᵀx' + b2
  S w2{1};    // σ_w² of the hidden and readout layers
  S b2{0};    // σ_b²
};

template <class S>
FcParams<S> make_fc_params(const FcKernelSpec& spec, Index d0) {
  FcParams<S> p;
  p.act = make_activation_params<S>(spec.activation, spec.leaky_slope);
  p.depth = spec.depth;
  const S sb(spec.sigma_b);
  p.b2 = sb * sb;
  if (spec.paper_scaling) {
    p.w_in = S(1);
    p.w2 = c_sigma_in(p.act);
  } else {
    const S sw(spec.sigma_w);
    p.w2 = sw * sw;
    p.w_in = p.w2 / S(static_cast<double>(d0));
  }
  return p;
}

// Self chain of one input from its raw inner product xᵀx: diag[h] = Σʰ(x,x), h = 0..L, and the
// value of the kernel at (x, x).
template <class S>
S fc_self_chain(const FcParams<S>& p, KernelKind kind, const S& raw_xx, S* diag) {
  S sigma = p.w_in * raw_xx + p.b2;
  S theta = sigma;
  diag[0] = sigma;
  for (int h = 1; h <= p.depth; ++h) {
    const Dual<S> d = dual_self(p.act, sigma);
    sigma = p.w2 * d.e + p.b2;
    theta = sigma + p.w2 * d.edot * theta;
    diag[h] = sigma;
  }
  return kind == KernelKind::nngp ? sigma : theta;
}

// One off-diagonal pair from its raw inner product xᵀx' and the two self chains.
template <class S>
S fc_pair_value(const FcParams<S>& p, KernelKind kind, const S& raw_xy, const S* diag_x, const S* diag_y) {
  S sigma = p.w_in * raw_xy + p.b2;
  S theta = sigma;
  for (int h = 1; h <= p.depth; ++h) {
    const Dual<S> d = dual_pair(p.act, diag_x[h - 1], diag_y[h - 1], sigma);
    sigma = p.w2 * d.e + p.b2;
    theta = sigma + p.w2 * d.edot * theta;
  }
  return kind == KernelKind::nngp ? sigma : theta;
}

}  // namespace nncert::kernels::detail
