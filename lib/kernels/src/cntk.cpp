// CNTK Grams: per-image self chains once, pairs spread over the threads (OpenMP), double / any scalar
// / outward-rounded intervals.
#include "nncert/kernels/cntk.hpp"

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "cntk_impl.hpp"
#include "gram_util.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/fp_environment.hpp"

namespace nncert::kernels {

void validate(const CntkSpec& spec, const ImageGeometry& geometry, Index columns) {
  if (spec.depth < 2) throw InvalidInput("kernel: cntk depth must be >= 2 (convolutional layers + 1), got " + std::to_string(spec.depth));
  if (spec.filter < 1 || spec.filter % 2 == 0) throw InvalidInput("kernel: cntk filter size must be odd and >= 1, got " + std::to_string(spec.filter));
  if (geometry.channels < 1 || geometry.height < 1 || geometry.width < 1) {
    throw InvalidInput("kernel: cntk needs image data (channels, height, width >= 1)");
  }
  if (geometry.channels * geometry.height * geometry.width != columns) {
    throw InvalidInput("kernel: image shape " + std::to_string(geometry.channels) + "x" + std::to_string(geometry.height) + "x" +
                       std::to_string(geometry.width) + " does not match the " + std::to_string(columns) + " input columns");
  }
}

namespace detail {
CntkShape make_shape(const CntkSpec& spec, const ImageGeometry& geometry) {
  return {geometry.channels, geometry.height, geometry.width, (spec.filter - 1) / 2, spec.depth - 1,
          spec.fix_first_last, spec.readout};
}
}  // namespace detail

namespace {

template <class S>
struct ImageSet {
  Index n = 0, size = 0, chain = 0;
  std::vector<S> pixels;  // row-major copy: image t at pixels[t·size]
  std::vector<S> self;    // self chain of image t at self[t·chain]
};

template <class S>
ImageSet<S> prepare(const Mat<S>& X, const detail::CntkShape& g) {
  ImageSet<S> set;
  set.n = X.rows();
  set.size = X.cols();
  set.chain = g.layers * g.pixels();
  set.pixels.resize(static_cast<std::size_t>(set.n * set.size));
  for (Index t = 0; t < set.n; ++t) {
    for (Index k = 0; k < set.size; ++k) set.pixels[static_cast<std::size_t>(t * set.size + k)] = X(t, k);
  }
  set.self.resize(static_cast<std::size_t>(set.n * set.chain));
  for (Index t = 0; t < set.n; ++t) {
    detail::cntk_self_chain(g, set.pixels.data() + t * set.size, set.self.data() + t * set.chain);
  }
  return set;
}

// Entries (i, j) of K(A, B); symmetric: only i <= j are computed and mirrored.
template <class S>
Mat<S> cntk_block(const ImageSet<S>& A, const ImageSet<S>& B, const detail::CntkShape& g, bool symmetric) {
  std::vector<std::pair<Index, Index>> pairs;
  for (Index j = 0; j < B.n; ++j) {
    for (Index i = 0; i < (symmetric ? j + 1 : A.n); ++i) pairs.emplace_back(i, j);
  }
  Mat<S> K(A.n, B.n);
  const auto count = static_cast<std::int64_t>(pairs.size());
  // Multiprecision scalars keep per-thread precision state: they run serially.
  constexpr bool parallel = std::is_same_v<S, double> || std::is_same_v<S, Interval>;
#pragma omp parallel if (parallel)
  {
    detail::CntkWorkspace<S> w;
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t t = 0; t < count; ++t) {
      const auto [i, j] = pairs[static_cast<std::size_t>(t)];
      K(i, j) = detail::cntk_pair(g, A.pixels.data() + i * A.size, B.pixels.data() + j * B.size,
                                  A.self.data() + i * A.chain, B.self.data() + j * B.chain, symmetric && i == j, w);
    }
  }
  if (symmetric) {
    for (Index j = 0; j < B.n; ++j) {
      for (Index i = 0; i < j; ++i) K(j, i) = K(i, j);
    }
  }
  return K;
}

}  // namespace

