// Soundness of the certified linear-algebra core against EXACT ground truth (issue 2, item 9):
// matrices whose λ_min (or its sign) and σ_min are known exactly by construction. Asserts: no false
// certificate, no false refutation, certified enclosures contain the truth, clear cases decided.
#include <algorithm>
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "nncert/linalg/certify_spd.hpp"
#include "nncert/linalg/apriori_cholesky.hpp"
#include "nncert/linalg/exact.hpp"
#include "nncert/linalg/factorization.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/linalg/sigma_min.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "test_support.hpp"

using namespace nncert;
using namespace nncert::linalg;

namespace {

MatD sylvester_hadamard(Index n) {  // H Hᵀ = nI, H = Hᵀ, entries ±1 (n a power of two)
  MatD h = MatD::Ones(1, 1);
  while (h.rows() < n) {
    MatD next(2 * h.rows(), 2 * h.rows());
    next << h, h, h, -h;
    h = next;
  }
  return h;
}

// Checks one certify_lambda_min result against the exact λ_min (a double: all truths here are dyadic).
void check_spd(const SpdResult& r, double truth, double shift, double norm_inf, bool require_decided) {
  INFO("truth " << truth << ", shift " << shift << ", verdict " << to_string(r.verdict) << ", enclosure ["
                << r.lambda_min.lower << ", " << r.lambda_min.upper << "] " << r.lambda_min.method << ": "
                << r.reason);
  if (r.verdict == Verdict::certified) REQUIRE(truth > shift);
  if (r.verdict == Verdict::refuted) REQUIRE(truth <= shift);
  if (r.lambda_min.certified) {
    REQUIRE(r.lambda_min.lower <= truth);
    REQUIRE(truth <= r.lambda_min.upper);
  }
  if (require_decided && std::abs(truth - shift) >= 1e-8 * norm_inf) REQUIRE(r.verdict != Verdict::inconclusive);
}

double norm_inf(const MatD& a) { return a.cwiseAbs().rowwise().sum().maxCoeff(); }

}  // namespace

TEST_CASE("certify_lambda_min on B B^T +- 2^-k I with rank(B) < n: exact lambda_min = +-2^-k",
          "[soundness][linalg][spd]") {
  std::mt19937_64 rng(test::seed());
  std::uniform_int_distribution<int> entry(-9, 9);
  const int trials = 1200 * test::multiplier();
  for (int t = 0; t < trials; ++t) {
    const Index n = 2 + static_cast<Index>(rng() % 11);
    const Index rank = static_cast<Index>(rng() % static_cast<std::uint64_t>(n));  // < n
    MatD b(n, std::max<Index>(rank, 1));
    for (Index i = 0; i < b.size(); ++i) b.data()[i] = rank == 0 ? 0.0 : entry(rng);
    MatD a = b * b.transpose();  // integers < 2^14: exact; λ_min(BBᵀ) = 0 (rank < n)
    const int k = static_cast<int>(rng() % 41);
    const int sign = static_cast<int>(rng() % 3) - 1;  // −1, 0, +1
    const double e = sign * std::ldexp(1.0, -k);
    a.diagonal().array() += e;  // exact: integer + 2^-k with at most 14 + 40 < 53 bits
    const double truth = e;
    const double shift_choice[] = {0.0, truth, truth / 2, truth * 2, -1.0};
    const double shift = shift_choice[rng() % 5];
    SpdOptions o;
    o.shift = shift;
    INFO("seed " << test::seed() << ", trial " << t << ", n " << n << ", rank " << rank << ", k " << k);
    check_spd(certify_lambda_min(a, o), truth, shift, norm_inf(a), true);
  }
}

