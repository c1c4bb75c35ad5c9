#pragma once
// Cnn<S> (cnn.hpp): forward and back-propagation through im2col. Activations are stored pixel-major:
// a^l is (n·PQ) × C_l with row i·PQ + p for sample i and pixel p = i_row·Q + j_col, so one convolution
// of a chunk of samples is one matrix product of its patch matrix U (rows: chunk pixels, columns:
// (in channel, filter row, filter column), the order of W's rows in θ) with W^lᵀ.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "layer_products_impl.hpp"
#include "nncert/models/cnn.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::models {

namespace cnn_detail {
template <class S>
using RowMajorMap = Eigen::Map<const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
template <class S>
using RowMajorMutMap = Eigen::Map<Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

struct Geometry {
  Index P, Q, r;
  Index pixels() const { return P * Q; }
  Index q() const { return 2 * r + 1; }
};

// Calls fn(patch_row, column, image_row, c) for every entry of the patch matrix of images i0..i1 that
// lies inside the image: patch_row = (i − i0)·PQ + p, column = c·q² + a·q + b, image_row = i·PQ + p +
// (a − r, b − r). im2col gathers along it and col2im_add scatters back along the same pairs, so the two
// are adjoint by construction.
template <class Fn>
void for_each_patch_entry(const Geometry& g, Index channels, Index i0, Index i1, Fn&& fn) {
  const Index PQ = g.pixels(), q = g.q();
  for (Index c = 0; c < channels; ++c)
    for (Index a = 0; a < q; ++a)
      for (Index b = 0; b < q; ++b) {
        const Index col = (c * q + a) * q + b;
        for (Index i = i0; i < i1; ++i)
          for (Index pi = std::max<Index>(0, g.r - a); pi < std::min<Index>(g.P, g.P + g.r - a); ++pi) {
            const Index image = i * PQ + (pi + a - g.r) * g.Q, patch = (i - i0) * PQ + pi * g.Q;
            for (Index pj = std::max<Index>(0, g.r - b); pj < std::min<Index>(g.Q, g.Q + g.r - b); ++pj)
              fn(patch + pj, col, image + pj + b - g.r, c);
          }
      }
}

// U((i − i0)·PQ + p, c·q² + a·q + b) = A(i·PQ + p + (a − r, b − r), c), 0 outside the image.
template <class S>
Mat<S> im2col(const Mat<S>& A, const Geometry& g, Index i0, Index i1) {
  Mat<S> U = Mat<S>::Zero((i1 - i0) * g.pixels(), A.cols() * g.q() * g.q());
  for_each_patch_entry(g, A.cols(), i0, i1, [&](Index row, Index col, Index src, Index c) { U(row, col) = A(src, c); });
  return U;
}

// The adjoint of im2col: dA(i·PQ + p + (a − r, b − r), c) += dU((i − i0)·PQ + p, c·q² + a·q + b).
template <class S>
void col2im_add(const Mat<S>& dU, const Geometry& g, Index i0, Index i1, Mat<S>& dA) {
  for_each_patch_entry(g, dA.cols(), i0, i1, [&](Index row, Index col, Index dst, Index c) {
    dA(dst, c) += dU(row, col);
  });
}

// Samples per chunk: the patch matrix stays near 2^22 entries (32 MiB in double), and there are at
// least 8 chunks of a large batch so that both cores get work.
inline Index chunk_samples(Index samples, Index pixels, Index patch_columns) {
  const Index by_memory = std::max<Index>(1, (Index{1} << 22) / std::max<Index>(1, pixels * patch_columns));
  return std::min(by_memory, std::max<Index>(1, (samples + 7) / 8));
}

}  // namespace cnn_detail

template <class S>
struct Cnn<S>::Pass {
  std::vector<Mat<S>> a;  // a[0] = input (pixel-major), a[l] = h^l = s·relu(z^l), l = 1..L
  Mat<S> readout_in;      // n × features: flattened h^L (vanilla) or its pixel average (gap)
  Mat<S> out;             // f (n × k), when the pass reached the readout
};

