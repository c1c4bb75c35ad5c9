#include "nncert/linalg/sigma_min.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <Eigen/QR>
#include <Eigen/SVD>
#include <fmt/format.h>

#include "nncert/linalg/certify_spd.hpp"
#include "nncert/linalg/exact.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/nan_safe.hpp"
#include "nncert/numeric/rounding.hpp"
#include "power_of_two_scaling.hpp"

namespace nncert::linalg {
namespace {

constexpr double kExactWork = 4e6;    // m·m·k limit for exact (Bareiss) rank
constexpr double kModularWork = 2e7;  // m·m·k limit for the rank mod p

struct Bounds {
  double lower = 0;  // rigorous lower bound of σ_min (>= 0)
  double upper = kInf;
  Index rank_lower = 0;
  std::string method;
};

// enclosure of M − I given an enclosure of M (subtraction rounded to nearest: error <= u|result|).
MatrixEnclosure minus_identity(MatrixEnclosure e) {
  for (Index i = 0; i < e.mid.rows(); ++i) e.mid(i, i) -= 1.0;
  for (Index j = 0; j < e.mid.cols(); ++j)
    for (Index i = 0; i < e.mid.rows(); ++i)
      if (i == j) e.rad(i, j) = add_up(e.rad(i, j), mul_up(kUnitRoundoff, std::abs(e.mid(i, j))));
  return e;
}

// Gram route (docs/floating-point.md, "σ_min and rank of a Jacobian"): G̃ = fl(K Kᵀ), |G̃ − KKᵀ| <=
// γ_k|K||K|ᵀ + kη entrywise, so ‖G̃ − KKᵀ‖₂ <= ρ := γ_{k+1}‖K‖_F² + m(k+1)η (‖|K||K|ᵀ‖₂ <= tr(|K||K|ᵀ) =
// ‖K‖_F²). With Weyl, λ_min(KKᵀ) >= λ_min(G̃) − ρ, and λ_min(KKᵀ) <= upper_λ(G̃) + ρ.
Bounds gram_route(const MatD& k_mat, double threshold) {
  Bounds b;
  const Index m = k_mat.rows();
  const double k = static_cast<double>(k_mat.cols());
  MatD g;
  g.noalias() = k_mat * k_mat.transpose();
  for (Index j = 0; j < m; ++j)  // exact symmetry: use the computed lower triangle for both halves
    for (Index i = j + 1; i < m; ++i) g(j, i) = g(i, j);
  if (!g.allFinite()) return b;
  const double rho = add_up(mul_up(gamma_up(k + 1), frobenius_squared_upper(k_mat)),
                            mul_up(mul_up(static_cast<double>(m), k + 1), kEta));
  SpdOptions o;
  o.shift = add_up(mul_up(threshold, threshold), rho);
  // ρ or t² beyond the double range: this route can say nothing; the SVD route is tried next (an
  // overflow in one route is never an error of the input).
  if (!std::isfinite(rho) || !std::isfinite(o.shift)) return b;
  o.allow_exact = false;  // exact decisions about G̃ say nothing more than the radius allows
  const SpdResult r = certify_lambda_min(g, o);
  if (!r.lambda_min.certified) return b;
  const double lo2 = sub_down(r.lambda_min.lower, rho);
  b.lower = lo2 > 0 ? sqrt_down(lo2) : 0.0;
  b.upper = sqrt_up(at_least(add_up(r.lambda_min.upper, rho), 0.0));  // NaN stays NaN (never 0)
  if (lo2 > 0) b.rank_lower = m;
  b.method = "gram+" + r.lambda_min.method;
  return b;
}

// SVD route (Miyajima 2014, Thm 7; docs/floating-point.md, "σ_min and rank of a Jacobian"): K ≈ UΣVᵀ with U
// m×m, V k×m. With E = UΣVᵀ − K, F = VᵀV − I, G = UᵀU − I and f >= ‖F‖₂, g >= ‖G‖₂ < 1, e >= ‖E‖₂:
//   σ_i(K) >= σ̃_i·sqrt((1 − f)(1 − g)) − e   for every i
// (Weyl for K = UΣVᵀ − E, and σ_i(UΣVᵀ) >= σ_min(U)σ_i(Σ)σ_m(Vᵀ), σ_min(U)² >= 1 − g,
// σ_m(Vᵀ)² = λ_min(VᵀV) >= 1 − f).
Bounds svd_route(const MatD& k_mat) {
  Bounds b;
  const Index m = k_mat.rows(), k = k_mat.cols();
  // The SVD of the wide K through a QR of Kᵀ: Kᵀ = QR (Q k×m), Rᵀ = UΣWᵀ, so K = UΣ(QW)ᵀ and V = QW.
  // Only the QR's k×m storage and V are as large as K; the SVD is of an m×m matrix. The bound below
  // holds for whatever U, Σ, V are computed.
  MatD u, v;
  VecD s;
  {
    const Eigen::HouseholderQR<MatD> qr(k_mat.transpose());
    const MatD r_transposed = qr.matrixQR().topRows(m).triangularView<Eigen::Upper>().transpose();
    const Eigen::BDCSVD<MatD> svd(r_transposed, Eigen::ComputeFullU | Eigen::ComputeFullV);
    u = svd.matrixU();
    s = svd.singularValues();
    v = MatD::Zero(k, m);
    v.topRows(m) = svd.matrixV();
    v.applyOnTheLeft(qr.householderQ());
  }
  if (!u.allFinite() || !v.allFinite() || !s.allFinite()) return b;
  const double f = norm2_upper(minus_identity(product_enclosure(v.transpose(), v)));
  const double g = norm2_upper(minus_identity(product_enclosure(u.transpose(), u)));
  // P = fl(U·diag(s)): |P − UΣ| <= u|P| + η/2 per entry (one rounded product).
  MatD p = u * s.asDiagonal();
  MatD p_rad(m, m);
  for (Index j = 0; j < m; ++j)
    for (Index i = 0; i < m; ++i) p_rad(i, j) = add_up(mul_up(kUnitRoundoff, std::abs(p(i, j))), kEta);
  // ‖enc(PVᵀ − K)‖₂ one panel of columns at a time: the bound matrix |mid| + rad is never held whole.
  constexpr Index kPanel = 512;
  Norm2UpperAccumulator residual(m);
  for (Index c0 = 0; c0 < k; c0 += kPanel) {
    const Index len = std::min(kPanel, k - c0);
    MatrixEnclosure d = product_enclosure(p, v.middleRows(c0, len).transpose());  // ∋ P Vᵀ (these columns)
    for (Index j = 0; j < len; ++j)
      for (Index i = 0; i < m; ++i) {
        d.mid(i, j) -= k_mat(i, c0 + j);  // rounded to nearest: error <= u|result|
        d.rad(i, j) = add_up(d.rad(i, j), mul_up(kUnitRoundoff, std::abs(d.mid(i, j))));
        // Every X in the enclosure has |X| <= |mid| + rad, and ‖X‖₂ <= ‖|mid| + rad‖₂ (monotone).
        d.mid(i, j) = add_up(std::abs(d.mid(i, j)), d.rad(i, j));
      }
    residual.add_columns(d.mid);
  }
  // ‖E‖₂ <= ‖PVᵀ − K‖₂ + ‖(UΣ − P)Vᵀ‖₂ <= ‖enc(PVᵀ − K)‖₂ + ‖p_rad‖₂·sqrt(1 + f).
  const double e = add_up(residual.value(), mul_up(norm2_upper(p_rad), sqrt_up(add_up(1.0, f))));
  if (!(f < 1) || !(g < 1) || !std::isfinite(e)) return b;
  const double scale = sqrt_down(mul_down(sub_down(1.0, f), sub_down(1.0, g)));
  for (Index i = 0; i < m; ++i)
    if (sub_down(mul_down(s(i), scale), e) > 0) b.rank_lower = i + 1;
  const double lo = sub_down(mul_down(s(m - 1), scale), e);
  b.lower = std::max(0.0, lo);
  // Upper: σ_min(K)² = λ_min(KKᵀ) <= ‖Kᵀx‖²/‖x‖² for x = U's last column.
  const VecD x = u.col(m - 1);
  b.upper = sqrt_up(quotient_upper(squared_norm_transpose_product_upper(k_mat, x), squared_norm_lower(x),
                                   squared_norm_upper(x)));
  b.method = "svd-miyajima";
  return b;
}

// Power-of-two balancing (power_of_two_scaling.hpp): with the largest |entry| scaled into [1, 2),
// ‖K‖_F², KKᵀ and the SVD stay inside the double range for near-overflow and tiny (subnormal)
// matrices alike. Between 2^-200 and 2^200 nothing is near either end (‖K‖_F² and every Gram entry stay
// below 2^460 for any size that fits in memory), so K is used as it is, without a scaled copy.
bool needs_balancing(int exponent) { return exponent < -200 || exponent > 200; }

// σ bounds of 2^e K scaled back to bounds for K, rounded outward.
Bounds unscaled(Bounds b, int e) {
  b.lower = detail::unscale_down(b.lower, e);
  b.upper = detail::unscale_up(b.upper, e);
  return b;
}

void require_finite_nonempty(const MatD& j, const char* what) {
  if (j.size() == 0) throw InvalidInput(fmt::format("{}: matrix is empty", what));
  for (Index c = 0; c < j.cols(); ++c)
    for (Index r = 0; r < j.rows(); ++r)
      if (!std::isfinite(j(r, c))) throw InvalidInput(fmt::format("{}: entry ({},{}) is not finite", what, r, c));
}

SigmaResult sigma_core(const MatD& j, double threshold, bool exact_allowed) {
  const auto t0 = std::chrono::steady_clock::now();
  require_sound_fp_environment();
  SigmaResult res;
  // K is J, or Jᵀ when J is tall; a copy is made only for the transpose or for balancing.
  const int balancing = detail::balancing_exponent(j);
  const bool transpose = j.rows() > j.cols(), balance = needs_balancing(balancing);
  MatD owned;
  if (transpose)
    owned = j.transpose();
  else if (balance)
    owned = j;
  const MatD& k_mat = transpose || balance ? owned : j;
  // Scaling is skipped (e = 0) when it would round an entry.
  const int e = balance && detail::scale_in_place_if_exact(owned, balancing) ? balancing : 0;
  const Index m = k_mat.rows();
  const double kk = static_cast<double>(k_mat.cols());
  res.rank_upper = m;
  // Both routes run on 2^e K and their bounds are scaled back, rounded outward. The threshold given to
  // the Gram route only chooses the shift it tries to prove; its value never enters a bound.
  Bounds best = unscaled(gram_route(k_mat, std::ldexp(threshold, e)), e);
  if (!(best.lower > threshold)) {
    const Bounds svd = unscaled(svd_route(k_mat), e);
    if (svd.lower > best.lower || best.method.empty()) {
      const double up = std::min(best.upper, svd.upper);
      const Index rl = std::max(best.rank_lower, svd.rank_lower);
      best = svd;
      best.upper = up;
      best.rank_lower = rl;
    } else {
      best.upper = std::min(best.upper, svd.upper);
      best.rank_lower = std::max(best.rank_lower, svd.rank_lower);
    }
  }
  res.sigma_min = {best.lower, best.upper, !best.method.empty() && std::isfinite(best.upper),
                   best.method.empty() ? "none" : best.method, 53};
  res.rank_lower = best.lower > 0 ? m : best.rank_lower;
  const double work = static_cast<double>(m) * static_cast<double>(m) * kk;
  Verdict v = Verdict::inconclusive;
  if (best.lower > threshold) {
    v = Verdict::certified;
    res.reason = fmt::format("sigma_min > {:.17g} proven ({})", threshold, best.method);
  } else if (best.upper <= threshold) {
    v = Verdict::refuted;
    res.reason = fmt::format("sigma_min <= {:.17g} proven by a rigorous ||J^T x||/||x|| bound", threshold);
  } else if (threshold == 0 && exact_allowed) {
    // Exact arithmetic on the dyadic entries: rank mod p is a lower bound, Bareiss gives the rank.
    if (work <= kModularWork && res.rank_lower < m) res.rank_lower = std::max(res.rank_lower, rank_mod_p(k_mat));
    if (res.rank_lower < m && work <= kExactWork) {
      const Index r = exact_rank(k_mat);
      res.rank_lower = res.rank_upper = r;
    }
    if (res.rank_lower == m) {
      v = Verdict::certified;
      res.reason = "full rank proven by exact (modular) elimination";
      res.sigma_min.method += "+exact-rank";
    } else if (res.rank_upper < m) {
      v = Verdict::refuted;
      res.sigma_min = {0, 0, true, "exact-rank", 0};
      res.reason = fmt::format("rank {} < {} proven by exact elimination: sigma_min = 0", res.rank_upper, m);
    }
  }
  if (v == Verdict::certified) res.rank_lower = threshold >= 0 ? m : res.rank_lower;
  if (v == Verdict::inconclusive && res.reason.empty())
    res.reason = fmt::format("sigma_min > {:.17g} could not be proven nor refuted (best lower bound {:.3g}, "
                             "upper bound {:.3g})", threshold, best.lower, best.upper);
  res.verdict = v;
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace

SigmaResult certify_sigma_min(const MatD& j, double threshold) {
  require_finite_nonempty(j, "certify_sigma_min");
  if (!std::isfinite(threshold) || threshold < 0)
    throw InvalidInput("certify_sigma_min: threshold must be finite and >= 0");
  return sigma_core(j, threshold, true);
}

SigmaResult certify_sigma_min(const MatD& mid, const MatD& rad, double threshold) {
  if (mid.size() == 0) throw InvalidInput("certify_sigma_min (midpoint): matrix is empty");
  if (rad.rows() != mid.rows() || rad.cols() != mid.cols())
    throw InvalidInput("certify_sigma_min: radius and midpoint differ in shape");
  if ((rad.array() < 0).any()) throw InvalidInput("certify_sigma_min: radius must be >= 0");
  if (!std::isfinite(threshold) || threshold < 0)
    throw InvalidInput("certify_sigma_min: threshold must be finite and >= 0");
  // Every J with |J − mid| <= rad has ‖J − mid‖₂ <= ‖rad‖₂ <= ρ, so |σ_i(J) − σ_i(mid)| <= ρ (Weyl).
  const double rho = mid.allFinite() ? norm2_upper(rad) : kInf;
  if (!std::isfinite(add_up(threshold, rho))) {
    // An enclosure from an evaluation that left the double range (NaN/inf in it, or ‖rad‖₂ or
    // T + ‖rad‖₂ overflowing) is valid input that proves nothing: inconclusive, never "bad input".
    SigmaResult r;
    r.sigma_min = {0, kInf, false, "none", 53};
    r.rank_upper = std::min(mid.rows(), mid.cols());
    r.reason = fmt::format("the enclosure (radius norm bound {:.3g}) leaves the double range: sigma_min > {:.17g} "
                           "can be neither proven nor refuted", rho, threshold);
    return r;
  }
  if ((rad.array() == 0).all()) return certify_sigma_min(mid, threshold);
  SigmaResult r = sigma_core(mid, add_up(threshold, rho), false);
  const Index m = std::min(mid.rows(), mid.cols());
  r.sigma_min.lower = std::max(0.0, sub_down(r.sigma_min.lower, rho));
  r.sigma_min.upper = add_up(r.sigma_min.upper, rho);
  r.sigma_min.method += "+radius";
  r.rank_upper = m;
  if (r.verdict == Verdict::certified) {
    r.rank_lower = m;
    r.reason = fmt::format("sigma_min > {:.17g} proven for every matrix in the box (radius norm <= {:.3g})",
                           threshold, rho);
  } else {
    r.rank_lower = 0;
    if (r.sigma_min.upper <= threshold) {
      r.verdict = Verdict::refuted;
      r.reason = fmt::format("sigma_min <= {:.17g} proven for every matrix in the box", threshold);
    } else {
      r.verdict = Verdict::inconclusive;
    }
  }
  return r;
}

}  // namespace nncert::linalg
