// [model] theta = "FILE.npy": θ0 from a file. The seeded θ0 written to a file rebuilds the seeded model
// bit for bit (every kind, double and MPFR: the frozen randomness is still drawn from the seed), a
// different θ is taken as written, and a file of the wrong length, dtype, shape or with a NaN is
// refused naming the problem file's key and the .npy.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "nncert/data/npy.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::models;

namespace {

const std::string kMlp = "kind = 'mlp'\nwidths = [3, 5, 2]\nactivation = 'tanh'\nseed = 3\n";
const std::string kShallow = "kind = 'scaled-shallow'\nwidth = 6\ngamma = 0.5\nalpha = 0.7\nseed = 4\n";
const std::string kRff = "kind = 'rff-resnet'\ndepth = 2\nhidden = 3\nfeatures = 4\nseed = 5\n";

ModelConfig parse_in(const std::string& dir, const std::string& text) {
  return parse_model_config(toml::parse(text), 3, 2, dir + "/p.toml");
}

std::string error_of(const std::string& dir, const std::string& text) {
  try {
    parse_in(dir, text);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "no error";
}

MatD inputs() {
  MatD X(4, 3);
  X << 0.3, -0.2, 0.9, -1.1, 0.4, 0.05, 0.7, 0.7, -0.6, 0.0, 1.3, -0.4;
  return X;
}

}  // namespace

TEST_CASE("parameter_count is the built model's p for every kind", "[models][theta-file]") {
  const std::string dir = test::make_temp_dir("theta-count");
  for (const std::string& text : {kMlp, kShallow, kRff, kMlp + "bias = false\n"}) {
    const ModelConfig c = parse_in(dir, text);
    CHECK(parameter_count(c) == build_model<double>(c)->num_params());
  }
  // 3·5 + 5 + 5·2 + 2 by hand (a count that does not come from the code it checks).
  CHECK(parameter_count(parse_in(dir, kMlp)) == 32);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a theta file holding the seeded θ0 rebuilds the seeded model; another θ is used as written", "[models][theta-file]") {
  const std::string dir = test::make_temp_dir("theta-same");
  for (const std::string& text : {kMlp, kShallow, kRff}) {
    INFO(text);
    const ModelConfig seeded = parse_in(dir, text);
    const auto reference = build_model<double>(seeded);
    data::write_npy_vector(dir + "/theta.npy", reference->params());
    const ModelConfig from_file = parse_in(dir, text + "theta = 'theta.npy'\n");
    const auto model = build_model<double>(from_file);
    CHECK(model->params() == reference->params());
    CHECK(model->forward(inputs()) == reference->forward(inputs()));  // frozen randomness unchanged
    {
      const MpfrPrecision precision(200);
      CHECK(build_model<MpfrFloat>(from_file)->params() == build_model<MpfrFloat>(seeded)->params());
    }
    // Negative twin: a different θ is the file's, not the seeded one.
    VecD other = reference->params();
    other.array() += 0.25;
    data::write_npy_vector(dir + "/other.npy", other);
    const auto moved = build_model<double>(parse_in(dir, text + "theta = 'other.npy'\n"));
    CHECK(moved->params() == other);
    CHECK(moved->forward(inputs()) != reference->forward(inputs()));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("bad theta files are refused naming the key and the file", "[models][theta-file]") {
  const std::string dir = test::make_temp_dir("theta-bad");
  const VecD theta = build_model<double>(parse_in(dir, kMlp))->params();
  const auto with = [&](const std::string& file) { return kMlp + "theta = '" + file + "'\n"; };
  CHECK_THAT(error_of(dir, with("missing.npy")), Catch::Contains("p.toml:5: [model].theta") && Catch::Contains("missing.npy"));
  data::write_npy_vector(dir + "/short.npy", theta.head(31));
  CHECK_THAT(error_of(dir, with("short.npy")), Catch::Contains("short.npy: 31 entries, the model has p = 32 parameters"));
  VecD nan = theta;
  nan(7) = std::numeric_limits<double>::quiet_NaN();
  data::write_npy_vector(dir + "/nan.npy", nan);
  CHECK_THAT(error_of(dir, with("nan.npy")), Catch::Contains("nan.npy: entry 7 is nan"));
  data::write_npy(dir + "/matrix.npy", Eigen::Map<const MatD>(theta.data(), 2, 16));
  CHECK_THAT(error_of(dir, with("matrix.npy")), Catch::Contains("matrix.npy: a 2-d array"));
  CHECK_THAT(error_of(dir, with("")), Catch::Contains("[model].theta must name a .npy file"));
  CHECK_THAT(error_of(dir, kMlp + "theta = 3\n"), Catch::Contains("[model].theta must be a string"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("parameter_count refuses sizes whose product overflows", "[models][theta-file]") {
  MlpConfig huge;
  huge.widths = {Index(1) << 40, Index(1) << 40, 1};  // 2^80 weights in the first layer
  CHECK_THROWS_AS(parameter_count(huge), InvalidInput);
  huge.widths = {Index(1) << 20, Index(1) << 20, 1};  // 2^40 + 2^20 + 2^20 + 1: representable
  CHECK(parameter_count(huge) == (Index(1) << 40) + (Index(1) << 20) + (Index(1) << 20) + 1);
}