template <class S>
Cnn<S>::Cnn(const CnnConfig& config) : Cnn(config, initial_cnn_params(config).template cast<S>()) {}

template <class S>
Cnn<S>::Cnn(const CnnConfig& config, const Vec<S>& theta) : config_(config) {
  validate(config_);
  const Index L = conv_layers(), q2 = config_.filter * config_.filter;
  offset_.assign(L + 2, 0);
  Index offset = 0;
  for (Index l = 1; l <= L; ++l) {
    offset_[l] = offset;
    offset += config_.channels * in_channels(l) * q2;
  }
  offset_[L + 1] = offset;
  offset += config_.output_dim * readout_features();
  theta_.resize(offset);
  set_params(theta);
}

template <class S>
void Cnn<S>::set_params(const Vec<S>& theta) {
  if (theta.size() != theta_.size())
    throw InvalidInput(fmt::format("cnn::set_params: θ has {} entries, the model has p = {}", theta.size(), theta_.size()));
  theta_ = theta;
}

template <class S>
S Cnn<S>::activation_scale() const {
  using std::sqrt;
  return sqrt(S(2) / S(config_.channels * config_.filter * config_.filter));
}

template <class S>
Index Cnn<S>::readout_features() const {
  return config_.readout == CnnReadout::vanilla ? config_.channels * config_.pixels() : config_.channels;
}

template <class S>
std::vector<ParameterBlock> Cnn<S>::blocks() const {
  std::vector<ParameterBlock> out;
  const Index L = conv_layers(), q = config_.filter;
  for (Index l = 1; l <= L; ++l)
    out.push_back({fmt::format("layer:{}", l), offset_[l], offset_[l + 1] - offset_[l],
                   fmt::format("W^{} ({}x{}x{}x{} filters)", l, config_.channels, in_channels(l), q, q)});
  out.push_back({"output", offset_[L + 1], num_params() - offset_[L + 1],
                 fmt::format("readout V ({}x{}, {})", config_.output_dim, readout_features(), to_string(config_.readout))});
  out.push_back({"all", 0, num_params(), "all parameters"});
  return out;
}

template <class S>
std::vector<Index> Cnn<S>::layers_of(const ParameterBlock& block) const {
  std::vector<Index> layers;
  for (Index l = 1; l <= conv_layers() + 1; ++l) {
    const Index end = l <= conv_layers() ? offset_[l + 1] : num_params();
    if (offset_[l] >= block.offset && end <= block.offset + block.size) layers.push_back(l);
  }
  return layers;
}

