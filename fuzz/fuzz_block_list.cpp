// libFuzzer target: the block-list syntax ("layer:2, output.bias") resolved against the blocks of a
// small MLP, aliases included. Besides "InvalidInput or a result", the result's promises are checked:
// every block is one of the model's, no parameter is selected twice, the blocks are in θ order, and
// the canonical spelling resolves to the same blocks.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "nncert/models/block_list.hpp"
#include "nncert/numeric/errors.hpp"

namespace {

using nncert::models::ParameterBlock;

// The blocks of an MLP 3 -> 4 -> 5 -> 2 with biases, as MlpModel::blocks() names them: "wide" and
// "into-wide" alias the weights around the widest hidden layer, "output" the last layer, "all" everything.
const std::vector<ParameterBlock>& mlp_blocks() {
  static const std::vector<ParameterBlock> blocks = {
      {"layer:1", 0, 12, ""},  {"layer:1.bias", 12, 4, ""}, {"layer:2", 16, 20, ""}, {"layer:2.bias", 36, 5, ""},
      {"output", 41, 10, ""},  {"output.bias", 51, 2, ""},  {"wide", 41, 10, ""},   {"into-wide", 16, 20, ""},
      {"all", 0, 53, ""}};
  return blocks;
}

bool same(const std::vector<ParameterBlock>& a, const std::vector<ParameterBlock>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].offset != b[i].offset || a[i].size != b[i].size) return false;
  return true;
}

void require(bool condition) {
  if (!condition) std::abort();  // a broken promise of resolve_block_list: libFuzzer reports the input
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string list(reinterpret_cast<const char*>(bytes), size);
  std::vector<ParameterBlock> chosen;
  try {
    chosen = nncert::models::resolve_block_list(list, mlp_blocks());
  } catch (const nncert::InvalidInput&) {
    return 0;
  }
  require(!chosen.empty());
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    bool known = false;
    for (const auto& b : mlp_blocks()) known = known || (b.name == chosen[i].name && b.offset == chosen[i].offset);
    require(known);
    if (i > 0) require(chosen[i - 1].offset + chosen[i - 1].size <= chosen[i].offset);
  }
  require(same(nncert::models::resolve_block_list(nncert::models::join_block_names(chosen), mlp_blocks()), chosen));
  return 0;
}