TEST_CASE("certify_lambda_min on Hadamard-conjugated dyadic spectra H D H / n",
          "[soundness][linalg][spd]") {
  std::mt19937_64 rng(test::seed() + 17);
  const int trials = 1200 * test::multiplier();
  for (int t = 0; t < trials; ++t) {
    const Index n = Index{1} << (1 + rng() % 5);  // 2 .. 32
    const MatD h = sylvester_hadamard(n);
    // D: integers in [-2^14, 2^14] times 2^-e (common e), one entry possibly 2^(-e-30): every entry
    // of H D H is a sum of n <= 32 of them, a multiple of 2^(-e-30) below 2^(19-e): at most 49 bits, so
    // exact in double; division by n is exact. So A = H D H / n is exact; its eigenvalues are D's.
    const int e = static_cast<int>(rng() % 60);
    VecD d(n);
    std::uniform_int_distribution<long> big(-(1L << 14), 1L << 14);
    for (Index i = 0; i < n; ++i) d(i) = std::ldexp(static_cast<double>(big(rng)), -e);
    switch (rng() % 4) {  // hard cases: λ_min tiny, zero, or a cluster at the bottom
      case 0: d(static_cast<Index>(rng() % static_cast<std::uint64_t>(n))) = std::ldexp(1.0, -e - 30); break;
      case 1: d(static_cast<Index>(rng() % static_cast<std::uint64_t>(n))) = 0; break;
      case 2: d = d.cwiseAbs(); break;
      default: break;
    }
    const MatD a = (h * d.asDiagonal() * h) / static_cast<double>(n);
    const double truth = d.minCoeff();
    const double shift = (rng() % 3 == 0) ? truth : 0.0;
    SpdOptions o;
    o.shift = shift;
    INFO("seed " << test::seed() << ", trial " << t << ", n " << n << ", e " << e);
    if (t % 50 == 0) {  // verify the exactness claim of the construction for a sample, in rationals
      REQUIRE(a == a.transpose());
      REQUIRE(is_pd_exact(a, truth) == false);
    }
    check_spd(certify_lambda_min(a, o), truth, shift, norm_inf(a), true);
  }
}

TEST_CASE("both Cholesky backends on large Hadamard-conjugated spectra (blocked, threaded paths)",
          "[soundness][linalg][spd]") {
  // n = 256 and 512 take LAPACK's blocked, threaded dpotrf (and Eigen's blocked LLT), which the small
  // cases above never reach. D: integers in [-2^12, 2^12] times 2^-20, so every entry of H D H is a
  // sum of <= 512 multiples of 2^-20 below 2^21: exact, as is the division by n. λ_min(A) = min D.
  std::mt19937_64 rng(test::seed() + 23);
  const EigenLltBackend eigen;
  const LapackCholeskyBackend lapack;
  const int trials = 6 * test::multiplier();
  for (int t = 0; t < trials; ++t) {
    const Index n = t % 2 == 0 ? 256 : 512;
    const MatD h = sylvester_hadamard(n);
    VecD d(n);
    std::uniform_int_distribution<int> entry(-(1 << 12), 1 << 12);
    for (Index i = 0; i < n; ++i) d(i) = std::ldexp(static_cast<double>(std::abs(entry(rng)) + 1), -20);
    const double bottom[] = {0x1p-20, 0.0, -0x1p-20};  // tiny positive, singular, indefinite
    d(static_cast<Index>(rng() % static_cast<std::uint64_t>(n))) = bottom[t % 3];
    const MatD a = (h * d.asDiagonal() * h) / static_cast<double>(n);
    const double truth = d.minCoeff();
    INFO("seed " << test::seed() << ", trial " << t << ", n " << n << ", truth " << truth);
    check_spd(certify_lambda_min(a), truth, 0.0, norm_inf(a), true);
    for (const CholeskyBackend* backend : {static_cast<const CholeskyBackend*>(&eigen),
                                           static_cast<const CholeskyBackend*>(&lapack)}) {
      INFO(backend->name());
      // The a-priori test itself, with each backend: at μ = 0 and just below and above the truth.
      for (const double mu : {0.0, truth - 0x1p-24, truth, truth + 0x1p-24}) {
        if (prove_lambda_min_above(a, mu, 0, *backend).proven) REQUIRE(truth > mu);
      }
      // The path is exercised: the shift c ≈ γ_{n+3}·tr(A) ~ 1e-13 is far below λ_min = 2^-20.
      if (truth > 0) REQUIRE(prove_lambda_min_above(a, 0, 0, *backend).proven);
    }
  }
}

