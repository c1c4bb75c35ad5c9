// Du et al.'s H∞ = ½·Σ⁰ ⊙ Σ̇¹: entry x_iᵀx_j·E[1{u>0}1{v>0}] with the relu dual at Λ = [[‖x_i‖², c], [c, ‖x_j‖²]].
#include "nncert/kernels/h_infinity.hpp"

#include <vector>

#include "dual_activation_impl.hpp"
#include "fast_angle.hpp"
#include "gram_util.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::kernels {
MatD h_infinity(const MatD& X) {
  detail::require_finite(X, "h-infinity: input");
  // H∞(tX) = t²·H∞(X): data far from 1 in magnitude are evaluated on an exactly scaled copy.
  if (const int e = detail::homogeneous_exponent(X); e != 0)
    return detail::unscale_kernel(h_infinity(detail::scaled_by_power_of_two(X, e)), e, true, "h-infinity");
  detail::require_representable_row_norms(X, "h-infinity");
  const Index n = X.rows();
  MatD H = detail::lower_gram(X);
  const VecD sq = H.diagonal();
#pragma omp parallel for schedule(dynamic, 8)
  for (Index j = 0; j < n; ++j) {
    double* col = &H(0, j);
#pragma omp simd
    for (Index i = j + 1; i < n; ++i) col[i] = col[i] * detail::relu_dual_fast(sq(i), sq(j), col[i]).edot;
  }
  for (Index i = 0; i < n; ++i) H(i, i) = sq(i) / 2;
  detail::mirror_lower_require_finite(H, "h-infinity");
  return H;
}

template <class S>
Mat<S> h_infinity_reference(const Mat<S>& X) {
  const Mat<S> G = X * X.transpose();
  const S pi = detail::pi_value<S>();
  Mat<S> H(G.rows(), G.cols());
  for (Index j = 0; j < G.cols(); ++j) {
    for (Index i = 0; i < G.rows(); ++i) {
      H(i, j) = i == j ? G(i, i) / S(2) : G(i, j) * detail::relu_dual_point(G(i, i), G(j, j), G(i, j), pi).edot;
    }
  }
  return H;
}

template Mat<double> h_infinity_reference(const Mat<double>&);
template Mat<Float128> h_infinity_reference(const Mat<Float128>&);
template Mat<MpfrFloat> h_infinity_reference(const Mat<MpfrFloat>&);

// Same argument as fc_kernel_enclosure.cpp (raw Gram enclosure, interval relu dual).
linalg::MatrixEnclosure h_infinity_enclosure(const MatD& X) {
  require_sound_fp_environment();
  if (const int e = detail::homogeneous_exponent(X); e != 0)
    return detail::unscale_enclosure(h_infinity_enclosure(detail::scaled_by_power_of_two(X, e)), e, "h-infinity");
  linalg::MatrixEnclosure out;
  out.mid = h_infinity(X);
  const Index n = X.rows();
  const auto raw = detail::raw_gram_enclosure(X);
  auto raw_at = [&](Index i, Index j) {
    return Interval(sub_down(raw.mid(i, j), raw.rad(i, j)), add_up(raw.mid(i, j), raw.rad(i, j)));
  };
  out.rad.resize(n, n);
  for (Index i = 0; i < n; ++i) {
    const Interval v = raw_at(i, i) / Interval(2.0);
    out.rad(i, i) = detail::radius_about(out.mid(i, i), v.lower(), v.upper());
  }
#pragma omp parallel for schedule(dynamic, 4)
  for (Index j = 0; j < n; ++j) {
    for (Index i = j + 1; i < n; ++i) {
      const Interval c = raw_at(i, j);
      const Interval v = c * detail::relu_dual_interval(raw_at(i, i), raw_at(j, j), c).edot;
      out.rad(i, j) = detail::radius_about(out.mid(i, j), v.lower(), v.upper());
      out.rad(j, i) = out.rad(i, j);
    }
  }
  return out;
}

}  // namespace nncert::kernels