MatD cntk_gram(const MatD& X, const ImageGeometry& geometry, const CntkSpec& spec) {
  validate(spec, geometry, X.cols());
  detail::require_finite(X, "kernel: cntk input");
  // The CNTK (bias-free ReLU) is homogeneous of degree 2 in the images: scale far-from-1 data exactly.
  if (const int e = detail::homogeneous_exponent(X); e != 0)
    return detail::unscale_kernel(cntk_gram(detail::scaled_by_power_of_two(X, e), geometry, spec), e, true,
                                  "kernel: cntk");
  detail::require_representable_row_norms(X, "kernel: cntk");
  const auto g = detail::make_shape(spec, geometry);
  const auto set = prepare(X, g);
  MatD K = cntk_block(set, set, g, true);
  detail::require_finite_result(K, "kernel: cntk");
  return K;
}

MatD cntk_cross(const MatD& X1, const MatD& X2, const ImageGeometry& geometry, const CntkSpec& spec) {
  validate(spec, geometry, X1.cols());
  validate(spec, geometry, X2.cols());
  detail::require_finite(X1, "kernel: cntk first input");
  detail::require_finite(X2, "kernel: cntk second input");
  {
    MatD both(X1.rows() + X2.rows(), X1.cols());
    both << X1, X2;
    if (const int e = detail::homogeneous_exponent(both); e != 0)
      return detail::unscale_kernel(cntk_cross(detail::scaled_by_power_of_two(X1, e),
                                               detail::scaled_by_power_of_two(X2, e), geometry, spec),
                                    e, false, "kernel: cntk");
  }
  detail::require_representable_row_norms(X1, "kernel: cntk first input");
  detail::require_representable_row_norms(X2, "kernel: cntk second input");
  const auto g = detail::make_shape(spec, geometry);
  MatD K = cntk_block(prepare(X1, g), prepare(X2, g), g, false);
  detail::require_finite_result(K, "kernel: cntk");
  return K;
}

template <class S>
Mat<S> cntk_gram_reference(const Mat<S>& X, const ImageGeometry& geometry, const CntkSpec& spec) {
  validate(spec, geometry, X.cols());
  const auto g = detail::make_shape(spec, geometry);
  const auto set = prepare(X, g);
  return cntk_block(set, set, g, true);
}

template Mat<double> cntk_gram_reference(const Mat<double>&, const ImageGeometry&, const CntkSpec&);
template Mat<Float128> cntk_gram_reference(const Mat<Float128>&, const ImageGeometry&, const CntkSpec&);
template Mat<MpfrFloat> cntk_gram_reference(const Mat<MpfrFloat>&, const ImageGeometry&, const CntkSpec&);

// Rigorous bound: the same pair computation with S = Interval. Inputs are exact doubles, products and
// sums are outward rounded, the relu duals are enclosed as in fc_kernel_enclosure.cpp (monotone κ0,
// κ1; widened libm arccos; ρ ∩ [−1, 1]); so each interval contains the exact CNTK of the double
// images and rad = max(hi − mid, mid − lo) rounded up bounds the double evaluation's error.
linalg::MatrixEnclosure cntk_gram_enclosure(const MatD& X, const ImageGeometry& geometry, const CntkSpec& spec) {
  require_sound_fp_environment();
  if (const int e = detail::homogeneous_exponent(X); e != 0)
    return detail::unscale_enclosure(cntk_gram_enclosure(detail::scaled_by_power_of_two(X, e), geometry, spec), e,
                                     "kernel: cntk");
  linalg::MatrixEnclosure out;
  out.mid = cntk_gram(X, geometry, spec);
  const auto g = detail::make_shape(spec, geometry);
  const Mat<Interval> XI = X.cast<Interval>();
  const auto set = prepare(XI, g);
  const Mat<Interval> KI = cntk_block(set, set, g, true);
  out.rad.resize(X.rows(), X.rows());
  for (Index j = 0; j < X.rows(); ++j) {
    for (Index i = 0; i < X.rows(); ++i) {
      out.rad(i, j) = detail::radius_about(out.mid(i, j), KI(i, j).lower(), KI(i, j).upper());
    }
  }
  return out;
}

}  // namespace nncert::kernels
