// Exact derivatives of every model against central finite differences in MPFR at 200 bits, and the
// structural Gram against an explicit J Jᵀ.
#include <catch2/catch.hpp>

#include "nncert/numeric/eigen_multiprecision.hpp"
#include "model_test_helpers.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::models;
using models::test::finite_difference_jacobian;
using models::test::max_abs;

namespace {

MatD random_inputs(Index n, Index d, std::uint64_t seed) { return data::Rng(seed).normal_matrix(n, d, 1.0); }

// At 200 bits with h = 2^-70: truncation ~ h²·|f'''| ≈ 1e-42, rounding ~ 2^-200/h ≈ 1e-39.
constexpr double kFdTolerance = 1e-30;

// Analytic MPFR Jacobian vs MPFR central differences, and the double Jacobian vs the MPFR one.
template <class MakeModel>
void check_jacobian_against_mpfr_fd(MakeModel make, const MatD& X) {
  const MpfrPrecision precision(200);
  auto exact = make(MpfrFloat());
  const Mat<MpfrFloat> Xm = X.cast<MpfrFloat>();
  const Mat<MpfrFloat> J = exact->jacobian(Xm);
  const Mat<MpfrFloat> fd = finite_difference_jacobian(*exact, Xm, MpfrFloat(std::ldexp(1.0, -70)));
  const double scale = std::max(1.0, static_cast<double>(max_abs<MpfrFloat>(J)));
  CHECK(static_cast<double>(max_abs<MpfrFloat>(Mat<MpfrFloat>(J - fd))) <= kFdTolerance * scale);

  auto fast = make(0.0);
  const MatD Jd = fast->jacobian(X);
  // double vs 200-bit: a few hundred roundings of relative size 2^-53 each.
  CHECK((Jd - J.cast<double>()).cwiseAbs().maxCoeff() <= 1e-12 * scale);
}

template <class S>
std::unique_ptr<Model<S>> make_mlp(const MlpConfig& c) {
  return std::make_unique<Mlp<S>>(c);
}

}  // namespace

TEST_CASE("Mlp Jacobian matches MPFR central differences for every activation", "[models][mlp]") {
  const MatD X = random_inputs(3, 3, 11);
  for (auto act : {Activation::relu, Activation::leaky_relu, Activation::softplus, Activation::tanh,
                   Activation::sigmoid, Activation::erf, Activation::gelu, Activation::identity}) {
    for (auto param : {Parameterization::standard, Parameterization::ntk}) {
      MlpConfig c;
      c.widths = {3, 4, 3, 2};
      c.activation = act;
      c.parameterization = param;
      c.seed = 5;
      c.leaky_slope = 0.1;
      INFO("activation " << to_string(act) << ", " << to_string(param));
      check_jacobian_against_mpfr_fd([&](auto s) { return make_mlp<decltype(s)>(c); }, X);
    }
  }
}

TEST_CASE("Mlp without bias: Jacobian and block layout", "[models][mlp]") {
  MlpConfig c;
  c.widths = {2, 5, 1};
  c.activation = Activation::tanh;
  c.bias = false;
  c.seed = 3;
  check_jacobian_against_mpfr_fd([&](auto s) { return make_mlp<decltype(s)>(c); }, random_inputs(4, 2, 1));
  const Mlp<double> net(c);
  CHECK(net.num_params() == 2 * 5 + 5 * 1);
  CHECK_THROWS_AS(net.block("layer:1.bias"), InvalidInput);
}

TEST_CASE("ScaledShallowNet Jacobian matches MPFR central differences", "[models][scaled-shallow]") {
  for (auto act : {Activation::relu, Activation::tanh}) {
    ScaledShallowConfig c{3, 6, act, 0.5, 0.7, 9, 2};
    check_jacobian_against_mpfr_fd([&](auto s) { return std::make_unique<ScaledShallowNet<decltype(s)>>(c); },
                                   random_inputs(3, 3, 2));
  }
}

TEST_CASE("RffResNet Jacobian matches MPFR central differences away from Θ = 0", "[models][rff-resnet]") {
  for (auto map : {RffFeatureMap::rff, RffFeatureMap::cos_no_phase}) {
    RffResNetConfig c{2, 2, 3, 4, 5, 1.5, 4, map, 0.5};
    const VecD theta = data::Rng(17).normal_matrix(c.depth * c.features * c.hidden, 1, 0.5).col(0);
    check_jacobian_against_mpfr_fd(
        [&](auto s) {
          using S = decltype(s);
          auto m = std::make_unique<RffResNet<S>>(c);
          m->set_params(theta.cast<S>());
          return m;
        },
        random_inputs(3, 2, 4));
  }
}

