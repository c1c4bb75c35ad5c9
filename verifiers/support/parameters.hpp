#pragma once
// Typed access to a hypothesis' parameters (theorem file), overridden by the problem's [verify].
#include <string>
#include <vector>

#include "nncert/models/block_list.hpp"

#include "nncert/theory/verifier.hpp"

namespace nncert::verifiers {

std::string string_parameter(const theory::VerificationContext& c, std::string_view key, const std::string& fallback);
double double_parameter(const theory::VerificationContext& c, std::string_view key, double fallback);
bool bool_parameter(const theory::VerificationContext& c, std::string_view key, bool fallback);

// The `block` parameter (or `fallback`) as a validated set of the model's parameter blocks, sorted by
// offset (models::resolve_block_list): a repeated or overlapping name, or a name the model does not
// have, is InvalidInput naming the file, the key and the allowed names.
std::vector<models::ParameterBlock> block_parameter(const theory::VerificationContext& c,
                                                    const std::vector<models::ParameterBlock>& available,
                                                    const std::string& fallback);

// ||θ − θ0|| enclosed, for a verifier that certifies at a replayed phase-2 start θ (the prediction
// compares it with the run's own offset, theory::predict): each difference lies in [sub_down, sub_up],
// its modulus between that interval's mignitude and magnitude, the sums of squares rounded down / up;
// the hull with the round-to-nearest norm ± 1 ulp keeps the value a training run reports inside.
// [0, 0] when θ == θ0.
linalg::Enclosure start_offset_enclosure(const VecD& theta, const VecD& theta0);

// Enclosure of a certified interval [lo, hi] (rounded outward already).
linalg::Enclosure certified(double lower, double upper, const std::string& method, int bits = 53);
linalg::Enclosure estimate(double value, const std::string& method);

}  // namespace nncert::verifiers
