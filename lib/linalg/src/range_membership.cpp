#include "nncert/linalg/range_membership.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/QR>
#include <fmt/format.h>

#include "nncert/linalg/exact.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/linalg/sigma_min.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::linalg {
namespace {

constexpr double kExactEntries = 20000;  // exact ranks of J and [J y] for at most this many entries

// Enclosure of r = Jθ − y: the product enclosure, then the subtraction rounded to nearest
// (error <= u|result|).
MatrixEnclosure residual_enclosure(const MatD& j, const VecD& theta, const VecD& y) {
  MatrixEnclosure e = product_enclosure(j, theta);
  for (Index i = 0; i < y.size(); ++i) {
    e.mid(i, 0) -= y(i);
    e.rad(i, 0) = add_up(e.rad(i, 0), mul_up(kUnitRoundoff, std::abs(e.mid(i, 0))));
  }
  return e;
}

// sqrt(Σ max(|mid_i| − rad_i, 0)²) <= ‖r‖₂ <= sqrt(Σ (|mid_i| + rad_i)²), squares summed directed.
void norm_bounds(const MatrixEnclosure& e, double& lo, double& hi) {
  VecD small(e.mid.size()), big(e.mid.size());
  for (Index i = 0; i < e.mid.size(); ++i) {
    small(i) = std::max(0.0, sub_down(std::abs(e.mid(i, 0)), e.rad(i, 0)));
    big(i) = add_up(std::abs(e.mid(i, 0)), e.rad(i, 0));
  }
  lo = sqrt_down(squared_norm_lower(small));
  hi = sqrt_up(squared_norm_upper(big));
}

}  // namespace

RangeResult certify_in_range(const MatD& j, const VecD& y, double tol) {
  if (j.size() == 0) throw InvalidInput("certify_in_range: matrix is empty");
  if (y.size() != j.rows())
    throw InvalidInput(fmt::format("certify_in_range: y has {} entries, J has {} rows", y.size(), j.rows()));
  if (!j.allFinite() || !y.allFinite()) throw InvalidInput("certify_in_range: J or y has a NaN or infinite entry");
  if (!std::isfinite(tol) || tol < 0) throw InvalidInput("certify_in_range: tol must be finite and >= 0");
  RangeResult res;
  const Index n = j.rows(), p = j.cols();
  // Upper bound for any approximate least-squares θ: min_θ ‖Jθ − y‖ <= ‖Jθ̂ − y‖.
  const VecD theta = j.completeOrthogonalDecomposition().solve(y);
  const MatrixEnclosure r = residual_enclosure(j, theta, y);
  double r_lo = 0, r_hi = kInf;
  norm_bounds(r, r_lo, r_hi);
  res.residual = {0, r_hi, true, "least-squares-residual", 53};
  const SigmaResult s = certify_sigma_min(j);
  if (n <= p && s.verdict == Verdict::certified) {
    // Full row rank: range(J) = R^n, so the residual is exactly 0.
    res.residual = {0, 0, true, "full-row-rank+" + s.sigma_min.method, 53};
  } else if (n > p && s.verdict == Verdict::certified && s.sigma_min.lower > 0) {
    // Full column rank: with r̂ = Jθ̂ − y, min_θ‖Jθ − y‖ = ‖P⊥r̂‖ >= ‖r̂‖ − ‖P_J r̂‖ and
    // ‖P_J r̂‖ = ‖(J⁺)ᵀJᵀr̂‖ <= ‖Jᵀr̂‖/σ_min(J).
    const MatrixEnclosure g = product_enclosure(j.transpose(), r.mid);
    const MatrixEnclosure g_rad = product_enclosure(j.transpose().cwiseAbs(), r.rad);  // |J|ᵀ·rad(r)
    MatrixEnclosure gt = g;
    for (Index i = 0; i < gt.mid.size(); ++i)
      gt.rad(i, 0) = add_up(gt.rad(i, 0), add_up(g_rad.mid(i, 0), g_rad.rad(i, 0)));
    double g_lo = 0, g_hi = kInf;
    norm_bounds(gt, g_lo, g_hi);
    const double lower = sub_down(r_lo, div_up(g_hi, s.sigma_min.lower));
    res.residual = {std::max(0.0, lower), r_hi, true, "least-squares+sigma-min", 53};
  } else if (static_cast<double>(n) * static_cast<double>(p + 1) <= kExactEntries) {
    MatD aug(n, p + 1);
    aug << j, y;
    const Index rj = exact_rank(j), ra = exact_rank(aug);
    if (ra == rj) {
      res.residual = {0, 0, true, "exact-rank", 0};
    } else if (tol == 0) {
      res.verdict = Verdict::refuted;
      res.reason = fmt::format("rank [J y] = {} > rank J = {} (exact): y is not in range(J)", ra, rj);
      res.residual.method = "exact-rank";
      return res;
    }
  }
  if (res.residual.upper <= tol) {
    res.verdict = Verdict::certified;
    res.reason = fmt::format("residual <= {:.17g} proven ({})", tol, res.residual.method);
  } else if (res.residual.lower > tol) {
    res.verdict = Verdict::refuted;
    res.reason = fmt::format("residual > {:.17g} proven ({})", tol, res.residual.method);
  } else {
    res.reason = fmt::format("residual in [{:.3g}, {:.3g}] does not decide against tol {:.3g}",
                             res.residual.lower, res.residual.upper, tol);
  }
  return res;
}

}  // namespace nncert::linalg