TEST_CASE("one-factorization tightening (single-precision location) on exact spectra, n = 512",
          "[soundness][linalg][spd]") {
  // Above the dense limit a tightened enclosure first locates λ_min with a single-precision factor and
  // proves λ_min > θ − δ with one double a-priori test; anything it cannot prove falls back to the
  // two-factorization route. A = H D H / 512 exactly (D: multiples of 2^-20 below 2^13, as above).
  const Index n = 512;
  const MatD h = sylvester_hadamard(n);
  std::mt19937_64 rng(test::seed() + 31);
  std::uniform_int_distribution<int> entry(1 << 10, 1 << 12);
  auto spectrum = [&](double bottom, int copies) {
    VecD d(n);
    for (Index i = 0; i < n; ++i) d(i) = std::ldexp(static_cast<double>(entry(rng)), -20);
    for (int c = 0; c < copies; ++c) d(static_cast<Index>(rng() % n)) = bottom;
    return d;
  };
  auto conjugate = [&](const VecD& d) { return MatD((h * d.asDiagonal() * h) / static_cast<double>(n)); };
  SECTION("a definite matrix is certified by the single pass, tight, enclosure containing the truth") {
    for (const int copies : {1, 8}) {  // a simple and a clustered bottom eigenvalue
      const VecD d = spectrum(0x1p-12, copies);
      const MatD a = conjugate(d);
      const auto r = certify_lambda_min(a);
      check_spd(r, d.minCoeff(), 0.0, norm_inf(a), true);
      REQUIRE(r.verdict == Verdict::certified);
      // The route taken: no proof at the shift itself before the tight one.
      REQUIRE(r.lambda_min.method.find("apriori-double-tight") != std::string::npos);
      REQUIRE(r.lambda_min.method.find("apriori-double+") == std::string::npos);
      // Tight: μ = θ − δ with δ twice the residual of a single-precision location (about 1e-4
      // relative with OpenBLAS, 1.2e-3 with the reference BLAS's summation order).
      REQUIRE(r.lambda_min.lower >= 0.99 * d.minCoeff());
    }
  }
  SECTION("the claim at exactly the bottom eigenvalue, and just above it, is never certified") {
    const VecD d = spectrum(0x1p-12, 1);
    const MatD a = conjugate(d);
    for (const double shift : {0x1p-12, 0x1p-12 + 0x1p-40}) {
      SpdOptions o;
      o.shift = shift;
      check_spd(certify_lambda_min(a, o), d.minCoeff(), shift, norm_inf(a), false);
    }
    SpdOptions below;
    below.shift = 0x1p-12 - 0x1p-30;  // 2^-30 below the truth: decided, and certified
    const auto r = certify_lambda_min(a, below);
    check_spd(r, d.minCoeff(), below.shift, norm_inf(a), true);
    REQUIRE(r.verdict == Verdict::certified);
  }
  SECTION("indefinite and singular matrices: the single pass proves nothing, the refutation is exact") {
    for (const double bottom : {0.0, -0x1p-12}) {
      const VecD d = spectrum(bottom, 1);
      const MatD a = conjugate(d);
      const auto r = certify_lambda_min(a);
      check_spd(r, bottom, 0.0, norm_inf(a), false);
      REQUIRE(r.verdict != Verdict::certified);
    }
  }
  SECTION("entries beyond single range: the location falls back, the result stays exact") {
    const VecD d = spectrum(0x1p-12, 1);
    const MatD a = conjugate(d) * 0x1p200;  // exact power-of-two scaling; |a_ij| > FLT_MAX
    const auto r = certify_lambda_min(a);
    check_spd(r, d.minCoeff() * 0x1p200, 0.0, norm_inf(a), true);
    REQUIRE(r.verdict == Verdict::certified);
    REQUIRE(r.lambda_min.method.find("apriori-double+") != std::string::npos);  // the two-factorization route
  }
  SECTION("an interval matrix: the single pass proves the midpoint claim widened by the radius") {
    const VecD d = spectrum(0x1p-12, 1);
    const MatD mid = conjugate(d);
    const double r0 = 0x1p-24;  // ‖R‖₂ <= n·r0 = 2^-15 < 2^-12
    const auto r = certify_lambda_min(mid, MatD::Constant(n, n, r0));
    INFO(r.reason << " " << r.lambda_min.method);
    REQUIRE(r.verdict == Verdict::certified);
    // The lower end is a bound for λ_min(mid) (at most 2^-12) minus ρ >= ‖R‖₂ = n·r0 = 2^-15 (Weyl).
    REQUIRE(r.lambda_min.lower <= d.minCoeff() - std::ldexp(1.0, -15));
    REQUIRE(r.lambda_min.upper >= d.minCoeff());
  }
}

