// The finite CNN (kind = "cnn"): its back-propagated Jacobian against forward-mode derivatives of a
// plain direct convolution written here (no im2col, no matrix products), vjp = Jᵀg and ntk_gram = J Jᵀ,
// and the config errors (the Monte Carlo mean of its empirical NTK against the CNTK:
// tests/unit/kernels/test_cnn_ntk_monte_carlo.cpp). Every positive check has a negative twin.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "nncert/numeric/eigen_multiprecision.hpp"
#include "model_test_helpers.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/cnn.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"

using namespace nncert;
using namespace nncert::models;
using models::test::max_abs;

namespace {

CnnConfig small_cnn(Index channels, Index depth, CnnReadout readout, Index k = 2, std::uint64_t seed = 3) {
  CnnConfig c;
  c.input_channels = 2;
  c.height = 4;
  c.width = 5;  // not square: rows and columns must not be swapped
  c.channels = channels;
  c.depth = depth;
  c.filter = 3;
  c.readout = readout;
  c.output_dim = k;
  c.seed = seed;
  return c;
}

// A value with its directional derivative (forward mode).
template <class S>
struct Dual {
  S v, d;
};

// The net of cnn.hpp evaluated directly from its formula, with θ and its tangent dθ: a direct
// convolution over (out channel, pixel, in channel, filter tap), the readout as a plain sum.
// Returns f (n × k) and its directional derivative J·dθ (n × k).
template <class S>
std::pair<Mat<S>, Mat<S>> direct_forward_mode(const CnnConfig& c, const Vec<S>& theta, const Vec<S>& dtheta, const Mat<S>& X) {
  using std::sqrt;
  const Index P = c.height, Q = c.width, q = c.filter, r = (q - 1) / 2, C = c.channels, L = c.depth - 1, k = c.output_dim;
  const S s = sqrt(S(2) / S(C * q * q));
  Mat<S> f(X.rows(), k), df(X.rows(), k);
  for (Index n = 0; n < X.rows(); ++n) {
    // act[ch][i][j]
    std::vector<std::vector<Dual<S>>> act(static_cast<std::size_t>(c.input_channels), std::vector<Dual<S>>(P * Q));
    for (Index ch = 0; ch < c.input_channels; ++ch)
      for (Index p = 0; p < P * Q; ++p) act[ch][p] = {X(n, ch * P * Q + p), S(0)};
    Index offset = 0;
    for (Index l = 1; l <= L; ++l) {
      const Index cin = static_cast<Index>(act.size());
      std::vector<std::vector<Dual<S>>> next(static_cast<std::size_t>(C), std::vector<Dual<S>>(P * Q));
      for (Index b = 0; b < C; ++b)
        for (Index i = 0; i < P; ++i)
          for (Index j = 0; j < Q; ++j) {
            Dual<S> z{S(0), S(0)};
            for (Index a = 0; a < cin; ++a)
              for (Index u = -r; u <= r; ++u)
                for (Index v = -r; v <= r; ++v) {
                  if (i + u < 0 || i + u >= P || j + v < 0 || j + v >= Q) continue;
                  const Index t = offset + ((b * cin + a) * q + (u + r)) * q + (v + r);
                  const Dual<S>& x = act[a][(i + u) * Q + (j + v)];
                  z.v += theta(t) * x.v;
                  z.d += dtheta(t) * x.v + theta(t) * x.d;
                }
            next[b][i * Q + j] = z.v > S(0) ? Dual<S>{s * z.v, s * z.d} : Dual<S>{S(0), S(0)};
          }
      offset += C * cin * q * q;
      act = std::move(next);
    }
    const Index features = c.readout == CnnReadout::vanilla ? C * P * Q : C;
    for (Index o = 0; o < k; ++o) {
      Dual<S> out{S(0), S(0)};
      for (Index b = 0; b < C; ++b)
        for (Index p = 0; p < P * Q; ++p) {
          const Index t = offset + o * features + (c.readout == CnnReadout::vanilla ? b * P * Q + p : b);
          const S w = c.readout == CnnReadout::vanilla ? S(1) : S(1) / S(P * Q);
          out.v += w * theta(t) * act[b][p].v;
          out.d += w * (dtheta(t) * act[b][p].v + theta(t) * act[b][p].d);
        }
      f(n, o) = S(c.output_scale) * out.v;
      df(n, o) = S(c.output_scale) * out.d;
    }
  }
  return {f, df};
}

MatD images(Index n, const CnnConfig& c, std::uint64_t seed) { return data::Rng(seed).normal_matrix(n, c.input_dim(), 1.0); }

}  // namespace