template <class S>
typename Cnn<S>::Pass Cnn<S>::run_forward(const Mat<S>& X, Index stop_layer) const {
  const Index n = X.rows(), PQ = config_.pixels(), L = conv_layers(), C = config_.channels;
  const cnn_detail::Geometry g{config_.height, config_.width, (config_.filter - 1) / 2};
  const S s = activation_scale();
  Pass pass;
  pass.a.resize(L + 1);
  Mat<S>& a0 = pass.a[0];
  a0.resize(n * PQ, config_.input_channels);
  for (Index c = 0; c < config_.input_channels; ++c)
    for (Index i = 0; i < n; ++i) a0.col(c).segment(i * PQ, PQ) = X.row(i).segment(c * PQ, PQ).transpose();
  for (Index l = 1; l <= std::min(stop_layer, L); ++l) {
    const Index cols = in_channels(l) * config_.filter * config_.filter;
    const cnn_detail::RowMajorMap<S> W(theta_.data() + offset_[l], C, cols);
    Mat<S>& h = pass.a[l];
    h.resize(n * PQ, C);
    const Index chunk = cnn_detail::chunk_samples(n, PQ, cols);
    const Index chunks = (n + chunk - 1) / chunk;
    // Chunks in parallel, each product single-threaded (Eigen does not nest inside a parallel
    // region): one barrier per layer, where Eigen's own threading would meet one per product block
    // and measured 5× slower on a loaded 2-core machine. Multiprecision scalars run serially (MPFR's
    // precision is per thread).
#pragma omp parallel for schedule(dynamic, 1) if (detail::kIsDouble<S>)
    for (Index t = 0; t < chunks; ++t) {
      const Index i0 = t * chunk, i1 = std::min(n, i0 + chunk);
      const Mat<S> U = cnn_detail::im2col(pass.a[l - 1], g, i0, i1);
      Mat<S> z = detail::mat_mul<S>(U, W.transpose());
      // h = s·relu(z).
      for (Index c = 0; c < C; ++c)
        for (Index r = 0; r < z.rows(); ++r) z(r, c) = z(r, c) > S(0) ? S(s * z(r, c)) : S(0);
      h.middleRows(i0 * PQ, (i1 - i0) * PQ) = z;
    }
  }
  if (stop_layer <= L) return pass;
  const Mat<S>& top = pass.a[L];
  pass.readout_in.resize(n, readout_features());
  if (config_.readout == CnnReadout::vanilla) {
    for (Index c = 0; c < C; ++c)
      for (Index i = 0; i < n; ++i) pass.readout_in.row(i).segment(c * PQ, PQ) = top.col(c).segment(i * PQ, PQ).transpose();
  } else {
    for (Index c = 0; c < C; ++c)
      for (Index i = 0; i < n; ++i) pass.readout_in(i, c) = top.col(c).segment(i * PQ, PQ).sum() / S(PQ);
  }
  const cnn_detail::RowMajorMap<S> V(theta_.data() + offset_[L + 1], config_.output_dim, readout_features());
  pass.out = detail::mat_mul<S>(pass.readout_in, V.transpose());
  if (config_.output_scale != 1.0) pass.out *= S(config_.output_scale);
  return pass;
}

template <class S>
std::vector<Mat<S>> Cnn<S>::backward(const Pass& pass, const Mat<S>& seed, Index reps, Index lowest) const {
  const Index R = seed.rows(), PQ = config_.pixels(), L = conv_layers(), C = config_.channels;
  const cnn_detail::Geometry g{config_.height, config_.width, (config_.filter - 1) / 2};
  const S s = activation_scale();
  const cnn_detail::RowMajorMap<S> V(theta_.data() + offset_[L + 1], config_.output_dim, readout_features());
  Mat<S> d_readout = detail::mat_mul<S>(seed, V);  // R × features
  if (config_.output_scale != 1.0) d_readout *= S(config_.output_scale);
  // ∂/∂h^L, (R·PQ) × C.
  Mat<S> dh(R * PQ, C);
  for (Index c = 0; c < C; ++c)
    for (Index r = 0; r < R; ++r) {
      if (config_.readout == CnnReadout::vanilla) dh.col(c).segment(r * PQ, PQ) = d_readout.row(r).segment(c * PQ, PQ).transpose();
      else dh.col(c).segment(r * PQ, PQ).setConstant(d_readout(r, c) / S(PQ));
    }
  std::vector<Mat<S>> dz(L + 1);
  for (Index l = L; l >= lowest && l >= 1; --l) {
    // dz^l = dh^l ⊙ s·relu'(z^l), relu'(z) = 1 exactly where h^l = s·relu(z) > 0.
    const Mat<S>& h = pass.a[l];
    for (Index c = 0; c < C; ++c)
      for (Index r = 0; r < R; ++r) {
        const Index src = (r / reps) * PQ;
        for (Index p = 0; p < PQ; ++p) dh(r * PQ + p, c) = h(src + p, c) > S(0) ? S(s * dh(r * PQ + p, c)) : S(0);
      }
    dz[l] = std::move(dh);
    if (l == lowest || l == 1) break;
    // dh^{l−1} = col2im(dz^l W^l).
    const Index cols = in_channels(l) * config_.filter * config_.filter;
    const cnn_detail::RowMajorMap<S> W(theta_.data() + offset_[l], C, cols);
    dh = Mat<S>::Zero(R * PQ, in_channels(l));
    const Index chunk = cnn_detail::chunk_samples(R, PQ, cols);
    const Index chunks = (R + chunk - 1) / chunk;
    // col2im of rows r0..r1 writes only those rows' pixels: the chunks are disjoint.
#pragma omp parallel for schedule(dynamic, 1) if (detail::kIsDouble<S>)
    for (Index t = 0; t < chunks; ++t) {
      const Index r0 = t * chunk, r1 = std::min(R, r0 + chunk);
      const Mat<S> dU = detail::mat_mul<S>(dz[l].middleRows(r0 * PQ, (r1 - r0) * PQ), W);
      cnn_detail::col2im_add(dU, g, r0, r1, dh);
    }
  }
  return dz;
}