TEST_CASE("certify_lambda_min on power-of-two graded congruences S M S (sign of lambda_min exact)",
          "[soundness][linalg][spd]") {
  // Sylvester's law of inertia: S M S with S = diag(2^{e_i}) is PD iff M is; the scaling is exact.
  std::mt19937_64 rng(test::seed() + 29);
  const int trials = 600 * test::multiplier();
  for (int t = 0; t < trials; ++t) {
    const Index n = Index{1} << (1 + rng() % 4);
    const MatD h = sylvester_hadamard(n);
    VecD d(n);
    for (Index i = 0; i < n; ++i) d(i) = static_cast<double>(static_cast<int>(rng() % 64) - 8);
    const MatD m = (h * d.asDiagonal() * h) / static_cast<double>(n);
    VecD s(n);
    for (Index i = 0; i < n; ++i) s(i) = std::ldexp(1.0, static_cast<int>(rng() % 40) - 20);
    const MatD a = s.asDiagonal() * m * s.asDiagonal();
    const bool pd = d.minCoeff() > 0;
    const auto r = certify_lambda_min(a);
    INFO("seed " << test::seed() << ", trial " << t << ", n " << n << ": " << to_string(r.verdict) << " "
                 << r.reason);
    if (r.verdict == Verdict::certified) REQUIRE(pd);
    if (r.verdict == Verdict::refuted) REQUIRE_FALSE(pd);
    REQUIRE(r.verdict != Verdict::inconclusive);  // n <= 16: the exact rung always decides
  }
}

TEST_CASE("interval certify_lambda_min agrees with exact decisions on sampled box members",
          "[soundness][linalg][spd][interval]") {
  std::mt19937_64 rng(test::seed() + 43);
  const int trials = 300 * test::multiplier();
  for (int t = 0; t < trials; ++t) {
    const Index n = Index{1} << (1 + rng() % 3);
    const MatD h = sylvester_hadamard(n);
    VecD d(n);
    for (Index i = 0; i < n; ++i) d(i) = static_cast<double>(static_cast<int>(rng() % 32) - 4) / 8;
    const MatD mid = (h * d.asDiagonal() * h) / static_cast<double>(n);
    const double r0 = std::ldexp(1.0, -static_cast<int>(rng() % 8) - 2);
    const MatD rad = MatD::Constant(n, n, r0);
    const auto r = certify_lambda_min(mid, rad);
    INFO("seed " << test::seed() << ", trial " << t << ": " << to_string(r.verdict) << " " << r.reason);
    for (int s = 0; s < 4; ++s) {  // dyadic symmetric members of the box, decided exactly
      MatD x = mid;
      for (Index i = 0; i < n; ++i)
        for (Index j = 0; j <= i; ++j) {
          const double off = r0 * (static_cast<double>(static_cast<int>(rng() % 5)) - 2) / 2;
          x(i, j) += off;
          x(j, i) = x(i, j);
        }
      if (r.verdict == Verdict::certified) REQUIRE(is_pd_exact(x));
      if (r.verdict == Verdict::refuted) REQUIRE_FALSE(is_pd_exact(x));
    }
  }
}

