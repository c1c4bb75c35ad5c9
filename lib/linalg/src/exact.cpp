#include "nncert/linalg/exact.hpp"

#include <algorithm>
#include <cmath>

#include "dyadic_integers.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::linalg {
namespace {
using detail::MpzArray;

// Integer image of A − shift·I: entries (value)·2^{-e0}, row-major.
void scaled_shifted(const MatD& a, double shift, MpzArray& m) {
  const Index n = a.rows();
  const detail::DyadicParts parts = detail::split_dyadic(a, m);
  long e0 = parts.any_nonzero ? parts.min_exp : 0;
  if (shift != 0) e0 = std::min(e0, detail::double_exponent(shift));
  detail::align(m, parts, e0);
  if (shift != 0) {
    mpz_t s;
    mpz_init(s);
    detail::double_to_scaled(s, shift, e0);
    for (Index i = 0; i < n; ++i) mpz_sub(m[static_cast<std::size_t>(i * n + i)], m[static_cast<std::size_t>(i * n + i)], s);
    mpz_clear(s);
  }
}

// Fraction-free elimination without pivoting on a symmetric integer matrix (upper triangle used).
// After step k the pivot M_kk is the (k+1)-th leading principal minor (Bareiss 1968), so the matrix is
// positive definite iff every pivot is > 0 (Sylvester's criterion). Divisions are exact.
bool bareiss_all_leading_minors_positive(MpzArray& m, Index n) {
  auto at = [&](Index i, Index j) { return m[static_cast<std::size_t>(i <= j ? i * n + j : j * n + i)]; };
  mpz_t prev, t;
  mpz_init_set_ui(prev, 1);
  mpz_init(t);
  bool pd = true;
  for (Index k = 0; k < n && pd; ++k) {
    if (mpz_sgn(at(k, k)) <= 0) {
      pd = false;
      break;
    }
    for (Index i = k + 1; i < n; ++i)
      for (Index j = i; j < n; ++j) {
        mpz_mul(t, at(k, k), at(i, j));
        mpz_submul(t, at(k, i), at(k, j));
        mpz_divexact(at(i, j), t, prev);
      }
    mpz_set(prev, at(k, k));
  }
  mpz_clear(prev);
  mpz_clear(t);
  return pd;
}

// Fraction-free elimination with full pivoting on an integer matrix: the number of nonzero pivots is
// the rank (pivots are nonzero minors of a row/column permutation; elimination stops when the
// remaining Schur complement, a scaled matrix of minors, is zero).
Index bareiss_rank(MpzArray& m, Index rows, Index cols) {
  auto at = [&](Index i, Index j) { return m[static_cast<std::size_t>(i * cols + j)]; };
  mpz_t prev, t;
  mpz_init_set_ui(prev, 1);
  mpz_init(t);
  Index r = 0;
  while (r < std::min(rows, cols)) {
    Index pi = -1, pj = -1;
    for (Index i = r; i < rows && pi < 0; ++i)
      for (Index j = r; j < cols; ++j)
        if (mpz_sgn(at(i, j)) != 0) {
          pi = i;
          pj = j;
          break;
        }
    if (pi < 0) break;
    if (pi != r)
      for (Index j = 0; j < cols; ++j) mpz_swap(at(r, j), at(pi, j));
    if (pj != r)
      for (Index i = 0; i < rows; ++i) mpz_swap(at(i, r), at(i, pj));
    for (Index i = r + 1; i < rows; ++i) {
      for (Index j = r + 1; j < cols; ++j) {
        mpz_mul(t, at(r, r), at(i, j));
        mpz_submul(t, at(i, r), at(r, j));
        mpz_divexact(at(i, j), t, prev);
      }
      mpz_set_ui(at(i, r), 0);
    }
    mpz_set(prev, at(r, r));
    ++r;
  }
  mpz_clear(prev);
  mpz_clear(t);
  return r;
}

template <class LowerMat>
Rational witness_bound(const MatD& a, double s, const LowerMat& l_full) {
  const Index n = a.rows();
  if (a.cols() != n || l_full.rows() != n || l_full.cols() != n)
    throw InvalidInput("exact_witness_lower_bound: A and L must be square of the same size");
  if (!std::isfinite(s)) throw InvalidInput("exact_witness_lower_bound: shift is not finite");
  LowerMat l = l_full.template triangularView<Eigen::Lower>();  // the witness is tril(L)
  const auto un = static_cast<std::size_t>(n);
  MpzArray am(un * un), lm(un * un);
  const detail::DyadicParts pa = detail::split_dyadic(a, am);
  const detail::DyadicParts pl = detail::split_dyadic(l, lm);
  long ea = pa.any_nonzero ? pa.min_exp : 0;
  if (s != 0) ea = std::min(ea, detail::double_exponent(s));
  const long el = pl.any_nonzero ? pl.min_exp : 0;
  const long e0 = pl.any_nonzero ? std::min(ea, 2 * el) : ea;
  detail::align(am, pa, e0);
  detail::align(lm, pl, el);
  const auto ll_shift = static_cast<mp_bitcnt_t>(pl.any_nonzero ? 2 * el - e0 : 0);
  mpz_t sv, acc, e;
  mpz_init(sv);
  mpz_init(acc);
  mpz_init(e);
  detail::double_to_scaled(sv, s, e0);
  MpzArray rowsum(un);
  // E = A − sI − LLᵀ, all scaled by 2^{-e0}: exact integers. Lower triangle, mirrored into row sums.
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j <= i; ++j) {
      mpz_set_ui(acc, 0);
      const std::size_t ri = static_cast<std::size_t>(i) * un, rj = static_cast<std::size_t>(j) * un;
      for (Index t = 0; t <= j; ++t) mpz_addmul(acc, lm[ri + static_cast<std::size_t>(t)], lm[rj + static_cast<std::size_t>(t)]);
      mpz_mul_2exp(acc, acc, ll_shift);
      mpz_sub(e, am[ri + static_cast<std::size_t>(j)], acc);
      if (i == j) mpz_sub(e, e, sv);
      mpz_abs(e, e);
      mpz_add(rowsum[static_cast<std::size_t>(i)], rowsum[static_cast<std::size_t>(i)], e);
      if (i != j) mpz_add(rowsum[static_cast<std::size_t>(j)], rowsum[static_cast<std::size_t>(j)], e);
    }
  mpz_set_ui(acc, 0);
  for (std::size_t i = 0; i < un; ++i)
    if (mpz_cmp(rowsum[i], acc) > 0) mpz_set(acc, rowsum[i]);
  // λ_min(A) >= s − ‖E‖_∞ (A − sI = LLᵀ + E, LLᵀ ⪰ 0, λ_min(E) >= −ρ(E) >= −‖E‖_∞).
  Rational bound = to_rational(s) - scaled_to_rational(acc, e0);
  mpz_clear(sv);
  mpz_clear(acc);
  mpz_clear(e);
  return bound;
}