TEST_CASE("Structural NTK Gram equals explicit J Jᵀ, blocks are columns of J", "[models][gram]") {
  MlpConfig mc;
  mc.widths = {4, 6, 9, 5, 3};
  mc.activation = Activation::softplus;
  mc.seed = 21;
  RffResNetConfig rc{3, 2, 3, 5, 7, 1.0, 2, RffFeatureMap::rff, 1.0};
  std::vector<std::unique_ptr<Model<double>>> models;
  models.push_back(std::make_unique<Mlp<double>>(mc));
  mc.parameterization = Parameterization::ntk;
  mc.widths.back() = 1;
  models.push_back(std::make_unique<Mlp<double>>(mc));
  models.push_back(std::make_unique<ScaledShallowNet<double>>(ScaledShallowConfig{4, 7, Activation::relu, 0.3, 0.5, 1, 3}));
  auto rff = std::make_unique<RffResNet<double>>(rc);
  rff->set_params(data::Rng(8).normal_matrix(rff->num_params(), 1, 0.3).col(0));
  models.push_back(std::move(rff));
  for (auto& model : models) {
    INFO(model->kind());
    const MatD X = random_inputs(5, model->input_dim(), 31);
    const MatD J = model->jacobian(X);
    REQUIRE(J.rows() == 5 * model->output_dim());
    REQUIRE(J.cols() == model->num_params());
    for (const auto& b : model->blocks()) {
      INFO("block " << b.name);
      const MatD Js = model->jacobian_block(X, b.name);
      CHECK((Js - J.middleCols(b.offset, b.size)).cwiseAbs().maxCoeff() == 0.0);
      const MatD explicit_gram = Js * Js.transpose();
      const MatD gram = model->ntk_gram_block(X, b.name);
      CHECK((gram - explicit_gram).cwiseAbs().maxCoeff() <= 1e-12 * std::max(1.0, explicit_gram.cwiseAbs().maxCoeff()));
    }
    CHECK_THROWS_AS(model->jacobian_block(X, "no-such-block"), InvalidInput);
    // Vector–Jacobian product and the loss gradient against Jᵀ g.
    const MatD G = random_inputs(5, model->output_dim(), 77);
    const Eigen::Map<const VecD> g_vec(MatD(G.transpose()).data(), G.size());
    const VecD expected = J.transpose() * VecD(Eigen::Map<const VecD>(MatD(G.transpose()).data(), G.size()));
    CHECK((model->vjp(X, G) - expected).cwiseAbs().maxCoeff() <= 1e-12 * std::max(1.0, expected.cwiseAbs().maxCoeff()));
    (void)g_vec;
    const MatD Y = random_inputs(5, model->output_dim(), 78);
    const MatD r = model->forward(X) - Y;
    const VecD grad = J.transpose() * VecD(Eigen::Map<const VecD>(MatD(r.transpose()).data(), r.size())) / 5.0;
    const auto lg = model->squared_loss_and_gradient(X, Y);
    CHECK(lg.loss == Approx(r.squaredNorm() / 10.0).epsilon(1e-14));
    CHECK((lg.gradient - grad).cwiseAbs().maxCoeff() <= 1e-12 * std::max(1.0, grad.cwiseAbs().maxCoeff()));
    CHECK(model->squared_loss(X, Y) == Approx(lg.loss).epsilon(1e-14));
  }
}

TEST_CASE("double and Float128 agree; wrong shapes are rejected", "[models]") {
  MlpConfig c;
  c.widths = {5, 8, 8, 2};
  c.activation = Activation::gelu;
  c.seed = 4;
  const Mlp<double> a(c);
  const Mlp<Float128> b(c);
  const MatD X = random_inputs(6, 5, 12);
  const Mat<Float128> Xq = X.cast<Float128>();
  CHECK((a.forward(X) - b.forward(Xq).cast<double>()).cwiseAbs().maxCoeff() <= 1e-13);
  CHECK((a.ntk_gram(X) - b.ntk_gram(Xq).cast<double>()).cwiseAbs().maxCoeff() <=
        1e-12 * a.ntk_gram(X).cwiseAbs().maxCoeff());
  CHECK_THROWS_AS(a.forward(MatD::Zero(3, 4)), InvalidInput);
  CHECK_THROWS_AS(a.vjp(X, MatD::Zero(6, 3)), InvalidInput);
  Mlp<double> mutable_net(c);
  CHECK_THROWS_AS(mutable_net.set_params(VecD::Zero(3)), InvalidInput);
}