TEST_CASE("cnn: the back-propagated Jacobian equals forward-mode derivatives of a direct convolution (MPFR 200 bits)",
          "[models][cnn]") {
  const MpfrPrecision precision(200);
  for (const auto readout : {CnnReadout::vanilla, CnnReadout::gap}) {
    for (const Index depth : {2, 3, 4}) {
      CnnConfig c = small_cnn(3, depth, readout);
      if (depth == 3) c.output_scale = 0.25;  // κ enters every derivative
      const Cnn<MpfrFloat> net(c);
      const Mat<MpfrFloat> X = images(3, c, 11).cast<MpfrFloat>();
      const Mat<MpfrFloat> J = net.jacobian(X);
      REQUIRE(J.rows() == 3 * c.output_dim);
      REQUIRE(J.cols() == parameter_count(c));
      data::Rng rng(17);
      for (int trial = 0; trial < 3; ++trial) {
        const Vec<MpfrFloat> dtheta = rng.normal_matrix(J.cols(), 1, 1.0).col(0).cast<MpfrFloat>();
        const auto [f, df] = direct_forward_mode<MpfrFloat>(c, net.params(), dtheta, X);
        const Vec<MpfrFloat> Jv = J * dtheta;
        MpfrFloat err(0), scale(1), ferr(0);
        const Mat<MpfrFloat> out = net.forward(X);
        for (Index i = 0; i < 3; ++i)
          for (Index o = 0; o < c.output_dim; ++o) {
            err = std::max(err, MpfrFloat(abs(Jv(i * c.output_dim + o) - df(i, o))));
            ferr = std::max(ferr, MpfrFloat(abs(out(i, o) - f(i, o))));
            scale = std::max(scale, MpfrFloat(abs(df(i, o))));
          }
        // Two evaluations of the same sums at 200 bits: differences of order 2^-190 relative.
        CHECK(static_cast<double>(err / scale) < 1e-50);
        CHECK(static_cast<double>(ferr / scale) < 1e-50);
      }
      // Negative twin: the direct derivative at θ with one block perturbed (the first filter of the
      // lowest layer) no longer matches the Jacobian at θ.
      Vec<MpfrFloat> moved = net.params();
      moved(0) += MpfrFloat(0.25);
      const Vec<MpfrFloat> dtheta = rng.normal_matrix(J.cols(), 1, 1.0).col(0).cast<MpfrFloat>();
      const auto twin = direct_forward_mode<MpfrFloat>(c, moved, dtheta, X);
      const Vec<MpfrFloat> Jv = J * dtheta;
      MpfrFloat err(0);
      for (Index i = 0; i < 3; ++i)
        for (Index o = 0; o < c.output_dim; ++o) err = std::max(err, MpfrFloat(abs(Jv(i * c.output_dim + o) - twin.second(i, o))));
      CHECK(static_cast<double>(err) > 1e-6);
    }
  }
}

TEST_CASE("cnn: double and Float128 Jacobians agree with the MPFR one", "[models][cnn]") {
  const MpfrPrecision precision(200);
  const CnnConfig c = small_cnn(4, 3, CnnReadout::vanilla);
  const MatD X = images(3, c, 5);
  const Mat<MpfrFloat> Jm = Cnn<MpfrFloat>(c).jacobian(X.cast<MpfrFloat>());
  const MatD Jd = Cnn<double>(c).jacobian(X);
  const Mat<Float128> Jq = Cnn<Float128>(c).jacobian(X.cast<Float128>());
  const double scale = static_cast<double>(max_abs<MpfrFloat>(Jm));
  // A few hundred roundings of relative size 2^-53 (2^-113) each.
  CHECK(static_cast<double>(max_abs<MpfrFloat>(Mat<MpfrFloat>(Jd.cast<MpfrFloat>() - Jm))) <= 1e-12 * scale);
  CHECK(static_cast<double>(max_abs<MpfrFloat>(Mat<MpfrFloat>(Jq.cast<MpfrFloat>() - Jm))) <= 1e-30 * scale);
  // Twin: another seed's Jacobian is far away.
  CHECK(static_cast<double>(max_abs<MpfrFloat>(Mat<MpfrFloat>(Cnn<double>(small_cnn(4, 3, CnnReadout::vanilla, 2, 4)).jacobian(X).cast<MpfrFloat>() - Jm))) > 1e-3 * scale);
}

