// [train] parsing: accepted keys and values, and the errors that name the key and its line.
#include <catch2/catch.hpp>

#include "nncert/data/problem_file.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/train/train_config.hpp"

using namespace nncert;

namespace {

train::TrainConfig parse(const std::string& text) {
  const auto problem = data::parse_problem_text(text, "p.toml");
  return train::parse_train_config(data::require_section(problem, "train"), "p.toml");
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("train config: every documented key is read") {
  const auto c = parse(
      "[train]\nalgorithm = \"kawaguchi-sun-two-phase\"\nstep_size = 0.5\nsteps = 300\nloss = \"squared\"\n"
      "record_every = 7\nblock = \"output+output.bias\"\ntau = 100\nperturbation_scale = 0.01\n"
      "perturb = \"frozen\"\nseed = 9\ncertify_every = 2\ngram_every = 3\nthreads = 1\nrtol = 1e-9\n"
      "atol = 1e-13\n");
  CHECK(c.algorithm == train::Algorithm::kawaguchi_sun_two_phase);
  REQUIRE(c.step_size);
  CHECK(*c.step_size == 0.5);
  CHECK(c.steps == 300);
  CHECK(c.record_every == 7);
  CHECK(*c.block == "output+output.bias");
  CHECK(*c.tau == 100);
  CHECK(c.perturbation_scale == 0.01);
  CHECK(c.perturb == train::PerturbTarget::frozen);
  CHECK(c.seed == 9);
  CHECK(c.certify_every == 2);
  CHECK(c.gram_every == 3);
  CHECK(c.threads == 1);
  CHECK(c.rtol == 1e-9);
  CHECK(c.atol == 1e-13);
}

TEST_CASE("train config: defaults leave the step size to the trainer") {
  const auto c = parse("[train]\nalgorithm = \"gd\"\n");
  CHECK(!c.step_size);
  CHECK(!c.tau);
  CHECK(c.algorithm == train::Algorithm::gd);
  for (const char* name : {"gd", "gradient-flow", "kawaguchi-sun-two-phase", "alignment-framework",
                           "node-scaled", "rff-resnet-gd", "rff-resnet-flow"})
    CHECK(train::to_string(train::parse_algorithm(name)) == name);
}

TEST_CASE("train config: an unknown key is rejected naming the key and its line") {
  const auto message = error_of("[train]\nalgorithm = \"gd\"\nstepsize = 0.1\n");
  CHECK_THAT(message, Catch::Contains("p.toml:3"));
  CHECK_THAT(message, Catch::Contains("stepsize"));
}

TEST_CASE("train config: bad values are rejected naming the key") {
  CHECK_THAT(error_of("[train]\nalgorithm = \"adam\"\n"), Catch::Contains("algorithm"));
  CHECK_THAT(error_of("[train]\nstep_size = -1.0\n"), Catch::Contains("step_size"));
  CHECK_THAT(error_of("[train]\nstep_size = \"big\"\n"), Catch::Contains("step_size"));
  CHECK_THAT(error_of("[train]\nsteps = 0\n"), Catch::Contains("steps"));
  CHECK_THAT(error_of("[train]\nloss = \"cross-entropy\"\n"), Catch::Contains("loss"));
  CHECK_THAT(error_of("[train]\nsteps = 10\ntau = 11\n"), Catch::Contains("p.toml:3"));
  CHECK_THAT(error_of("[train]\nperturb = \"some\"\n"), Catch::Contains("perturb"));
  // The twin: the same keys with good values parse.
  CHECK(error_of("[train]\nalgorithm = \"gd\"\nstep_size = 1\nsteps = 10\ntau = 10\n").empty());
}
