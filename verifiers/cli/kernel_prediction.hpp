#pragma once
// Kernel ridge regression as `nncert kernel NAME --predict` does it (cmd_kernel.cpp), offered to the
// other commands: `nncert study` draws its kernel_reference from this one code path, so a study's
// reference line is exactly what `nncert kernel NAME --predict` prints for the same problem.
#include <optional>
#include <string>

#include "nncert/data/problem_file.hpp"
#include "nncert/kernels/kernel_regression.hpp"
#include "nncert/linalg/certify_spd.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::cli {

struct KernelPredictionResult {
  std::string kernel;                    // "ntk", "nngp", "cntk" or "cntk-gap"
  Index n = 0, test_rows = 0;            // training and held-out rows
  double ridge = 0;
  std::string targets;                   // kernels::regression_target_convention
  std::optional<linalg::SpdResult> spd;  // λ_min of the training Gram, certified in intervals (ridge 0)
  // Absent when no prediction is made: ridge 0 on a Gram not certified positive definite, or a kernel
  // the double evaluation cannot represent; `reason` then says which.
  std::optional<kernels::KernelPrediction> prediction;
  // With KernelGdSteps: gradient descent with the kernel for as many steps (kernels::kernel_gd_predict).
  std::optional<kernels::KernelPrediction> gd_prediction;
  std::string reason;
  double seconds = 0;
};

struct KernelGdSteps {
  double step_size = 0;
  Index steps = 0;
};

// The problem's kernel NAME fitted on its training rows and scored on [data] test_n held-out rows,
// with [kernel] and [model] read as `nncert kernel` reads them. Admits the work first (the budget of
// admission.hpp). Throws InvalidInput (exit 2) for an unknown kernel, one that does not apply to the
// model or data, no test split, no targets, or work over the budget.
// With `gd`, also the prediction of gradient descent with the kernel for gd->steps steps of size
// gd->step_size from f = 0 (the infinite-width net trained as long).
KernelPredictionResult predict_with_kernel(const data::ProblemFile& problem, const std::string& kernel, double ridge,
                                           const std::optional<KernelGdSteps>& gd = std::nullopt);

}  // namespace nncert::cli
