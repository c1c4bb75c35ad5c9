#pragma once
// Block lists as sets of parameters: the one parser of "layer:1,layer:2"-style specifications.
#include <string>
#include <vector>

#include "nncert/models/model.hpp"

namespace nncert::models {

// A block list ("layer:2,layer:1", "output,output.bias") resolved against a model's blocks into a
// set of parameters: every name must be one of `available` (surrounding spaces ignored), no
// parameter may be named twice (a repeated name, or two aliases such as "wide" and "layer:2" that
// cover the same entries of θ, would make θ_S count those entries twice), and the blocks come back
// sorted by offset, so that every spelling of one set selects the same θ_S in the same order.
// Throws InvalidInput("block list '...': ...", listing the allowed names) otherwise; the caller
// prefixes the file and key.
std::vector<ParameterBlock> resolve_block_list(const std::string& list, const std::vector<ParameterBlock>& available);
// The canonical spelling of a resolved list: its names joined by ',' in θ order.
std::string join_block_names(const std::vector<ParameterBlock>& blocks);

}  // namespace nncert::models
