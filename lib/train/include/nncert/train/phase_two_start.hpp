#pragma once
// Where phase 2 of the two-phase recipe (docs/theorems/kawaguchi-sun-2021-expressivity.md) starts, for a verifier that certifies
// there and for `nncert check`, which re-proves that verifier's σ_min claim at the same point: θ0
// ("theta0"), or ("phase2") the problem's [train] recipe replayed up to the switch by the same
// deterministic trainer (phase 1 and the perturbation exactly as in training, zero phase-2 steps).
#include <string>

#include "nncert/data/problem_file.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::train {

// Throws InvalidInput naming the problem file when "phase2" is asked of a problem without the
// two-phase recipe and an explicit step size, or `start` is neither value.
VecD phase_two_start(const models::MlpConfig& config, const MatD& X, const MatD& Y, const data::ProblemFile& problem,
                     const std::string& start);

}  // namespace nncert::train
