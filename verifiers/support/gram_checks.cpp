#include "gram_checks.hpp"

#include <cmath>

#include <fmt/format.h>

#include "nncert/linalg/certify_spd.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::verifiers {

namespace {
double gershgorin_upper(const linalg::MatrixEnclosure& gram) {
  // Every eigenvalue of G lies in a Gershgorin disc: λ <= max_i Σ_j |G_ij| <= max_i Σ_j (|mid_ij| + rad_ij).
  // Each term and each partial sum is rounded upward (add_up(a, b) >= a + b for every a, b, subnormal
  // and overflowing results included), so the accumulated row sum is >= the exact one.
  double row_max = 0;
  for (Index i = 0; i < gram.mid.rows(); ++i) {
    double row = 0;
    for (Index j = 0; j < gram.mid.cols(); ++j) row = add_up(row, add_up(std::abs(gram.mid(i, j)), gram.rad(i, j)));
    row_max = std::max(row_max, row);
  }
  return row_max;
}
}  // namespace

double lambda_max_upper(const linalg::MatrixEnclosure& gram) {
  const double fallback = gershgorin_upper(gram);
  const Index n = gram.mid.rows();
  // Estimate λ_max by a few power steps on the midpoint (not evidence; the proof below is).
  VecD v = VecD::Ones(n) / std::sqrt(static_cast<double>(n));
  double estimate = 0;
  for (int it = 0; it < 50; ++it) {
    const VecD w = gram.mid * v;
    estimate = v.dot(w);
    const double norm = w.norm();
    if (!(norm > 0)) break;
    v = w / norm;
  }
  const double s = estimate * 1.01 + 1e-300;
  if (!(s < fallback)) return fallback;
  // s·I − mid is symmetric whenever mid is; the radius is unchanged. λ_min(s·I − G) > 0 ⇔ λ_max(G) < s.
  MatD shifted = -gram.mid;
  shifted.diagonal().array() += s;
  const linalg::SpdResult r = linalg::certify_lambda_min(shifted, gram.rad);
  return r.verdict == Verdict::certified ? s : fallback;
}

theory::Finding positive_definite_finding(const linalg::MatrixEnclosure& gram, const std::string& quantity,
                                          const std::string& name, const std::string& name_max) {
  theory::Finding f;
  f.quantity = quantity;
  const linalg::SpdResult r = linalg::certify_lambda_min(gram.mid, gram.rad);
  f.verdict = r.verdict;
  f.enclosure = r.lambda_min;
  f.method = r.lambda_min.method;
  f.precision_bits = r.lambda_min.precision_bits;
  f.margin = r.lambda_min.certified ? r.lambda_min.lower : 0;
  f.reason = r.reason;
  f.details["n"] = fmt::format("{}", gram.mid.rows());
  const double lambda_max_up = lambda_max_upper(gram);
  if (r.lambda_min.lower > 0) f.details["condition_number_upper"] = fmt::format("{:.6g}", div_up(lambda_max_up, r.lambda_min.lower));
  const bool ok = r.verdict == Verdict::certified && r.lambda_min.certified;
  f.constants[name] = r.lambda_min;
  f.constants[name].certified = ok;
  f.constants[name_max] = {std::max(0.0, r.lambda_min.lower), lambda_max_up, true, "shifted Cholesky of s I - G (or Gershgorin)", 53};
  return f;
}

}  // namespace nncert::verifiers
