#pragma once
// Independent re-checks of the certified claims that are not Gram bounds (docs/certificates.md): the data
// assumptions and the structural common-model-structure identity. Each recomputes the claim from the
// rebuilt data (and θ0) by its own route:
//   unit_norm_inputs        every ||x_i||² summed EXACTLY in rationals, the exact worst deviation from 1
//                           compared with the recorded upper end of the enclosure;
//   distinct_inputs         every pair compared exactly, without the verifier's floating-point filter:
//                           equal rows (plain mode), or x_j = c·x_i with c > 0 (parallel mode: cross
//                           products x_j[b]·x_i[p] against x_i[b]·x_j[p], hi parts of the exact products
//                           as a filter that cannot miss, rationals to decide), and zero rows;
//   common_model_structure  (structural certificates) vec f_X − J_S θ_S evaluated in 256-bit MPFR at θ0:
//                           a numerical confirmation that the identity the verifier derived from the
//                           architecture holds, to 2^-200·(1 + ‖f‖) (not a proof of an exact zero);
//   local_pl                the start condition re-derived in exact rationals (independent_local_pl.hpp);
//   block_local_pl          its constants re-derived in 256-bit MPFR (independent_block_local_pl.hpp);
//   pl_inequality           μ = min σ_min(J)²/n at θ0 and at the recorded checkpoints, by MPFR Jacobian
//                           witnesses.
#include <optional>

#include <nlohmann/json.hpp>

#include "nncert/cert/independent.hpp"
#include "nncert/theory/verify.hpp"

namespace nncert::cert {

// `hypothesis` is the certificate's record of a certified finding. nullopt: no independent route for
// this verifier (the checker then relies on the re-run).
std::optional<IndependentCheck> independent_predicate_check(const nlohmann::json& hypothesis,
                                                            const theory::LoadedProblem& problem, const VecD& theta0);

}  // namespace nncert::cert
