#pragma once
// Independent re-derivation of the block_local_pl verifier's constants and start condition (the deep
// narrow-plus-wide phase-2 certificate); see src/independent_block_local_pl.cpp for the argument.
#include <optional>

#include <nlohmann/json.hpp>

#include "nncert/cert/independent.hpp"
#include "nncert/theory/verify.hpp"

namespace nncert::cert {

// nullopt when the record is not a certified block_local_pl finding of an mlp problem.
std::optional<IndependentCheck> independent_block_local_pl_check(const nlohmann::json& hypothesis,
                                                                 const theory::LoadedProblem& problem);

}  // namespace nncert::cert
