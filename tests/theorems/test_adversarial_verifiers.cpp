// Adversarial families for the verifiers (one family per defect class): block lists with duplicates,
// aliases and mixtures; exactly parallel inputs at subnormal, tiny and near-overflow magnitudes; problem
// files that try to weaken a theorem's hypotheses. Ground truth is independent of the verifier under
// test: exact rational arithmetic on the stored doubles, or the network evaluated in 256-bit MPFR.
// Every positive case has a negative twin, and no case may end in a false "certified" or "refuted".
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>

#include "nncert/data/csv.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/block_list.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verify.hpp"
#include "test_support.hpp"

namespace {

using nncert::Index;
using nncert::MatD;
using nncert::MpfrFloat;
using nncert::Rational;
using nncert::Verdict;
using nncert::VecD;
using nncert::theory::Finding;

// A one-hypothesis theorem file (so that each verifier is exercised alone) and a problem on X, Y.
struct Case {
  std::string dir;
  std::string theorem_path;
  std::string problem_path;
};

Case write_case(const std::string& name, const std::string& verifier, const std::string& params, const MatD& X,
                const MatD& Y, const std::string& model, const std::string& verify_section) {
  Case c;
  c.dir = nncert::test::make_temp_dir("adversarial_" + name);
  c.theorem_path = c.dir + "/theorem.toml";
  c.problem_path = c.dir + "/problem.toml";
  {
    std::ofstream t(c.theorem_path);
    t << "id = \"adversarial/" << name << "\"\ntitle = \"t\"\npaper = \"p\"\nspec = \"s\"\nstatement = \"s.md\"\n"
      << "[[hypothesis]]\nid = \"h\"\nverifier = \"" << verifier << "\"\nstatement = \"h\"\n";
    if (!params.empty()) t << "params = { " << params << " }\n";
    t << "[conclusion]\nkind = \"global-minimum\"\nstatement = \"c\"\n";
  }
  nncert::data::write_csv(c.dir + "/X.csv", X);
  nncert::data::write_csv(c.dir + "/Y.csv", Y);
  std::ofstream p(c.problem_path);
  p << "[data]\nsource = \"csv:X.csv,Y.csv\"\n[model]\n" << model << "\n";
  if (!verify_section.empty()) p << "[verify]\n" << verify_section << "\n";
  return c;
}

Finding run(const Case& c) {
  const auto theorem = nncert::theory::find_theorem(c.theorem_path);
  const auto report = nncert::theory::verify(theorem, nncert::theory::load_problem(c.problem_path));
  REQUIRE(report.findings.size() == 1);
  return report.findings.front();
}

// The InvalidInput message of a case that must be rejected as bad input ("" when it is accepted).
std::string rejection(const Case& c) {
  try {
    run(c);
  } catch (const nncert::InvalidInput& e) {
    return e.what();
  }
  return "";
}

MatD gaussian(Index rows, Index cols, std::uint64_t salt) {
  nncert::data::Rng rng(nncert::test::seed() + salt);
  MatD m(rows, cols);
  for (Index i = 0; i < m.size(); ++i) m.data()[i] = rng.normal();
  return m;
}

// ---------------------------------------------------------------------------------------------------
// Block lists (common_model_structure): the verdict depends on the parameters S covers, never on the
// spelling. Ground truth: ||f − J_S θ_S|| in 256-bit MPFR through Mlp<MpfrFloat>.

const std::string kBiasFreeRelu = "kind = \"mlp\"\nwidths = [3, 5, 2]\nactivation = \"relu\"\nbias = false\nseed = 3";

double mpfr_residual(const std::string& activation, bool bias, const MatD& X, const std::string& block_list) {
  const nncert::MpfrPrecision precision(256);
  nncert::models::MlpConfig cfg;
  cfg.widths = {3, 5, 2};
  cfg.activation = activation == "relu" ? nncert::models::Activation::relu : nncert::models::Activation::tanh;
  cfg.bias = bias;
  cfg.seed = 3;
  const nncert::models::Mlp<MpfrFloat> net(cfg);
  const nncert::Mat<MpfrFloat> Xm = X.cast<MpfrFloat>();
  const nncert::Mat<MpfrFloat> f = net.forward(Xm);
  nncert::Vec<MpfrFloat> r(f.size());
  for (Index i = 0; i < f.rows(); ++i)
    for (Index o = 0; o < f.cols(); ++o) r(i * f.cols() + o) = f(i, o);  // sample-major vec f
  for (const auto& b : nncert::models::resolve_block_list(block_list, net.blocks()))
    r -= net.jacobian_block(Xm, b.name) * net.params().segment(b.offset, b.size);
  return static_cast<double>(sqrt(r.squaredNorm()));
}

TEST_CASE("block lists: a repeated block, an alias of the same parameters or an unknown name is bad input",
          "[verifiers][adversarial]") {
  const MatD X = gaussian(4, 3, 1), Y = gaussian(4, 2, 2);
  for (const char* list : {"layer:1,layer:1", "wide,layer:2", "output,layer:2", "all,layer:1", "layer:9", "layer:1,",
                           "layer:1.bias"}) {
    INFO("block = " << list);
    const Case c = write_case("dup", "common_model_structure", "", X, Y, kBiasFreeRelu,
                              std::string("block = \"") + list + "\"");
    const std::string why = rejection(c);
    CHECK(why.find(c.problem_path) != std::string::npos);  // names the file,
    CHECK(why.find("'block'") != std::string::npos);       // the key,
    CHECK(why.find("allowed names: ") != std::string::npos);  // and the allowed names
  }
  // Twin: the same model with one valid block is accepted.
  CHECK(rejection(write_case("dup_ok", "common_model_structure", "", X, Y, kBiasFreeRelu, "block = \"layer:1\"")).empty());
}

TEST_CASE("block lists: Euler's identity only where its proof applies; two layers give J_S theta_S = 2f",
          "[verifiers][adversarial]") {
  const MatD X = gaussian(4, 3, 3), Y = gaussian(4, 2, 4);
  // Positive: one weight layer of a bias-free ReLU net (any spelling of it) is certified exactly.
  for (const char* list : {"layer:1", " layer:1 ", "layer:2", "output", "wide"}) {
    INFO("block = " << list);
    const Finding f = run(write_case("euler", "common_model_structure", "", X, Y, kBiasFreeRelu,
                                     std::string("block = \"") + list + "\""));
    CHECK(f.verdict == Verdict::certified);
    CHECK(mpfr_residual("relu", false, X, list) < 1e-60);  // the identity holds exactly (256-bit evaluation)
  }
  // Negative twins: two layers (degree 2), a bias outside S, a smooth activation. None may be
  // certified; each enclosure contains the 256-bit residual, and a residual far from 0 is refuted.
  struct Twin {
    const char* model;
    const char* activation;
    bool bias;
    const char* list;
  };
  const std::string tanh_free = "kind = \"mlp\"\nwidths = [3, 5, 2]\nactivation = \"tanh\"\nbias = false\nseed = 3";
  const std::string relu_bias = "kind = \"mlp\"\nwidths = [3, 5, 2]\nactivation = \"relu\"\nbias = true\nseed = 3";
  for (const Twin& t : {Twin{kBiasFreeRelu.c_str(), "relu", false, "layer:1,layer:2"},
                        Twin{kBiasFreeRelu.c_str(), "relu", false, "layer:2,layer:1"},
                        Twin{relu_bias.c_str(), "relu", true, "layer:1"},
                        Twin{relu_bias.c_str(), "relu", true, "output"},
                        Twin{tanh_free.c_str(), "tanh", false, "layer:1"}}) {
    INFO("model " << t.model << ", block = " << t.list);
    const Finding f = run(write_case("twin", "common_model_structure", "", X, Y, t.model,
                                     std::string("block = \"") + t.list + "\""));
    const double truth = mpfr_residual(t.activation, t.bias, X, t.list);
    CHECK(f.verdict != Verdict::certified);
    CHECK(f.enclosure.lower <= truth);
    CHECK(truth <= f.enclosure.upper);
    if (truth > 1e-6) CHECK(f.verdict == Verdict::refuted);
  }
  // The order of the list is normalised: both spellings give the same enclosure.
  const Finding a = run(write_case("order_a", "common_model_structure", "", X, Y, kBiasFreeRelu, "block = \"layer:1,layer:2\""));
  const Finding b = run(write_case("order_b", "common_model_structure", "", X, Y, kBiasFreeRelu, "block = \"layer:2,layer:1\""));
  CHECK(a.enclosure.lower == b.enclosure.lower);
  CHECK(a.enclosure.upper == b.enclosure.upper);
  CHECK(a.details.at("block") == "layer:1,layer:2");
  CHECK(b.details.at("block") == "layer:1,layer:2");
}

// ---------------------------------------------------------------------------------------------------
// Exactly parallel inputs (distinct_inputs, parallel = true) at every magnitude. Ground truth: exact
// rational proportionality of the stored doubles.

bool exactly_positively_parallel(const VecD& a, const VecD& b) {
  Index p = 0;
  while (p < a.size() && a(p) == 0) ++p;
  if (p == a.size() || b(p) == 0 || (a(p) > 0) != (b(p) > 0)) return false;
  for (Index t = 0; t < a.size(); ++t)
    if (nncert::to_rational(b(t)) * nncert::to_rational(a(p)) != nncert::to_rational(a(t)) * nncert::to_rational(b(p)))
      return false;
  return true;
}

TEST_CASE("parallel inputs: exactly parallel rows are refuted at subnormal, tiny and near-overflow scales",
          "[verifiers][adversarial]") {
  const double eta = std::numeric_limits<double>::denorm_min();
  const MatD Y = MatD::Zero(3, 1);
  const std::string model = "kind = \"mlp\"\nwidths = [3, 4, 1]";
  struct Family {
    const char* name;
    VecD base;
    double factor;  // row 1 = factor · row 0, exact for these entries
  };
  const VecD tiny = (VecD(3) << 1.0, 2.0, -3.0).finished() * std::ldexp(1.0, -540);  // squares underflow to 0
  const VecD subnormal = (VecD(3) << 1.0, 2.0, -3.0).finished() * eta;
  const VecD huge = (VecD(3) << 1.0, -0.5, 0.75).finished() * 1e300;
  for (const Family& fam : {Family{"tiny", tiny, 3.0}, Family{"subnormal", subnormal, 5.0},
                            Family{"near-overflow", huge, 64.0}, Family{"huge-to-tiny", huge, std::ldexp(1.0, -1000)}}) {
    INFO("family " << fam.name);
    MatD X(3, 3);
    X.row(0) = fam.base.transpose();
    X.row(1) = (fam.factor * fam.base).transpose();
    X.row(2) << 0.25, 0.5, 1.0;
    REQUIRE(exactly_positively_parallel(X.row(0).transpose(), X.row(1).transpose()));  // the construction is exact
    const Finding f = run(write_case("parallel", "distinct_inputs", "parallel = true", X, Y, model, ""));
    CHECK(f.verdict == Verdict::refuted);
    // Negative twin: one entry moved by one ulp is not parallel any more (exactly), and certified.
    MatD Z = X;
    Z(1, 2) = std::nextafter(Z(1, 2), 0.0);
    REQUIRE_FALSE(exactly_positively_parallel(Z.row(0).transpose(), Z.row(1).transpose()));
    const Finding g = run(write_case("parallel_twin", "distinct_inputs", "parallel = true", Z, Y, model, ""));
    CHECK(g.verdict == Verdict::certified);
  }
  // Negatively parallel rows are allowed (c > 0 is required); the zero row is refuted.
  MatD X(2, 3);
  X << 1e-160, 2e-160, 3e-160, -2e-160, -4e-160, -6e-160;
  CHECK(run(write_case("antiparallel", "distinct_inputs", "parallel = true", X, MatD::Zero(2, 1), model, "")).verdict ==
        Verdict::certified);
  X.row(1).setZero();
  CHECK(run(write_case("zero_row", "distinct_inputs", "parallel = true", X, MatD::Zero(2, 1), model, "")).verdict ==
        Verdict::refuted);
}

// ---------------------------------------------------------------------------------------------------
// Problem files that try to weaken a hypothesis: every [verify] key outside the theorem's declared
// options is bad input naming the key.

TEST_CASE("problem files cannot weaken a hypothesis: tolerance, mode, parallel or an unknown [verify] key",
          "[verifiers][adversarial]") {
  MatD X(2, 2);
  X << 1.5, 0.0, 0.0, 1.0;  // ||x_0||² = 2.25: not unit
  const MatD Y = MatD::Zero(2, 1);
  const std::string model = "kind = \"mlp\"\nwidths = [2, 4, 1]";
  struct Attempt {
    const char* verifier;
    const char* params;
    const char* verify;
    const char* key;
  };
  for (const Attempt& a : {Attempt{"unit_norm_inputs", "", "tolerance = 100", "tolerance"},
                           Attempt{"unit_norm_inputs", "", "mode = \"at-most\"", "mode"},
                           Attempt{"distinct_inputs", "parallel = true", "parallel = false", "parallel"},
                           Attempt{"ntk_gram", "kernel = \"ntk\"", "kernel = \"nngp\"", "kernel"},
                           Attempt{"unit_norm_inputs", "", "no_such_option = 1", "no_such_option"}}) {
    INFO(a.verifier << " with [verify] " << a.verify);
    const Case c = write_case("weaken", a.verifier, a.params, X, Y, model, a.verify);
    const std::string why = rejection(c);
    CHECK(why.find(c.problem_path) != std::string::npos);
    CHECK(why.find(std::string("'") + a.key + "'") != std::string::npos);
  }
  // Twins: without the override the hypothesis is decided on its own terms, and the options the
  // theorem declares safe are accepted.
  CHECK(run(write_case("unit", "unit_norm_inputs", "", X, Y, model, "")).verdict == Verdict::refuted);
  CHECK(run(write_case("unit_expect", "unit_norm_inputs", "", X, Y, model, "expect = \"refuted\"")).verdict == Verdict::refuted);
  MatD P(2, 2);
  P << 1.0, 2.0, 2.0, 4.0;
  CHECK(run(write_case("par", "distinct_inputs", "parallel = true", P, Y, model, "")).verdict == Verdict::refuted);
  CHECK(rejection(write_case("align_block", "alignment", "", X, Y, model, "block = \"output,output.bias\"")).empty());
}

TEST_CASE("unit norm: the certified statement is what was proven, and the tolerance comes from the theorem",
          "[verifiers][adversarial]") {
  MatD X(2, 2);
  X << 0.6, 0.8, 1.0, 0.0;
  const MatD Y = MatD::Zero(2, 1);
  const std::string model = "kind = \"mlp\"\nwidths = [2, 4, 1]";
  const Finding f = run(write_case("unit_ok", "unit_norm_inputs", "", X, Y, model, ""));
  REQUIRE(f.verdict == Verdict::certified);
  REQUIRE(f.details.count("proven") == 1);
  // Ground truth: max_i |‖x_i‖² − 1| in exact rationals lies under the stated bound.
  Rational worst = 0;
  for (Index i = 0; i < X.rows(); ++i) {
    Rational s = 0;
    for (Index j = 0; j < X.cols(); ++j) s += nncert::to_rational(X(i, j)) * nncert::to_rational(X(i, j));
    worst = std::max(worst, abs(s - 1));
  }
  CHECK(worst <= nncert::to_rational(f.enclosure.upper));
  // Negative twin: a norm² of 1 + 1e-9 is outside the theorem's 1e-12, whatever the problem asks.
  X(0, 0) = std::sqrt(0.36 + 1e-9);
  CHECK(run(write_case("unit_off", "unit_norm_inputs", "", X, Y, model, "")).verdict == Verdict::refuted);
}

}  // namespace