void require_finite(const MatD& m, const char* fn) {
  if (m.size() == 0) throw InvalidInput(std::string(fn) + ": empty matrix");
  if (!m.allFinite()) throw InvalidInput(std::string(fn) + ": matrix has a NaN or infinite entry");
}

}  // namespace

bool is_pd_exact(const MatD& a, double shift) {
  require_finite(a, "is_pd_exact");
  if (a.rows() != a.cols()) throw InvalidInput("is_pd_exact: matrix is not square");
  if (a != a.transpose()) throw InvalidInput("is_pd_exact: matrix is not symmetric");
  if (!std::isfinite(shift)) throw InvalidInput("is_pd_exact: shift is not finite");
  const Index n = a.rows();
  MpzArray m(static_cast<std::size_t>(n * n));
  scaled_shifted(a, shift, m);
  return bareiss_all_leading_minors_positive(m, n);
}

bool is_pd_exact(const Mat<Rational>& a) {
  if (a.rows() != a.cols() || a.rows() == 0) throw InvalidInput("is_pd_exact: matrix must be square, non-empty");
  // Rational LDLᵀ: PD iff every pivot d_k > 0.
  Mat<Rational> m = a;
  const Index n = m.rows();
  for (Index k = 0; k < n; ++k) {
    if (m(k, k) <= 0) return false;
    for (Index i = k + 1; i < n; ++i) {
      const Rational f = m(i, k) / m(k, k);
      for (Index j = k + 1; j < n; ++j) m(i, j) -= f * m(k, j);
    }
  }
  return true;
}

Index exact_rank(const MatD& mat) {
  require_finite(mat, "exact_rank");
  MpzArray m(static_cast<std::size_t>(mat.size()));
  const detail::DyadicParts parts = detail::split_dyadic(mat, m);
  if (!parts.any_nonzero) return 0;
  detail::align(m, parts, parts.min_exp);
  return bareiss_rank(m, mat.rows(), mat.cols());
}

