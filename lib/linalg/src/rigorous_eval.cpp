#include "nncert/linalg/rigorous_eval.hpp"

#include <algorithm>
#include <cfenv>
#include <cmath>

#include "nncert/numeric/nan_safe.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::linalg {
namespace {

// z = A·x with every operation rounded in the guard's direction. Monotonicity of directed rounding:
// in FE_UPWARD each fl(p + q) >= p + q and fl(a·b) >= a·b, so by induction over the column-wise
// (axpy) accumulation z_i >= (Ax)_i; FE_DOWNWARD symmetric. Plain loop: single-threaded (A5), and a
// separate noinline function so no operation migrates across the mode switch.
[[gnu::noinline]] void matvec_directed(int mode, const MatD& a, const VecD& x, VecD& z) {
  RoundingModeGuard guard(mode);
  const Index n = a.rows();
  const Index m = a.cols();
  z.setZero(n);
  double* zp = z.data();
  for (Index j = 0; j < m; ++j) {
    const double xj = x(j);
    const double* col = a.data() + j * n;
    for (Index i = 0; i < n; ++i) zp[i] = zp[i] + col[i] * xj;
  }
  fp_barrier(zp);  // the stores through zp complete before the guard restores the mode
}

// Σ_i w_i·v_i with w_i >= 0 ... rounded in the guard's direction (same monotonicity argument).
[[gnu::noinline]] double dot_directed(int mode, const VecD& w, const VecD& v) {
  RoundingModeGuard guard(mode);
  double s = 0;
  for (Index i = 0; i < w.size(); ++i) s = s + w(i) * v(i);
  fp_barrier(s);  // s is computed in the guard's mode
  return s;
}

// Σ_i p_i² over a contiguous array, every product and sum rounded upward (same monotonicity argument).
// fl↑(p_i·p_i) = fl↑(|p_i|·|p_i|): the exact product is the same real. Reads the array in place, so a
// Frobenius bound of a J-sized matrix needs no copy of it.
[[gnu::noinline]] double sum_of_squares_up(const double* p, Index size) {
  RoundingModeGuard guard(FE_UPWARD);
  double s = 0;
  for (Index i = 0; i < size; ++i) s = s + p[i] * p[i];
  fp_barrier(s);  // s is computed in the guard's mode
  return s;
}

// Upper bound of xᵀz given enclosures z_dn <= z <= z_up: x_i·z_i <= x_i·z_up_i if x_i >= 0, else
// x_i·z_dn_i; each product and sum rounded up.
[[gnu::noinline]] double dot_with_enclosure_upper(const VecD& x, const VecD& z_dn, const VecD& z_up) {
  RoundingModeGuard guard(FE_UPWARD);
  double s = 0;
  for (Index i = 0; i < x.size(); ++i) s = s + x(i) * (x(i) >= 0 ? z_up(i) : z_dn(i));
  fp_barrier(s);  // s is computed in the guard's mode
  return s;
}

}  // namespace

double quadratic_form_upper(const MatD& a, const VecD& x) {
  VecD z_up, z_dn;
  matvec_directed(FE_UPWARD, a, x, z_up);
  matvec_directed(FE_DOWNWARD, a, x, z_dn);
  return dot_with_enclosure_upper(x, z_dn, z_up);
}

double quadratic_form_upper(const MatD& mid, const MatD& rad, const VecD& x) {
  // xᵀXx = xᵀ mid x + xᵀ(X − mid)x <= xᵀ mid x + |x|ᵀ rad |x|.
  const VecD ax = x.cwiseAbs();
  VecD r_up;
  matvec_directed(FE_UPWARD, rad, ax, r_up);  // rad >= 0, |x| >= 0
  const double extra = dot_directed(FE_UPWARD, ax, r_up);
  return add_up(quadratic_form_upper(mid, x), extra);
}

double squared_norm_lower(const VecD& x) { return dot_directed(FE_DOWNWARD, x, x); }
double squared_norm_upper(const VecD& x) { return dot_directed(FE_UPWARD, x, x); }

double squared_norm_transpose_product_upper(const MatD& a, const VecD& x) {
  // z = Aᵀx enclosed in [z_dn, z_up]; |z_i| <= max(|z_dn_i|, |z_up_i|); sum of squares rounded up.
  const MatD at = a.transpose();
  VecD z_up, z_dn;
  matvec_directed(FE_UPWARD, at, x, z_up);
  matvec_directed(FE_DOWNWARD, at, x, z_dn);
  VecD mag(z_up.size());
  for (Index i = 0; i < mag.size(); ++i) mag(i) = std::max(std::abs(z_up(i)), std::abs(z_dn(i)));
  return dot_directed(FE_UPWARD, mag, mag);
}

double quotient_upper(double num_up, double den_lo, double den_up) {
  // num <= num_up and den ∈ [den_lo, den_up], den_lo > 0: num/den <= num_up/den_lo if num_up >= 0,
  // else num_up/den_up (a negative numerator is largest over the largest denominator).
  if (!(den_lo > 0)) return kInf;
  return num_up >= 0 ? div_up(num_up, den_lo) : div_up(num_up, den_up);
}

