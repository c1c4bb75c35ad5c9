// Independent re-checks of data assumptions and of the structural common-model-structure identity:
// each accepts the true claim and rejects a falsified one (ground truth by construction: rows scaled
// or duplicated exactly, a block that does not carry the biases).
#include <catch2/catch.hpp>

#include "nncert/cert/independent_predicates.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/models/build_model.hpp"

using namespace nncert;
using nlohmann::json;

namespace {

theory::LoadedProblem sphere_problem(bool bias) {
  const std::string text = std::string(R"(theorem = "test/predicates"
[data]
source = "synthetic:sphere"
n = 8
d = 3
seed = 5
[model]
kind = "mlp"
widths = [3, 6, 1]
activation = "relu"
seed = 2
bias = )") + (bias ? "true" : "false") + "\n";
  data::ProblemFile problem = data::parse_problem_text(text, "p.toml");
  data::Dataset dataset = data::load_dataset(problem);
  models::ModelConfig model =
      models::parse_model_config(data::require_section(problem, "model"), dataset.d(), dataset.k(), "p.toml");
  return theory::LoadedProblem{std::move(problem), std::move(dataset), std::move(model), toml::table{}};
}

Verdict run(const json& h, const theory::LoadedProblem& p) {
  const VecD theta0 = models::build_model<double>(p.model)->params();
  const auto ic = cert::independent_predicate_check(h, p, theta0);
  REQUIRE(ic);
  INFO(ic->detail);
  CHECK(ic->attempted);
  return ic->verdict;
}

}  // namespace

TEST_CASE("independent unit-norm check: exact sums of squares against the recorded bound") {
  auto p = sphere_problem(false);
  const json h = {{"verifier", "unit_norm_inputs"},
                  {"quantity", "max_i | ||x_i||^2 - 1 |"},
                  {"enclosure", {{"lower", 0.0}, {"upper", 1e-14}}}};
  CHECK(run(h, p) == Verdict::certified);
  p.data.X.row(3) *= 1.5;  // ||x_3||² = 2.25: deviation 1.25 > 1e-14
  CHECK(run(h, p) == Verdict::inconclusive);
  json at_most = h;
  at_most["quantity"] = "max_i ( ||x_i||^2 - 1 )^+";
  p.data.X.row(3) /= 3.0;  // now ||x_3|| = 1/2: allowed by "at most 1"
  CHECK(run(at_most, p) == Verdict::certified);
}

TEST_CASE("independent distinct-inputs check: every pair, exactly") {
  auto p = sphere_problem(false);
  const json plain = {{"verifier", "distinct_inputs"}, {"quantity", "number of duplicate input pairs"}};
  const json parallel = {{"verifier", "distinct_inputs"}, {"quantity", "number of positively parallel or zero input pairs"}};
  CHECK(run(plain, p) == Verdict::certified);
  CHECK(run(parallel, p) == Verdict::certified);
  auto twice = p;
  twice.data.X.row(6) = 2.0 * twice.data.X.row(1);  // exact: a positive multiple
  CHECK(run(plain, twice) == Verdict::certified);
  CHECK(run(parallel, twice) == Verdict::inconclusive);
  auto opposite = p;
  opposite.data.X.row(6) = -opposite.data.X.row(1);  // antiparallel is allowed
  CHECK(run(parallel, opposite) == Verdict::certified);
  auto copy = p;
  copy.data.X.row(7) = copy.data.X.row(2);
  CHECK(run(plain, copy) == Verdict::inconclusive);
}

TEST_CASE("independent common-model-structure confirmation in 256-bit MPFR") {
  const json readout = {{"verifier", "common_model_structure"},
                        {"quantity", "||vec f_X - J_S theta_S||_2"},
                        {"method", "structural: f is linear in the read-out parameters"},
                        {"details", {{"block", "output"}}}};
  CHECK(run(readout, sphere_problem(false)) == Verdict::certified);
  // Euler's identity for one hidden layer holds without biases and fails with them.
  json hidden = readout;
  hidden["details"]["block"] = "layer:1";
  CHECK(run(hidden, sphere_problem(false)) == Verdict::certified);
  CHECK(run(hidden, sphere_problem(true)) == Verdict::inconclusive);
}
