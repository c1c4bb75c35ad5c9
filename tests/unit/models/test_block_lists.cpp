// resolve_block_list: a block list becomes a set of parameters (validated, sorted by θ offset).
#include <catch2/catch.hpp>

#include <string>

#include "nncert/models/block_list.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/errors.hpp"

using namespace nncert;
using namespace nncert::models;

namespace {
std::vector<ParameterBlock> blocks_of(bool bias) {
  MlpConfig c;
  c.widths = {3, 5, 2};
  c.bias = bias;
  return Mlp<double>(c).blocks();
}

std::string error_of(const std::string& list, bool bias) {
  try {
    resolve_block_list(list, blocks_of(bias));
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("block lists resolve to parameter sets in θ order, whatever the spelling", "[models][blocks]") {
  const auto a = resolve_block_list("layer:2,layer:1", blocks_of(true));
  REQUIRE(a.size() == 2);
  CHECK(a[0].name == "layer:1");
  CHECK(a[1].name == "layer:2");
  CHECK(a[0].offset < a[1].offset);
  CHECK(join_block_names(a) == "layer:1,layer:2");
  CHECK(join_block_names(resolve_block_list(" output.bias , output ", blocks_of(true))) == "output,output.bias");
  // An alias keeps its own name but covers the same parameters as the layer it names.
  const auto wide = resolve_block_list("wide", blocks_of(false));
  const auto layer2 = resolve_block_list("layer:2", blocks_of(false));
  CHECK(wide[0].offset == layer2[0].offset);
  CHECK(wide[0].size == layer2[0].size);
}

TEST_CASE("block lists reject repeats, aliases of the same parameters, unknown and empty names", "[models][blocks]") {
  CHECK(error_of("layer:1,layer:1", true).find("'layer:1' is listed twice") != std::string::npos);
  CHECK(error_of("wide,layer:2", false).find("name the same parameters") != std::string::npos);
  CHECK(error_of("all,output", false).find("name the same parameters") != std::string::npos);
  CHECK(error_of("layer:3", false).find("unknown block 'layer:3'") != std::string::npos);
  CHECK(error_of("layer:1.bias", false).find("unknown block 'layer:1.bias'") != std::string::npos);  // bias-free
  CHECK(error_of("layer:1,,layer:2", false).find("empty block name") != std::string::npos);
  CHECK(error_of("", false).find("no block named") != std::string::npos);
  CHECK(error_of("layer:3", false).find("allowed names: layer:1, layer:2, output, wide, into-wide, all") != std::string::npos);
  // Twins: disjoint blocks are accepted.
  CHECK(error_of("layer:1,output", false).empty());
  CHECK(error_of("layer:1,layer:1.bias", true).empty());
}
