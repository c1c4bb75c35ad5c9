// pl_inequality (docs/floating-point.md#σ_min-and-rank-of-a-jacobian): for L = (1/2n)||r||², ∇L = Jᵀr/n, so
//   ||∇L||² = rᵀ J Jᵀ r / n² >= σ_min(J)² ||r||² / n² = 2 μ L  with  μ = σ_min(J)² / n.
// μ is certified at θ0 and at each checkpoint of `checkpoints = ["theta.npy", ...]` (paths relative
// to the problem file) through the rigorous Jacobian enclosure; the reported constant is the minimum.
#include <filesystem>

#include <fmt/format.h>

#include "jacobian_checks.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/numeric/rounding.hpp"
#include "nncert/numeric/errors.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

std::vector<std::filesystem::path> checkpoints(const theory::VerificationContext& c) {
  std::vector<std::filesystem::path> out;
  const toml::node* node = theory::parameter(c, "checkpoints");
  if (!node) return out;
  const auto* arr = node->as_array();
  if (!arr) throw InvalidInput(fmt::format("hypothesis '{}': checkpoints must be an array of .npy paths", c.hypothesis.id));
  const auto base = c.problem.path.parent_path();
  for (const auto& item : *arr) {
    const auto* s = item.as_string();
    if (!s) throw InvalidInput(fmt::format("hypothesis '{}': checkpoints must be strings", c.hypothesis.id));
    out.push_back(base / s->get());
  }
  return out;
}

VecD read_theta(const std::filesystem::path& file) {
  const data::NpyArray a = data::read_npy(file);
  if (a.shape.size() != 1) throw InvalidInput(file.string() + ": a parameter checkpoint must be a 1-d array");
  return Eigen::Map<const VecD>(a.data.data(), static_cast<Index>(a.data.size()));
}

class PlInequality final : public theory::Verifier {
 public:
  std::string_view name() const override { return "pl_inequality"; }
  std::string_view description() const override { return "PL inequality of the squared loss, mu = sigma_min(J)^2/n"; }
  // Problem-settable: each checkpoint adds a point where mu is proven; the reported mu is the minimum.
  std::vector<std::string_view> problem_options() const override { return {"checkpoints"}; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    std::vector<std::pair<std::string, VecD>> points{{"theta_0", VecD()}};
    std::string files;  // recorded so that `nncert check` re-proves μ at the same points
    for (const auto& file : checkpoints(c)) {
      points.push_back({file.filename().string(), read_theta(file)});
      files += (files.empty() ? "" : ";") + file.lexically_relative(c.problem.path.parent_path()).string();
    }
    const double n = static_cast<double>(c.data.n());
    theory::Finding worst;
    double mu_lo = kInf, mu_hi = kInf;
    for (const auto& [label, theta] : points) {
      const auto j = model_jacobian(c, "all", theta);
      if (!j) {
        worst.reason = "no rigorous Jacobian enclosure for this model kind yet";
        return worst;
      }
      theory::Finding f = full_row_rank_finding(*j, "mu = sigma_min(J)^2 / n");
      const auto& s = f.enclosure;
      const double lo = s.certified ? div_down(mul_down(std::max(0.0, s.lower), std::max(0.0, s.lower)), n) : 0;
      const double hi = div_up(mul_up(s.upper, s.upper), n);
      worst.details["mu at " + label] = fmt::format("[{:.6g}, {:.6g}] ({})", lo, hi, to_string(f.verdict));
      if (points.size() == 1 || f.verdict != Verdict::certified || lo < mu_lo) {
        const auto details = worst.details;
        worst = f;
        worst.details.insert(details.begin(), details.end());
        if (f.verdict != Verdict::certified) worst.reason = fmt::format("at {}: {}", label, f.reason);
      }
      mu_lo = std::min(mu_lo, lo);
      mu_hi = std::min(mu_hi, hi);
      if (f.verdict != Verdict::certified) break;
    }
    worst.quantity = "mu = min over points of sigma_min(J)^2 / n";
    worst.enclosure = {mu_lo, mu_hi, worst.verdict == Verdict::certified, worst.method, worst.precision_bits};
    worst.margin = worst.verdict == Verdict::certified ? mu_lo : 0;
    worst.constants["mu"] = worst.enclosure;
    worst.details["checkpoints"] = files;
    return worst;
  }
};

const theory::VerifierRegistration<PlInequality> registration;

}  // namespace
}  // namespace nncert::verifiers
