// finite_tangent_gram: a certified upper bound on λ_max(J Jᵀ) of the FINITE net at θ0 (J = ∂vec f_X/∂θ
// of the trained parameters), reported as the constant lambda_max_J0. An infinite-width theorem's step
// size condition (1 − η λ0/(2n) >= 0) says nothing about the finite net that is trained: GD on the
// squared loss L = (1/2n)||r||² has the Gauss–Newton curvature λ_max(J Jᵀ)/n, so the theorem files
// ask for η <= n / lambda_max_J0 as well (issue #16, class 3).
//
// Rigour: for the rigorous enclosure |J_ij − mid_ij| <= rad_ij (jacobian_checks.hpp),
//   λ_max(J Jᵀ) = ||J||_2² <= ||J||_F² = Σ_ij J_ij² <= Σ_ij (|mid_ij| + rad_ij)²,
// every addition and product rounded upward, so the computed sum is >= the exact one.
#include <cmath>

#include <fmt/format.h>

#include "jacobian_checks.hpp"
#include "nncert/numeric/rounding.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

class FiniteTangentGram final : public theory::Verifier {
 public:
  std::string_view name() const override { return "finite_tangent_gram"; }
  std::vector<std::string_view> theorem_parameters() const override { return {"block"}; }
  std::string_view description() const override { return "certified upper bound on lambda_max(J J^T) of the finite net at theta_0"; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    theory::Finding f;
    f.quantity = "lambda_max(J J^T) at theta_0 (upper bound ||J||_F^2)";
    const std::string block = string_parameter(c, "block", "all");
    f.details["certified_block"] = block;
    const auto j = model_jacobian(c, block);
    if (!j) {
      f.reason = "no rigorous Jacobian enclosure for this model kind yet";
      return f;
    }
    double sum = 0;
    for (Index col = 0; col < j->mid.cols(); ++col)
      for (Index row = 0; row < j->mid.rows(); ++row) {
        const double a = add_up(std::abs(j->mid(row, col)), j->rad(row, col));
        sum = add_up(sum, mul_up(a, a));
      }
    f.details["shape"] = shape(j->mid);
    if (!std::isfinite(sum)) {
      f.reason = "the Frobenius bound overflowed";
      return f;
    }
    f.verdict = Verdict::certified;
    f.method = "Frobenius norm of the rigorous Jacobian enclosure, rounded upward";
    f.enclosure = certified(0, sum, f.method);
    // The constant is the certified BOUND B >= λ_max (a point), so that n / B is defined: η <= n / B
    // implies η <= n / λ_max.
    f.constants["lambda_max_J0"] = certified(sum, sum, "upper bound on lambda_max(J J^T): " + f.method);
    f.details["step size limit n / lambda_max_J0"] = fmt::format("{:.6g}", static_cast<double>(c.data.n()) / sum);
    return f;
  }
};

const theory::VerifierRegistration<FiniteTangentGram> registration;

}  // namespace
}  // namespace nncert::verifiers
