#include "gram_checks.hpp"

#include <cmath>

#include <fmt/format.h>

#include <Eigen/Eigenvalues>

#include "nncert/linalg/certify_spd.hpp"
#include "nncert/linalg/rigorous_eval.hpp"
#include "nncert/numeric/rounding.hpp"
#include "nncert/theory/shortfall.hpp"

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

// A rigorous upper bound of λ_min over the enclosure, for a Gram that could not be proven positive
// definite: the Rayleigh quotient xᵀXx/xᵀx >= λ_min(X) for every x ≠ 0, bounded above for every X in the
// enclosure (rigorous_eval.hpp), at x = the midpoint's eigenvector estimate. NaN when not computed (the
// dense eigensolver is used only up to n = 2000).
double lambda_min_upper(const linalg::MatrixEnclosure& gram) {
  if (gram.mid.rows() == 0 || gram.mid.rows() > 2000 || !gram.mid.allFinite() || !gram.rad.allFinite()) return std::nan("");
  const Eigen::SelfAdjointEigenSolver<MatD> eig(gram.mid);
  if (eig.info() != Eigen::Success) return std::nan("");
  return linalg::rayleigh_quotient_upper(gram.mid, gram.rad, eig.eigenvectors().col(0));
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
  if (r.verdict == Verdict::inconclusive) {
    // Not proven positive: a rigorous upper bound still says how far from the hypothesis this Gram is.
    const double upper = lambda_min_upper(gram);
    if (std::isfinite(upper)) {
      f.details[name + " upper bound"] = fmt::format("{} <= {:.3g} (rigorous Rayleigh quotient), {:.3g} relative to lambda_max <= {:.3g}",
                                                     name, upper, upper / lambda_max_up, lambda_max_up);
      f.details[theory::kWhatWouldChange] = fmt::format(
          "{} is at most {:.3g}: a Gram further from singular (drop or separate near-duplicate inputs, or a kernel/width that "
          "separates them); higher precision helps only if {} is positive and above the enclosure's radius",
          name, upper, name);
    }
  }
  return f;
}

}  // namespace nncert::verifiers