TEST_CASE("cnn: vjp = Jᵀg, the loss gradient = Jᵀr/n, ntk_gram = J Jᵀ per block", "[models][cnn]") {
  for (const auto readout : {CnnReadout::vanilla, CnnReadout::gap}) {
    const CnnConfig c = small_cnn(5, 3, readout, 3);
    const Cnn<double> net(c);
    const MatD X = images(4, c, 7);
    const MatD J = net.jacobian(X);
    const MatD G = data::Rng(9).normal_matrix(4, 3, 1.0);
    VecD g(12);
    for (Index i = 0; i < 4; ++i)
      for (Index o = 0; o < 3; ++o) g(i * 3 + o) = G(i, o);
    const VecD expected = J.transpose() * g;
    const double tol = 1e-12 * std::max(1.0, expected.cwiseAbs().maxCoeff());
    CHECK((net.vjp(X, G) - expected).cwiseAbs().maxCoeff() <= tol);
    CHECK((net.vjp(X, 2.0 * G) - expected).cwiseAbs().maxCoeff() > 1e3 * tol);  // twin: another cotangent

    const MatD Y = data::Rng(10).normal_matrix(4, 3, 1.0);
    const auto lg = net.squared_loss_and_gradient(X, Y);
    const MatD R = net.forward(X) - Y;
    VecD r(12);
    for (Index i = 0; i < 4; ++i)
      for (Index o = 0; o < 3; ++o) r(i * 3 + o) = R(i, o);
    CHECK(std::abs(lg.loss - R.squaredNorm() / 8.0) <= 1e-14 * lg.loss);
    CHECK((lg.gradient - J.transpose() * r / 4.0).cwiseAbs().maxCoeff() <= tol);

    for (const std::string block : {"all", "layer:1", "layer:2", "output"}) {
      const MatD Jb = net.jacobian_block(X, block);
      const ParameterBlock b = net.block(block);
      CHECK((Jb - J.middleCols(b.offset, b.size)).cwiseAbs().maxCoeff() == 0.0);
      const MatD K = net.ntk_gram_block(X, block);
      const MatD JJ = Jb * Jb.transpose();
      CHECK((K - JJ).cwiseAbs().maxCoeff() <= 1e-12 * JJ.cwiseAbs().maxCoeff());
    }
    // Twin: one layer's Gram is not the whole one.
    const MatD full = net.ntk_gram(X), part = net.ntk_gram_block(X, "layer:2");
    CHECK((full - part).cwiseAbs().maxCoeff() > 1e-3 * full.cwiseAbs().maxCoeff());
    CHECK_THROWS_AS(net.block("layer:3"), InvalidInput);
  }
}

TEST_CASE("cnn: output_scale κ multiplies f by κ and the NTK by κ², exactly (κ a power of two)", "[models][cnn]") {
  CnnConfig c = small_cnn(4, 3, CnnReadout::vanilla);
  const MatD X = images(3, c, 12);
  const Cnn<double> plain(c);
  c.output_scale = 0.125;
  const Cnn<double> scaled(c);
  CHECK((scaled.forward(X) - 0.125 * plain.forward(X)).cwiseAbs().maxCoeff() == 0.0);
  CHECK((scaled.ntk_gram(X) - plain.ntk_gram(X) / 64.0).cwiseAbs().maxCoeff() == 0.0);
  // Twin: the NTK does not scale like f (κ, not κ²).
  CHECK((scaled.ntk_gram(X) - 0.125 * plain.ntk_gram(X)).cwiseAbs().maxCoeff() > 1e-3);
}