TEST_CASE("certify_sigma_min on scaled Hadamard rows and rank-deficient twins", "[soundness][linalg][sigma]") {
  std::mt19937_64 rng(test::seed() + 71);
  const int trials = 500 * test::multiplier();
  for (int t = 0; t < trials; ++t) {
    const Index p = Index{1} << (2 + rng() % 5);  // 4 .. 64 columns
    const Index m = 1 + static_cast<Index>(rng() % static_cast<std::uint64_t>(p));
    const MatD h = sylvester_hadamard(p);
    const int e = static_cast<int>(rng() % 40) - 20;
    const double c = std::ldexp(1.0, e);
    MatD j = c * h.topRows(m);  // J Jᵀ = c² p I: σ_i = c·sqrt(p) exactly
    const bool twin = m >= 2 && rng() % 2 == 0;
    if (twin) j.row(m - 1) = j.row(0) + j.row(m - 2);  // exact: rank m − 1, σ_min = 0
    const bool tall = rng() % 3 == 0;
    const MatD input = tall ? MatD(j.transpose()) : j;
    const Rational truth_sq = twin ? Rational(0) : Rational(c) * Rational(c) * Rational(static_cast<long>(p));
    const double threshold = rng() % 4 == 0 ? c * std::sqrt(static_cast<double>(p)) * 0.9 : 0.0;
    const auto r = certify_sigma_min(input, threshold);
    INFO("seed " << test::seed() << ", trial " << t << ", " << m << "x" << p << ", twin " << twin << ", "
                 << to_string(r.verdict) << " [" << r.sigma_min.lower << ", " << r.sigma_min.upper << "] "
                 << r.sigma_min.method << ": " << r.reason);
    const Rational thr_sq = Rational(threshold) * Rational(threshold);
    if (r.verdict == Verdict::certified) REQUIRE(truth_sq > thr_sq);
    if (r.verdict == Verdict::refuted) REQUIRE(truth_sq <= thr_sq);
    if (r.sigma_min.certified) {
      const Rational lo(r.sigma_min.lower), hi(r.sigma_min.upper);
      REQUIRE((r.sigma_min.lower <= 0 || lo * lo <= truth_sq));
      REQUIRE(hi * hi >= truth_sq);
    }
    REQUIRE(r.verdict != Verdict::inconclusive);  // every case here is clear
    const Index true_rank = twin ? m - 1 : m;
    REQUIRE(r.rank_lower <= true_rank);
    REQUIRE(r.rank_upper >= true_rank);
  }
}

TEST_CASE("interval Rayleigh quotient upper bound >= the exact quotient of every sampled box member",
          "[soundness][linalg][rayleigh]") {
  // What an inconclusive Gram's "lambda_min <= u" rests on (verifiers' lambda_min_upper): for every X in
  // the box |X − mid| <= rad and any x ≠ 0, λ_min(X) <= xᵀXx/xᵀx <= rayleigh_quotient_upper(mid, rad, x).
  // Members and x are dyadic, so each quotient is decided exactly in rationals. Twin: the bound of the
  // midpoint alone (rad ignored) is exceeded by some member, so a radius-blind bound would be caught.
  std::mt19937_64 rng(test::seed() + 47);
  const int trials = 200 * test::multiplier();
  int midpoint_bound_exceeded = 0;
  for (int t = 0; t < trials; ++t) {
    const Index n = Index{1} << (1 + rng() % 3);
    const MatD h = sylvester_hadamard(n);
    VecD d(n);
    for (Index i = 0; i < n; ++i) d(i) = static_cast<double>(static_cast<int>(rng() % 32) - 4) / 8;
    const MatD mid = (h * d.asDiagonal() * h) / static_cast<double>(n);
    const double r0 = std::ldexp(1.0, -static_cast<int>(rng() % 8) - 2);
    const MatD rad = MatD::Constant(n, n, r0);
    VecD x(n);
    for (Index i = 0; i < n; ++i) x(i) = static_cast<double>(static_cast<int>(rng() % 17) - 8) / 4;
    if (x.isZero()) x(0) = 1;
    const double bound = rayleigh_quotient_upper(mid, rad, x);
    const double point_bound = rayleigh_quotient_upper(mid, x);
    Rational xx = 0;
    for (Index i = 0; i < n; ++i) xx += to_rational(x(i)) * to_rational(x(i));
    for (int s = 0; s < 6; ++s) {
      MatD m = mid;  // a dyadic symmetric member: corners (±r0) and interior points
      for (Index i = 0; i < n; ++i)
        for (Index j = 0; j <= i; ++j) {
          const double off = s == 0 ? r0 * (x(i) * x(j) >= 0 ? 1 : -1)  // the member that maximises xᵀXx
                                    : r0 * (static_cast<double>(static_cast<int>(rng() % 5)) - 2) / 2;
          m(i, j) += off;
          m(j, i) = m(i, j);
        }
      Rational q = 0;
      for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < n; ++j) q += to_rational(x(i)) * to_rational(m(i, j)) * to_rational(x(j));
      q /= xx;
      INFO("trial " << t << ", member " << s << ", bound " << bound);
      REQUIRE(q <= to_rational(bound));
      if (s == 0 && q > to_rational(point_bound)) ++midpoint_bound_exceeded;
    }
  }
  REQUIRE(midpoint_bound_exceeded > trials / 2);
}
