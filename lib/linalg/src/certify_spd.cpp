#include "nncert/linalg/certify_spd.hpp"

#include <algorithm>
#include <cfenv>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "nncert/linalg/apriori_cholesky.hpp"
#include "nncert/linalg/ladder.hpp"
#include "nncert/linalg/locate.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/fp_environment.hpp"
#include "nncert/numeric/nan_safe.hpp"
#include "nncert/numeric/rounding.hpp"
#include "power_of_two_scaling.hpp"

namespace nncert::linalg {
namespace {

// Gershgorin: λ_min(A) >= min_i (a_ii − Σ_{j≠i} |a_ij|). Row sums rounded up (FE_UPWARD, monotone),
// the difference rounded down. A is symmetric, so column j of A is row j.
[[gnu::noinline]] VecD offdiagonal_abs_sums_up(const MatD& a) {
  RoundingModeGuard guard(FE_UPWARD);
  const Index n = a.rows();
  VecD s = VecD::Zero(n);
  for (Index j = 0; j < n; ++j) {
    const double* col = a.data() + j * n;
    double acc = 0;
    for (Index i = 0; i < n; ++i) acc = acc + std::abs(col[i]);
    s(j) = acc - std::abs(col[j]);  // rounded up: >= Σ_{i≠j}|a_ij| (acc >= Σ_i, and exact |a_jj|)
  }
  double* sp = s.data();
  fp_barrier(sp);  // the stores into s complete before the guard restores the mode
  return s;
}

double gershgorin_lower(const MatD& a) {
  const VecD r = offdiagonal_abs_sums_up(a);
  double best = kInf;
  // r_i = 0 (a diagonal row) needs no rounding step: a_ii − 0 is exact. min_or_nan keeps a NaN
  // (never expected from finite input) rather than dropping it.
  for (Index i = 0; i < a.rows(); ++i) best = min_or_nan(best, r(i) == 0 ? a(i, i) : sub_down(a(i, i), r(i)));
  return best;
}

// ρ(R) <= ‖R‖_∞ for the symmetric nonnegative R = min(rad, radᵀ); also ‖R‖₂ <= ‖R‖_F.
double radius_norm_upper(const MatD& r) {
  return std::min(norm_inf_upper(r), sqrt_up(frobenius_squared_upper(r)));
}

struct Context {
  const MatD& a;       // point matrix or midpoint
  const MatD* rad;     // symmetric radius (min(rad, radᵀ)) or null
  double rho = 0;      // >= ‖rad‖₂
  SpdOptions options;
  int scale_exp = 0;   // a = 2^e·(the caller's matrix), options.shift = 2^e·(the caller's shift), exactly
};

// How far below the located θ the tightening proof is tried first: twice the a-priori shift at that
// scale, twice the residual (an eigenvalue lies within it of θ), and never closer than 1e-9·|θ|.
double first_tightening_gap(const MatD& a, const EigenEstimate& est, double lower_mid) {
  const double c_est = apriori_shift(a, std::min(est.theta, lower_mid), static_cast<double>(a.rows()) + 3);
  return std::max({std::isfinite(c_est) ? 2 * c_est : 0.0, 2 * est.residual, 1e-9 * std::abs(est.theta)});
}

double rayleigh_upper(const Context& ctx, const VecD& x) {
  return ctx.rad ? rayleigh_quotient_upper(ctx.a, *ctx.rad, x) : rayleigh_quotient_upper(ctx.a, x);
}

// The tight enclosure with one double factorization instead of two: locate λ_min with a single-precision
// factor of A − shift·I, bound λ_min above by the rigorous Rayleigh quotient of the Ritz vector, and
// prove λ_min(mid) > μ = θ − δ with the a-priori test. Only a proof with μ > target is used (it then
// decides the claim too); anything less and the caller takes the standard route, which factors at the
// target first. Nothing is evidence here but the rigorous quotient and the shifted-Cholesky proof.
struct SinglePassTightening {
  bool proven = false;
  double mu = 0;             // λ_min(mid) > mu, proven
  double rayleigh = kInf;    // λ_min(X) <= rayleigh for every X in the box, proven
};

SinglePassTightening tighten_in_one_factorization(const Context& ctx, double target, double lower_mid,
                                                  MatD& factor) {
  SinglePassTightening out;
  const EigenEstimate est = locate_lambda_min_single_precision(ctx.a, ctx.options.shift);
  if (!est.ok) return out;
  const double rq = rayleigh_upper(ctx, est.x);
  const double mu = sub_down(est.theta, first_tightening_gap(ctx.a, est, lower_mid));
  if (!(mu > target) || !(mu > lower_mid) || !(rq > ctx.options.shift)) return out;
  if (!prove_lambda_min_above(ctx.a, mu, 0, default_cholesky_backend(), &factor).proven) return out;
  out.proven = true;
  out.mu = mu;
  out.rayleigh = rq;
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

SpdResult certify_core(const Context& ctx) {
  const auto t0 = std::chrono::steady_clock::now();
  require_sound_fp_environment();
  SpdResult result;
  Enclosure& enc = result.lambda_min;
  const MatD& a = ctx.a;
  const Index n = a.rows();
  const double shift = ctx.options.shift;
  // What the messages and the enclosure speak of: the caller's matrix and shift (exact: the scaling
  // was checked to be exact), bounds scaled back outward.
  const double shown_shift = std::ldexp(shift, -ctx.scale_exp);
  auto shown_upper = [&](double x) { return detail::unscale_up(x, ctx.scale_exp); };
  auto done = [&](Verdict v, std::string reason) {
    result.lambda_min.lower = detail::unscale_down(result.lambda_min.lower, ctx.scale_exp);
    result.lambda_min.upper = detail::unscale_up(result.lambda_min.upper, ctx.scale_exp);
    result.verdict = v;
    result.reason = std::move(reason);
    result.seconds = seconds_since(t0);
    return result;
  };
  if (!ensure_workers_round_to_nearest()) {
    enc = {-kInf, kInf, false, "none", 53};
    return done(Verdict::inconclusive, "could not establish round-to-nearest in worker threads");
  }
  // Every bound below is first a bound for the midpoint; for X in the box λ_min(X) >= λ_min(mid) − ρ
  // (Weyl) and λ_min(X) <= max_X xᵀXx/xᵀx.
  // λ_min(mid) > target  ⇒  λ_min(X) > shift. For a point matrix (ρ = 0) target is the shift itself:
  // add_up(shift, 0) would be next_up(shift), and a refutation at next_up(shift) (λ_min <= next_up(shift))
  // does not prove λ_min <= shift. Every refutation below is proven at exactly `shift`.
  const double target = ctx.rho > 0 ? add_up(shift, ctx.rho) : shift;
  // λ_min(X) >= λ_min(mid) − ρ; with ρ = 0 the midpoint bound is the bound itself (no rounding step).
  auto box_lower = [&](double mid_lower) { return ctx.rho > 0 ? sub_down(mid_lower, ctx.rho) : mid_lower; };
  std::vector<std::string> methods;
  int bits = 53;

  // Rigorous lower bound of λ_min(mid): Gershgorin, improved below by proofs.
  double lower_mid = gershgorin_lower(a);
  // Rigorous upper bound of λ_min(X): min over the box of the diagonal, X_ii <= mid_ii + rad_ii.
  double upper = kInf;
  for (Index i = 0; i < n; ++i)
    upper = min_or_nan(upper, ctx.rad ? add_up(a(i, i), (*ctx.rad)(i, i)) : a(i, i));

  bool certified = lower_mid > target;
  if (certified) methods.push_back("gershgorin");
  MatD factor;
  // A tightened enclosure of a comfortably definite matrix takes one double factorization.
  bool tightened = false;
  if (!certified && upper > shift && ctx.options.tighten) {
    const SinglePassTightening one = tighten_in_one_factorization(ctx, target, lower_mid, factor);
    if (one.proven) {
      tightened = certified = true;
      if (one.rayleigh < upper) {
        upper = one.rayleigh;
        methods.push_back("rayleigh-up");
      }
      lower_mid = one.mu;
      methods.push_back("apriori-double-tight");
    }
  }
  // Otherwise rung 1 at the claim itself, keeping the factor for locating λ_min.
  ShiftedCholeskyProof first;
  if (!certified && upper > shift) {
    first = prove_lambda_min_above(a, target, 0, default_cholesky_backend(), &factor);
    if (first.proven) {
      certified = true;
      lower_mid = std::max(lower_mid, target);
      methods.push_back("apriori-double");
    }
  }
  const bool want_location = !tightened && (ctx.options.tighten || !certified);
  EigenEstimate est;
  if (want_location && upper > shift) {
    est = first.proven ? locate_lambda_min_with_factor(a, factor, add_up(target, first.c))
                       : locate_lambda_min(a);
  } else if (want_location) {
    est = locate_lambda_min(a);
  }
  if (est.ok) {
    const double rq = rayleigh_upper(ctx, est.x);
    if (rq < upper) {
      upper = rq;
      methods.push_back("rayleigh-up");
    }
  }
  const bool refuted = upper <= shift;  // λ_min(X) <= upper <= shift for every X in the box
  // Tighten: prove λ_min(mid) > θ − δ with the a-priori test (one more Cholesky).
  if (est.ok && (ctx.options.tighten || refuted || !certified)) {
    const double mu = tightened_lower_bound(est.theta, first_tightening_gap(a, est, lower_mid), lower_mid, [&](double m) {
      return prove_lambda_min_above(a, m, 0, default_cholesky_backend(), &factor).proven;
    });
    if (!std::isnan(mu)) {
      lower_mid = mu;
      methods.push_back("apriori-double-tight");
      if (mu > target) certified = true;
    }
  }
  if (certified && refuted)  // impossible unless a proof is wrong: never report either
    throw std::logic_error("certify_lambda_min: both certified and refuted; rigorous bounds inconsistent");
  // Escalate only if the claim is still open.
  // With shift + ‖rad‖₂ beyond the double range no rung can prove λ_min(mid) > target (and the exact
  // rung needs a finite shift): the refutation tests above, made at the shift itself, still apply.
  if (!certified && !refuted && std::isfinite(target)) {
    LadderOptions lo;
    lo.max_precision_bits = ctx.options.max_precision_bits;
    // Exact elimination decides the midpoint only; with a radius it may still certify (not refute).
    lo.allow_exact = ctx.options.allow_exact;
    const LadderStep step = climb_ladder(a, target, est.ok ? est.theta : kInf, lo);
    if (step.proven) {
      certified = true;
      lower_mid = std::max(lower_mid, step.lower);
      methods.push_back(step.method);
      bits = std::max(bits, step.precision_bits);
      if (step.precision_bits == 0) bits = 0;
    } else if (step.refuted && !ctx.rad) {
      // The exact rung decided A − target·I with target == shift (ρ = 0): λ_min <= shift exactly.
      if (target != shift) throw std::logic_error("certify_lambda_min: exact refutation at a widened shift");
      enc = {box_lower(lower_mid), min_or_nan(upper, shift), true, "", 0};
      methods.push_back(step.method);
      for (const auto& m : methods) enc.method += (enc.method.empty() ? "" : "+") + m;
      return done(Verdict::refuted, fmt::format("lambda_min <= {:.17g} proven: {}", shown_shift, step.why));
    } else if (!step.why.empty()) {
      result.reason = step.why;
    }
  }
  enc.lower = box_lower(lower_mid);
  enc.upper = upper;
  enc.certified = std::isfinite(enc.lower) && std::isfinite(enc.upper);
  enc.precision_bits = bits;
  for (const auto& m : methods) enc.method += (enc.method.empty() ? "" : "+") + m;
  if (enc.method.empty()) enc.method = "none";
  if (ctx.scale_exp != 0) enc.method += fmt::format("+scaled-2^{}", ctx.scale_exp);
  if (certified)
    return done(Verdict::certified, fmt::format("lambda_min > {:.17g} proven ({})", shown_shift, enc.method));
  if (refuted)
    return done(Verdict::refuted, fmt::format("lambda_min <= {:.17g} proven by a rigorous Rayleigh quotient "
                                              "or diagonal entry (upper bound {:.17g})",
                                              shown_shift, shown_upper(upper)));
  const std::string why = result.reason;
  return done(Verdict::inconclusive,
              fmt::format("neither lambda_min > {:.17g} nor its negation could be proven (margin too thin "
                          "for the available rungs){}{}", shown_shift, why.empty() ? "" : ": ", why));
}

}  // namespace

void require_symmetric_finite(const MatD& a, const char* what) {
  if (a.size() == 0) throw InvalidInput(fmt::format("{}: matrix is empty", what));
  if (a.rows() != a.cols())
    throw InvalidInput(fmt::format("{}: matrix is not square ({}x{})", what, a.rows(), a.cols()));
  for (Index j = 0; j < a.cols(); ++j)
    for (Index i = 0; i < a.rows(); ++i)
      if (!std::isfinite(a(i, j)))
        throw InvalidInput(fmt::format("{}: entry ({},{}) is not finite", what, i, j));
  // Exact symmetry, compared tile by tile so that both the column and the row of a tile stay in cache.
  constexpr Index kTile = 64;
  const Index n = a.rows();
  for (Index j0 = 0; j0 < n; j0 += kTile) {
    for (Index i0 = j0; i0 < n; i0 += kTile) {
      const Index j1 = std::min(n, j0 + kTile);
      const Index i1 = std::min(n, i0 + kTile);
      for (Index j = j0; j < j1; ++j)
        for (Index i = std::max(i0, j + 1); i < i1; ++i)
          if (a(i, j) != a(j, i))
            throw InvalidInput(
                fmt::format("{}: matrix is not symmetric: A({},{}) != A({},{})", what, i, j, j, i));
    }
  }
}

SpdResult certify_lambda_min(const MatD& a, const SpdOptions& options) {
  require_symmetric_finite(a, "certify_lambda_min");
  if (!std::isfinite(options.shift)) throw InvalidInput("certify_lambda_min: shift is not finite");
  // Near the ends of the exponent range (largest |a_ij| above 2^500 or below 2^-500) the Gershgorin
  // sums, the a-priori traces and the Rayleigh quotients over- or underflow: decide λ_min(2^e A) > 2^e·shift
  // instead, which is the same claim when both scalings are exact. Ordinary matrices skip the copy.
  constexpr int kExtremeExponent = 500;
  const int e = detail::balancing_exponent(a);
  if (std::abs(e) > kExtremeExponent && detail::scales_exactly(options.shift, e)) {
    MatD scaled = a;
    if (detail::scale_in_place_if_exact(scaled, e)) {
      SpdOptions o = options;
      o.shift = std::ldexp(options.shift, e);
      return certify_core(Context{scaled, nullptr, 0, o, e});
    }
  }
  return certify_core(Context{a, nullptr, 0, options, 0});
}

SpdResult certify_lambda_min(const MatD& mid, const MatD& rad, const SpdOptions& options) {
  if (mid.size() == 0 || mid.rows() != mid.cols())
    throw InvalidInput(fmt::format("certify_lambda_min (midpoint): matrix is empty or not square ({}x{})",
                                   mid.rows(), mid.cols()));
  if (rad.rows() != mid.rows() || rad.cols() != mid.cols())
    throw InvalidInput("certify_lambda_min: radius and midpoint differ in shape");
  if ((rad.array() < 0).any()) throw InvalidInput("certify_lambda_min: radius must be >= 0");
  if (!std::isfinite(options.shift)) throw InvalidInput("certify_lambda_min: shift is not finite");
  if (!mid.allFinite() || !rad.allFinite()) {
    // An enclosure computed by an evaluation that left the double range (an infinite radius, or NaN
    // or inf anywhere) is valid input that proves nothing: inconclusive, never "bad input".
    SpdResult r;
    r.lambda_min = {-kInf, kInf, false, "none", 53};
    r.reason = fmt::format("the enclosure is not finite (its evaluation left the double range): neither "
                           "lambda_min > {:.17g} nor its negation can be proven", options.shift);
    return r;
  }
  require_symmetric_finite(mid, "certify_lambda_min (midpoint)");
  if ((rad.array() == 0).all()) return certify_lambda_min(mid, options);
  // For symmetric X, |X − mid| <= rad and <= radᵀ: R = min(rad, radᵀ) is symmetric and still valid.
  const MatD r = rad.cwiseMin(rad.transpose());
  return certify_core(Context{mid, &r, radius_norm_upper(r), options, 0});
}

}  // namespace nncert::linalg