template <class S>
Vec<S> Cnn<S>::gradient_from(const Pass& pass, const Mat<S>& seed, const std::vector<Mat<S>>& dz) const {
  const Index n = seed.rows(), PQ = config_.pixels(), L = conv_layers(), C = config_.channels;
  const cnn_detail::Geometry g{config_.height, config_.width, (config_.filter - 1) / 2};
  Vec<S> grad(num_params());
  for (Index l = 1; l <= L; ++l) {
    const Index cols = in_channels(l) * config_.filter * config_.filter;
    cnn_detail::RowMajorMutMap<S> gW(grad.data() + offset_[l], C, cols);
    // ∂/∂W^l = Σ_{samples, pixels} dz^l(row, ·)ᵀ U(row, ·): per-chunk products, summed in chunk order
    // (the same sum whatever the thread count).
    const Index chunk = cnn_detail::chunk_samples(n, PQ, cols);
    const Index chunks = (n + chunk - 1) / chunk;
    std::vector<Mat<S>> parts(static_cast<std::size_t>(chunks));
#pragma omp parallel for schedule(dynamic, 1) if (detail::kIsDouble<S>)
    for (Index t = 0; t < chunks; ++t) {
      const Index i0 = t * chunk, i1 = std::min(n, i0 + chunk);
      const Mat<S> U = cnn_detail::im2col(pass.a[l - 1], g, i0, i1);
      parts[static_cast<std::size_t>(t)] = detail::mat_mul<S>(dz[l].middleRows(i0 * PQ, (i1 - i0) * PQ).transpose(), U);
    }
    gW.setZero();
    for (const Mat<S>& part : parts) gW += part;
  }
  cnn_detail::RowMajorMutMap<S> gV(grad.data() + offset_[L + 1], config_.output_dim, readout_features());
  gV = detail::mat_mul<S>(seed.transpose(), pass.readout_in);
  if (config_.output_scale != 1.0) gV *= S(config_.output_scale);
  return grad;
}

template <class S>
Mat<S> Cnn<S>::layer_jacobian(const Pass& pass, const Mat<S>& seed, const std::vector<Mat<S>>& dz, Index layer,
                              Index reps) const {
  const Index R = seed.rows(), PQ = config_.pixels(), L = conv_layers(), C = config_.channels;
  if (layer == L + 1) {
    // ∂f_r/∂V(o, j) = κ·seed(r, o)·readout_in(i(r), j).
    const Index nf = readout_features();
    const S kappa(config_.output_scale);
    Mat<S> J(R, config_.output_dim * nf);
    for (Index r = 0; r < R; ++r)
      for (Index o = 0; o < config_.output_dim; ++o)
        J.row(r).segment(o * nf, nf) = (kappa * seed(r, o)) * pass.readout_in.row(r / reps);
    return J;
  }
  const cnn_detail::Geometry g{config_.height, config_.width, (config_.filter - 1) / 2};
  const Index cols = in_channels(layer) * config_.filter * config_.filter;
  Mat<S> J(R, C * cols);
  for (Index i = 0; i * reps < R; ++i) {
    const Mat<S> U = cnn_detail::im2col(pass.a[layer - 1], g, i, i + 1);
    for (Index r = i * reps; r < (i + 1) * reps; ++r) {
      const Mat<S> G = detail::mat_mul<S>(dz[layer].middleRows(r * PQ, PQ).transpose(), U);  // C × cols
      for (Index b = 0; b < C; ++b)
        for (Index c = 0; c < cols; ++c) J(r, b * cols + c) = G(b, c);
    }
  }
  return J;
}