double rayleigh_quotient_upper(const MatD& a, const VecD& x) {
  return quotient_upper(quadratic_form_upper(a, x), squared_norm_lower(x), squared_norm_upper(x));
}

double rayleigh_quotient_upper(const MatD& mid, const MatD& rad, const VecD& x) {
  return quotient_upper(quadratic_form_upper(mid, rad, x), squared_norm_lower(x), squared_norm_upper(x));
}

MatrixEnclosure product_enclosure(const MatD& a, const MatD& b) {
  // Round-to-nearest bound, valid for any summation order, blocking, threading and FMA:
  //   |fl(AB) − AB| <= γ_k|A||B| + kη, and T = fl(|A||B|) >= (1 − γ_k)|A||B| − kη,
  // so |A||B| <= (T + kη)/(1 − γ_k) and rad = g·(T + kη) + kη with g >= γ_k/(1 − γ_k) bounds the error.
  // Summing the k products panel by panel is one more summation order, so the bound is unchanged.
  constexpr Index kPanel = 512;
  const double k = static_cast<double>(a.cols());
  MatrixEnclosure e;
  MatD t;
  if (a.cols() <= kPanel) {
    e.mid.noalias() = a * b;
    t.noalias() = a.cwiseAbs() * b.cwiseAbs();
  } else {
    e.mid = MatD::Zero(a.rows(), b.cols());
    t = MatD::Zero(a.rows(), b.cols());
    for (Index p0 = 0; p0 < a.cols(); p0 += kPanel) {
      const Index len = std::min(kPanel, a.cols() - p0);
      e.mid.noalias() += a.middleCols(p0, len) * b.middleRows(p0, len);
      t.noalias() += a.middleCols(p0, len).cwiseAbs() * b.middleRows(p0, len).cwiseAbs();
    }
  }
  const double ku = mul_up(k + 1, kUnitRoundoff);  // k+1: margin, never smaller than needed
  const double g = ku < 0.25 ? div_up(ku, sub_down(1.0, mul_up(2.0, ku))) : kInf;
  const double keta = mul_up(k + 1, kEta);
  e.rad.resize(t.rows(), t.cols());
  for (Index j = 0; j < t.cols(); ++j)
    for (Index i = 0; i < t.rows(); ++i) {
      const double v = add_up(mul_up(g, add_up(t(i, j), keta)), keta);
      e.rad(i, j) = std::isfinite(e.mid(i, j)) ? v : kInf;
    }
  return e;
}

double norm_inf_upper(const MatD& m) {
  double best = 0;
  for (Index i = 0; i < m.rows(); ++i) {
    double s = 0;
    for (Index j = 0; j < m.cols(); ++j) s = add_up(s, std::abs(m(i, j)));
    best = max_or_nan(best, s);  // a NaN row sum must not be dropped from an upper bound
  }
  return best;
}

double norm_one_upper(const MatD& m) {
  double best = 0;
  for (Index j = 0; j < m.cols(); ++j) {
    double s = 0;
    for (Index i = 0; i < m.rows(); ++i) s = add_up(s, std::abs(m(i, j)));
    best = max_or_nan(best, s);  // a NaN row sum must not be dropped from an upper bound
  }
  return best;
}

double frobenius_squared_upper(const MatD& m) { return sum_of_squares_up(m.data(), m.size()); }

double norm2_upper(const MatD& m) {
  // ‖M‖₂² <= ‖M‖₁‖M‖_∞ (Hölder) and ‖M‖₂² <= ‖M‖_F²; take the smaller.
  const double holder = mul_up(norm_one_upper(m), norm_inf_upper(m));
  // Both are upper bounds; NaN (an entry NaN) in either is kept rather than silently dropped.
  return sqrt_up(min_or_nan(holder, frobenius_squared_upper(m)));
}

Norm2UpperAccumulator::Norm2UpperAccumulator(Index rows) : row_sums_(VecD::Zero(rows)) {}

void Norm2UpperAccumulator::add_columns(const MatD& block) {
  // Row sums continue across blocks in column order (upward rounding); the column sums of a block are
  // whole columns; upper bounds of the Frobenius parts add up to an upper bound of the whole.
  for (Index j = 0; j < block.cols(); ++j)
    for (Index i = 0; i < block.rows(); ++i) row_sums_(i) = add_up(row_sums_(i), std::abs(block(i, j)));
  max_column_sum_ = max_or_nan(max_column_sum_, norm_one_upper(block));
  frobenius_squared_ = add_up(frobenius_squared_, frobenius_squared_upper(block));
}

double Norm2UpperAccumulator::value() const {
  double inf_norm = 0;
  for (Index i = 0; i < row_sums_.size(); ++i) inf_norm = max_or_nan(inf_norm, row_sums_(i));
  // ‖M‖₂² <= ‖M‖₁‖M‖_∞ and ‖M‖₂² <= ‖M‖_F², as in norm2_upper.
  return sqrt_up(min_or_nan(mul_up(max_column_sum_, inf_norm), frobenius_squared_));
}

}  // namespace nncert::linalg
