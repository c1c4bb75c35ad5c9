#pragma once
// The fully-connected kernel of an mlp [model]: the verifier that certifies an analytic Gram and the
// checker that re-proves it build the same kernel from the same model through this one function.
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/models/model_config.hpp"

namespace nncert::kernels {

// paper_scaling = false: the kernel the finite net of `mlp` converges to (its σ_w, σ_b, activation;
// neural-tangents Dense); true: Arora et al.'s conventions for the same architecture. Depth = number
// of hidden layers. Throws InvalidInput when the net has no hidden layer or its activation has no
// closed-form kernel.
FcKernelSpec fc_kernel_spec(const models::MlpConfig& mlp, bool paper_scaling);

}  // namespace nncert::kernels