template <class S>
Mat<S> Cnn<S>::forward(const Mat<S>& X) const {
  this->check_input(X, "forward");
  return run_forward(X, conv_layers() + 1).out;
}

template <class S>
Mat<S> Cnn<S>::features(const Mat<S>& X, Index layer) const {
  this->check_input(X, "features");
  const Index L = conv_layers();
  if (layer < 0 || layer > L + 1)
    throw InvalidInput(fmt::format("cnn::features: layer {} out of range 0..{}", layer, L + 1));
  if (layer == 0) return X;
  const Pass pass = run_forward(X, layer);
  if (layer == L + 1) return pass.out;
  const Index n = X.rows(), PQ = config_.pixels();
  Mat<S> out(n, config_.channels * PQ);
  for (Index c = 0; c < config_.channels; ++c)
    for (Index i = 0; i < n; ++i) out.row(i).segment(c * PQ, PQ) = pass.a[layer].col(c).segment(i * PQ, PQ).transpose();
  return out;
}

template <class S>
template <class Fn>
void Cnn<S>::for_each_layer_jacobian(const Mat<S>& X, const ParameterBlock& block, Fn&& fn) const {
  const auto layers = layers_of(block);
  const Index n = X.rows(), k = output_dim(), L = conv_layers();
  const Pass pass = run_forward(X, L + 1);
  const Mat<S> seed = detail::jacobian_seed<S>(n, k);
  const auto dz = backward(pass, seed, k, layers.front());
  for (const Index l : layers) fn(l, layer_jacobian(pass, seed, dz, l, k));
}

template <class S>
Mat<S> Cnn<S>::jacobian_block(const Mat<S>& X, const std::string& block_name) const {
  this->check_input(X, "jacobian_block");
  const ParameterBlock blk = this->block(block_name);
  Mat<S> J(X.rows() * output_dim(), blk.size);
  for_each_layer_jacobian(X, blk, [&](Index l, const Mat<S>& Jl) {
    J.middleCols(offset_[l] - blk.offset, Jl.cols()) = Jl;
  });
  return J;
}

template <class S>
Mat<S> Cnn<S>::ntk_gram_block(const Mat<S>& X, const std::string& block_name) const {
  this->check_input(X, "ntk_gram_block");
  const ParameterBlock blk = this->block(block_name);
  // One layer's Jacobian at a time: J Jᵀ = Σ_l J_l J_lᵀ.
  const Index rows = X.rows() * output_dim();
  Mat<S> gram = Mat<S>::Zero(rows, rows);
  for_each_layer_jacobian(X, blk, [&](Index, const Mat<S>& Jl) { gram += detail::gram_of_rows<S>(Jl); });
  return gram;
}

template <class S>
Vec<S> Cnn<S>::vjp(const Mat<S>& X, const Mat<S>& G) const {
  this->check_input(X, "vjp");
  if (G.rows() != X.rows() || G.cols() != output_dim())
    throw InvalidInput(fmt::format("cnn::vjp: cotangent is {}x{}, expected {}x{}", G.rows(), G.cols(), X.rows(), output_dim()));
  const Pass pass = run_forward(X, conv_layers() + 1);
  return gradient_from(pass, G, backward(pass, G, 1, 1));
}

template <class S>
typename Model<S>::LossAndGradient Cnn<S>::squared_loss_and_gradient(const Mat<S>& X, const Mat<S>& Y) const {
  this->check_targets(X, Y, "squared_loss_and_gradient");
  const Pass pass = run_forward(X, conv_layers() + 1);
  const S n = S(X.rows());
  const Mat<S> r = pass.out - Y;
  const Mat<S> seed = r / n;
  return {r.squaredNorm() / (S(2) * n), gradient_from(pass, seed, backward(pass, seed, 1, 1))};
}

}  // namespace nncert::models
