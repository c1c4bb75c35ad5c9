// [model] parsing: every positive case has a negative twin naming the key and its line.
#include <catch2/catch.hpp>

#include <string>

#include "nncert/models/model_config.hpp"
#include "nncert/numeric/errors.hpp"

using namespace nncert;
using namespace nncert::models;

namespace {
ModelConfig parse(const std::string& text, Index d = 4, Index k = 1) {
  const toml::table t = toml::parse(text);
  return parse_model_config(t, d, k, "p.toml");
}
std::string error_of(const std::string& text, Index d = 4, Index k = 1) {
  try {
    parse(text, d, k);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("[model] mlp keys parse", "[models][config]") {
  const auto c = std::get<MlpConfig>(parse(
      "kind = 'mlp'\nwidths = [4, 8, 1]\nactivation = 'leaky-relu'\nparameterization = 'ntk'\nbias = false\n"
      "seed = 7\nsigma_w = 4.0\nsigma_b = 0\n"));
  CHECK(c.widths == std::vector<Index>{4, 8, 1});
  CHECK(c.activation == Activation::leaky_relu);
  CHECK(c.parameterization == Parameterization::ntk);
  CHECK(!c.bias);
  CHECK(c.seed == 7);
  CHECK(c.sigma_w == 4.0);
  CHECK(c.sigma_b == 0.0);
  CHECK(parse_activation("leaky_relu") == Activation::leaky_relu);
  CHECK(to_string(Activation::gelu) == "gelu");
}

TEST_CASE("[model] bad values are rejected naming file, key and line", "[models][config]") {
  CHECK_THAT(error_of("widths = [4, 8, 1]\nunknown = 3\n"), Catch::Contains("p.toml:2") && Catch::Contains("unknown"));
  CHECK_THAT(error_of("widths = [5, 8, 1]\n"), Catch::Contains("p.toml:1") && Catch::Contains("widths") &&
                                                   Catch::Contains("input width 5"));
  CHECK_THAT(error_of("widths = [4, 8, 2]\n"), Catch::Contains("widths") && Catch::Contains("output"));
  CHECK_THAT(error_of("widths = [4, 8, 1]\n\nactivation = 'swish'\n"),
             Catch::Contains("p.toml:3") && Catch::Contains("activation") && Catch::Contains("swish"));
  CHECK_THAT(error_of("widths = [4, 8, 1]\nsigma_w = 'big'\n"), Catch::Contains("sigma_w"));
  CHECK_THAT(error_of("widths = [4, 8, 1]\nsigma_w = -1.0\n"), Catch::Contains("sigma_w"));
  CHECK_THAT(error_of("widths = [4, 0, 1]\n"), Catch::Contains("widths"));
  CHECK_THAT(error_of("widths = [4, 8, 1]\nparameterization = 'mup'\n"), Catch::Contains("parameterization"));
  CHECK_THAT(error_of("widths = [4, 8, 1]\nseed = -1\n"), Catch::Contains("seed"));
  CHECK_THAT(error_of("kind = 'cnn'\n"), Catch::Contains("kind") && Catch::Contains("cnn"));
  CHECK_THAT(error_of("kind = 'mlp'\n"), Catch::Contains("widths") && Catch::Contains("required"));
}

TEST_CASE("[model] scaled-shallow and rff-resnet keys", "[models][config]") {
  const auto s = std::get<ScaledShallowConfig>(parse("kind = 'scaled-shallow'\nwidth = 100\ngamma = 0.5\nalpha = 0.7\nseed = 3\n", 5, 2));
  CHECK(s.input_dim == 5);
  CHECK(s.output_dim == 2);
  CHECK(s.width == 100);
  CHECK(s.gamma == 0.5);
  CHECK_THAT(error_of("kind = 'scaled-shallow'\nwidth = 100\ngamma = 1.5\n"), Catch::Contains("gamma"));
  CHECK_THAT(error_of("kind = 'scaled-shallow'\nwidth = 100\nalpha = 1.0\n"), Catch::Contains("alpha"));
  CHECK_THAT(error_of("kind = 'scaled-shallow'\nwidths = [1]\n"), Catch::Contains("widths"));
  const auto r = std::get<RffResNetConfig>(
      parse("kind = 'rff-resnet'\ndepth = 10\nhidden = 8\nfeatures = 64\nbandwidth = 2.0\nseed = 1\n", 4, 2));
  CHECK(r.depth == 10);
  CHECK(r.hidden == 8);
  CHECK(r.features == 64);
  CHECK(r.input_dim == 4);
  CHECK(r.output_dim == 2);
  CHECK_THAT(error_of("kind = 'rff-resnet'\ndepth = 10\nhidden = 2\nfeatures = 64\n", 4, 2), Catch::Contains("hidden"));
  CHECK_THAT(error_of("kind = 'rff-resnet'\ndepth = 0\nhidden = 8\nfeatures = 64\n"), Catch::Contains("depth"));
  CHECK_THAT(error_of("kind = 'rff-resnet'\ndepth = 2\nhidden = 8\nfeatures = 64\nbandwidth = 0\n"),
             Catch::Contains("bandwidth"));
}
