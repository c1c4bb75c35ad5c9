// Round-to-nearest arithmetic on midpoint-radius matrices; the error model (E1)–(E3) is stated in
// nncert/linalg/matrix_enclosure.hpp. Every radius is computed in round-to-nearest from nonnegative
// terms and then passed through inflate(), justified by this lemma:
//
//   Lemma (inflate). Let v̂ be the RN value of an expression of N <= 7 additions and multiplications
//   of nonnegative doubles (exact inputs, or computed doubles standing for themselves), in which a
//   product's result is multiplied again only by factors <= 2 in total. Then the exact value v obeys
//   v <= v̂(1 + 8u) + 8η, and the RN value of inflate(v̂) = v̂·(1 + 16u) + 16η is >= v + 7η.
//   Proof. By (E1) each RN addition of nonnegatives gives >= (a + b)(1 − u) and each product
//   >= ab(1 − u) − η/2; the η/2 terms are amplified by at most 2, so v̂ >= v(1 − u)^7 − 7η, hence
//   v <= (v̂ + 7η)(1 − u)^−7 <= (v̂ + 7η)(1 + 7.01u) <= v̂(1 + 8u) + 8η. inflate rounds twice:
//   fl(fl(v̂(1 + 16u)) + 16η) >= (v̂(1 + 16u)(1 − u) − η/2)(1 − u) + 16η(1 − u) >= v̂(1 + 13u) + 15η.
//   (1 + 16u = 1 + 2^−49 is a double.)  The slack of 7η also covers the η/2 of the one RN operation
//   that produced a midpoint, whose relative part appears as the explicit u·|mid| term.
// Every inflate() here and in the model enclosures (lib/models/src/*_enclosure.cpp) is applied to such
// an expression; the count is given where it is close to 7. Longer computations (k-term sums) are
// bounded first through (E2)/(E3) or in directed rounding.
#include "nncert/linalg/matrix_enclosure.hpp"

#include <cmath>

#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::linalg {
namespace {
constexpr double u = kUnitRoundoff;
}  // namespace

double inflate(double x) { return x * (1 + 16 * u) + 16 * kEta; }
Eigen::ArrayXXd inflate(const Eigen::ArrayXXd& x) { return x * (1 + 16 * u) + 16 * kEta; }

// C = A·B with A enclosed and B exact (k = inner dimension):
//   |fl(A_m B) − A_m B| <= γ_k |A_m||B| + kη  (E2);   |(A − A_m) B| <= A_r |B|;
//   the exact |A_m||B| and A_r|B| are bounded through (E3) from their RN evaluations T and U.
MatrixEnclosure times_exact(const MatrixEnclosure& a, const MatD& b) {
  const double k = static_cast<double>(a.mid.cols());
  const double g = gamma_up(k);
  const double c1 = div_up(1.0, sub_down(1.0, g));
  const MatD abs_b = b.cwiseAbs();
  MatrixEnclosure c;
  c.mid.noalias() = a.mid * b;
  MatD t;
  t.noalias() = a.mid.cwiseAbs() * abs_b;
  MatD v;
  v.noalias() = a.rad * abs_b;
  const double k_eta = k * kEta;
  c.rad = inflate((g * (t.array() + k_eta) + (v.array() + k_eta)) * c1 + k_eta).matrix();
  return c;
}

// s·C with s ∈ [s_m − s_r, s_m + s_r]: |sC − s_m C_m| <= |s_m| C_r + s_r (|C_m| + C_r), plus the
// rounding of s_m·C_m (u|mid|).
MatrixEnclosure times_scalar(const MatrixEnclosure& c, double s_mid, double s_rad) {
  if (s_mid == 1 && s_rad == 0) return c;
  MatrixEnclosure out;
  out.mid = s_mid * c.mid;
  out.rad = inflate(std::abs(s_mid) * c.rad.array() + s_rad * (c.mid.array().abs() + c.rad.array()) +
                    u * out.mid.array().abs())
                .matrix();
  return out;
}

// C + 1 bᵀ (b exact): one RN addition per entry, |fl(x) − x| <= u|fl(x)| + η/2.
MatrixEnclosure plus_row(const MatrixEnclosure& c, const VecD& b) {
  MatrixEnclosure out;
  out.mid = c.mid.rowwise() + b.transpose();
  out.rad = inflate(c.rad.array() + u * out.mid.array().abs()).matrix();
  return out;
}

// Entrywise product of two enclosures: |xy − x_m y_m| <= |x_m| y_r + x_r |y_m| + x_r y_r.
MatrixEnclosure hadamard(const MatrixEnclosure& x, const MatrixEnclosure& y) {
  MatrixEnclosure out;
  out.mid = x.mid.cwiseProduct(y.mid);
  out.rad = inflate(x.mid.array().abs() * y.rad.array() + x.rad.array() * y.mid.array().abs() +
                    x.rad.array() * y.rad.array() + u * out.mid.array().abs())
                .matrix();
  return out;
}

MatrixEnclosure repeat_rows(const MatrixEnclosure& m, Index k) {
  if (k == 1) return m;
  MatrixEnclosure out{MatD(m.mid.rows() * k, m.mid.cols()), MatD(m.mid.rows() * k, m.mid.cols())};
  for (Index i = 0; i < m.mid.rows(); ++i)
    for (Index o = 0; o < k; ++o) {
      out.mid.row(i * k + o) = m.mid.row(i);
      out.rad.row(i * k + o) = m.rad.row(i);
    }
  return out;
}

MatrixEnclosure gram_enclosure(const MatrixEnclosure& m) {
  // M Mᵀ − M_m M_mᵀ = M_m Δᵀ + Δ M_mᵀ + Δ Δᵀ with |Δ| <= R, so |.| <= 2|M_m| Rᵀ... bounded by
  // |M_m| Rᵀ + R |M_m|ᵀ + R Rᵀ, each product of nonnegative matrices bounded through (E3).
  MatrixEnclosure out = times_exact(m, m.mid.transpose());  // encloses M M_mᵀ, radius R|M_m|ᵀ + rounding
  const double k = static_cast<double>(m.mid.cols());
  const double c1 = div_up(1.0, sub_down(1.0, gamma_up(k)));
  MatD extra;
  extra.noalias() = m.mid.cwiseAbs() * m.rad.transpose();
  MatD rr;
  rr.noalias() = m.rad * m.rad.transpose();
  out.rad = inflate(out.rad.array() + ((extra.array() + rr.array()) + 2 * k * kEta) * c1).matrix();
  // The exact Gram G is symmetric, so |G_ij − (m_ij + m_ji)/2| <= (r_ij + r_ji)/2 <= max(r_ij, r_ji);
  // the average itself rounds once.
  const MatD mid = out.mid;
  out.mid = (mid + mid.transpose()) / 2;
  out.rad = inflate(out.rad.cwiseMax(out.rad.transpose()).array() + u * out.mid.array().abs()).matrix();
  return out;
}

double norm2_upper(const MatrixEnclosure& e) {
  // Every X in the enclosure has |X| <= |mid| + rad entrywise, and ‖X‖₂ <= ‖ |X| ‖₂ <= ‖|mid| + rad‖₂
  // (the 2-norm is monotone on nonnegative matrices).
  MatD bound(e.mid.rows(), e.mid.cols());
  for (Index j = 0; j < bound.cols(); ++j)
    for (Index i = 0; i < bound.rows(); ++i) bound(i, j) = add_up(std::abs(e.mid(i, j)), e.rad(i, j));
  return norm2_upper(bound);
}

}  // namespace nncert::linalg