Index exact_rank(const Mat<Rational>& a) {
  Mat<Rational> m = a;
  const Index rows = m.rows(), cols = m.cols();
  Index r = 0;
  for (Index c = 0; c < cols && r < rows; ++c) {
    Index p = -1;
    for (Index i = r; i < rows; ++i)
      if (m(i, c) != 0) {
        p = i;
        break;
      }
    if (p < 0) continue;
    m.row(r).swap(m.row(p));
    for (Index i = r + 1; i < rows; ++i) {
      if (m(i, c) == 0) continue;
      const Rational f = m(i, c) / m(r, c);
      for (Index j = c; j < cols; ++j) m(i, j) -= f * m(r, j);
    }
    ++r;
  }
  return r;
}

Index rank_mod_p(const MatD& mat, std::uint64_t p) {
  require_finite(mat, "rank_mod_p");
  using u64 = std::uint64_t;
  __extension__ typedef unsigned __int128 u128;
  auto mulmod = [p](u64 x, u64 y) { return static_cast<u64>(static_cast<u128>(x) * y % p); };
  auto powmod = [&](u64 b, u64 e) {
    u64 r = 1 % p;
    b %= p;
    while (e) {
      if (e & 1) r = mulmod(r, b);
      b = mulmod(b, b);
      e >>= 1;
    }
    return r;
  };
  const Index rows = mat.rows(), cols = mat.cols();
  // The integer image: x = m·2^{e}, scaled by 2^{-e0}: m·2^{e−e0} mod p.
  long e0 = 0;
  bool any = false;
  for (Index i = 0; i < mat.size(); ++i)
    if (mat.data()[i] != 0) {
      const long e = detail::double_exponent(mat.data()[i]);
      e0 = any ? std::min(e0, e) : e;
      any = true;
    }
  if (!any) return 0;
  std::vector<u64> m(static_cast<std::size_t>(rows * cols));
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) {
      const double x = mat(i, j);
      u64 v = 0;
      if (x != 0) {
        int e = 0;
        const double f = std::frexp(std::abs(x), &e);
        const auto mant = static_cast<u64>(std::ldexp(f, 53));  // exact, < 2^53
        v = mulmod(mant % p, powmod(2, static_cast<u64>(static_cast<long>(e) - 53 - e0)));
        if (x < 0 && v != 0) v = p - v;
      }
      m[static_cast<std::size_t>(i * cols + j)] = v;
    }
  auto at = [&](Index i, Index j) -> u64& { return m[static_cast<std::size_t>(i * cols + j)]; };
  Index r = 0;
  for (Index c = 0; c < cols && r < rows; ++c) {
    Index piv = -1;
    for (Index i = r; i < rows; ++i)
      if (at(i, c) != 0) {
        piv = i;
        break;
      }
    if (piv < 0) continue;
    if (piv != r)
      for (Index j = 0; j < cols; ++j) std::swap(at(r, j), at(piv, j));
    const u64 inv = powmod(at(r, c), p - 2);  // Fermat: p prime
    for (Index i = r + 1; i < rows; ++i) {
      if (at(i, c) == 0) continue;
      const u64 f = mulmod(at(i, c), inv);
      for (Index j = c; j < cols; ++j) at(i, j) = (at(i, j) + p - mulmod(f, at(r, j))) % p;
    }
    ++r;
  }
  return r;
}

Rational exact_witness_lower_bound(const MatD& a, double s, const MatD& l) {
  require_finite(a, "exact_witness_lower_bound");
  require_finite(l, "exact_witness_lower_bound");
  return witness_bound(a, s, l);
}

Rational exact_witness_lower_bound(const MatD& a, double s, const Mat<MpfrFloat>& l) {
  require_finite(a, "exact_witness_lower_bound");
  for (Index i = 0; i < l.size(); ++i)
    if (!mpfr_number_p(l.data()[i].backend().data()))
      throw InvalidInput("exact_witness_lower_bound: witness has a NaN or infinite entry");
  return witness_bound(a, s, l);
}

bool exact_check_cholesky_witness(const MatD& a, double s, const MatD& l) {
  return exact_witness_lower_bound(a, s, l) > 0;
}

double rational_down(const Rational& q) {
  double d = q.convert_to<double>();
  if (std::isinf(d)) return d > 0 ? std::numeric_limits<double>::max() : -kInf;  // max <= q, or q < lowest
  while (Rational(d) > q) d = next_down(d);  // at most a step or two
  return d;
}

double rational_up(const Rational& q) {
  double d = q.convert_to<double>();
  if (std::isinf(d)) return d < 0 ? std::numeric_limits<double>::lowest() : kInf;
  while (Rational(d) < q) d = next_up(d);
  return d;
}

}  // namespace nncert::linalg