TEST_CASE("cnn: the features are the layers' activations, channel-major, and the output", "[models][cnn]") {
  const CnnConfig c = small_cnn(3, 3, CnnReadout::gap);
  const Cnn<double> net(c);
  const MatD X = images(2, c, 8);
  CHECK(net.num_feature_layers() == 4);
  CHECK((net.features(X, 0) - X).norm() == 0.0);
  CHECK((net.features(X, 3) - net.forward(X)).norm() == 0.0);
  const MatD h2 = net.features(X, 2);
  REQUIRE(h2.cols() == 3 * 20);
  // gap readout: f = V·mean over pixels of h^L.
  VecD pooled(3);
  for (Index b = 0; b < 3; ++b) pooled(b) = h2.row(0).segment(b * 20, 20).mean();
  const VecD V = net.params().tail(2 * 3);
  CHECK(std::abs(V.head(3).dot(pooled) - net.forward(X)(0, 0)) <= 1e-13);
  CHECK(std::abs(V.tail(3).dot(pooled) - net.forward(X)(0, 0)) > 1e-6);  // twin: the other output's row
  CHECK_THROWS_AS(net.features(X, 4), InvalidInput);
}

TEST_CASE("cnn: [model] keys, image data required, bad values named", "[models][cnn][config]") {
  const data::ImageShape image{1, 7, 7};
  const auto parse = [&](const std::string& text, std::optional<data::ImageShape> shape, Index d = 49) {
    return parse_model_config(toml::parse(text), d, 10, "p.toml", shape);
  };
  const auto error_of = [&](const std::string& text, std::optional<data::ImageShape> shape, Index d = 49) -> std::string {
    try {
      parse(text, shape, d);
    } catch (const InvalidInput& e) {
      return e.what();
    }
    return "no error";
  };
  const auto c = std::get<CnnConfig>(parse("kind = 'cnn'\nchannels = 8\ndepth = 4\nfilter = 5\nreadout = 'gap'\nseed = 2\n", image));
  CHECK(c.channels == 8);
  CHECK(c.depth == 4);
  CHECK(c.filter == 5);
  CHECK(c.readout == CnnReadout::gap);
  CHECK(c.output_dim == 10);
  CHECK(c.height == 7);
  CHECK(model_kind(c) == "cnn");
  // 8·1·25 + 2·8·8·25 + 10·8
  CHECK(parameter_count(c) == 8 * 25 + 2 * 8 * 8 * 25 + 80);
  CHECK(Cnn<double>(c).num_params() == parameter_count(c));
  CnnConfig v = c;
  v.readout = CnnReadout::vanilla;
  CHECK(parameter_count(v) == 8 * 25 + 2 * 8 * 8 * 25 + 10 * 8 * 49);
  CHECK(Cnn<double>(v).num_params() == parameter_count(v));

  CHECK_THAT(error_of("kind = 'cnn'\nchannels = 8\nfilter = 4\n", image), Catch::Contains("filter") && Catch::Contains("odd"));
  CHECK_THAT(error_of("kind = 'cnn'\nchannels = 8\n", std::nullopt), Catch::Contains("needs image data"));
  CHECK_THAT(error_of("kind = 'cnn'\nchannels = 8\ndepth = 1\n", image), Catch::Contains("depth"));
  CHECK_THAT(error_of("kind = 'cnn'\nchannels = 0\n", image), Catch::Contains("channels"));
  CHECK_THAT(error_of("kind = 'cnn'\nchannels = 8\nreadout = 'max'\n", image), Catch::Contains("readout"));
  CHECK_THAT(error_of("kind = 'cnn'\nchannels = 8\noutput_scale = 0.3\n", image), Catch::Contains("power of two"));
  CHECK_THAT(error_of("kind = 'cnn'\nchannels = 8\noutput_scale = 2.0\n", image), Catch::Contains("output_scale"));
  CHECK(std::get<CnnConfig>(parse("kind = 'cnn'\nchannels = 8\noutput_scale = 0.125\n", image)).output_scale == 0.125);
  CHECK_THAT(error_of("kind = 'cnn'\nchannels = 8\nwidths = [1, 2]\n", image), Catch::Contains("widths"));
  CHECK_THAT(error_of("kind = 'cnn'\nchannels = 8\n", image, 48), Catch::Contains("does not match"));
  CHECK(error_of("kind = 'cnn'\nchannels = 8\n", image) == "no error");
  // Wrong θ length: the model refuses it by name.
  CHECK_THROWS_WITH(Cnn<double>(c, VecD::Zero(parameter_count(c) - 1)), Catch::Contains("p = "));
  CnnConfig even = c;
  even.filter = 2;
  CHECK_THROWS_WITH(Cnn<double>(even), Catch::Contains("odd"));
}
