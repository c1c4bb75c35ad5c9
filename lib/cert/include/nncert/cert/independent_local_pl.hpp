#pragma once
// Independent re-derivation of the local_pl verifier's start condition (RFF-ResNet at θ0 = 0) in exact
// rational arithmetic from a re-proven λ0; see src/independent_local_pl.cpp for the argument.
#include <optional>

#include <nlohmann/json.hpp>

#include "nncert/cert/independent.hpp"
#include "nncert/theory/verify.hpp"

namespace nncert::cert {

// nullopt when the record is not a local_pl finding of an rff-resnet problem.
std::optional<IndependentCheck> independent_local_pl_check(const nlohmann::json& hypothesis,
                                                           const theory::LoadedProblem& problem, const VecD& theta0);

}  // namespace nncert::cert
