#include "nncert/cert/independent_predicates.hpp"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "nncert/cert/independent_block_local_pl.hpp"
#include "nncert/cert/independent_local_pl.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/numeric/rounding.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"

namespace nncert::cert {
namespace {

IndependentCheck decided(bool holds, std::string detail) {
  IndependentCheck out;
  out.attempted = true;
  out.verdict = holds ? Verdict::certified : Verdict::inconclusive;
  out.detail = std::move(detail);
  return out;
}

// max_i |‖x_i‖² − 1| (equal) or max_i (‖x_i‖² − 1)^+ (at most), exactly.
IndependentCheck unit_norm_check(const MatD& X, bool equal_mode, double recorded_upper) {
  Rational worst = 0;
  for (Index i = 0; i < X.rows(); ++i) {
    Rational s = 0;
    for (Index c = 0; c < X.cols(); ++c) {
      const Rational x = to_rational(X(i, c));
      s += x * x;
    }
    Rational dev = s - 1;
    if (dev < 0) dev = equal_mode ? Rational(-dev) : Rational(0);
    if (dev > worst) worst = dev;
  }
  const bool holds = worst <= to_rational(recorded_upper);
  return decided(holds, fmt::format("{} exact rational sums of squares: worst deviation {:.6g} {} the recorded bound {:.6g}",
                                    X.rows(), worst.convert_to<double>(), holds ? "<=" : "exceeds", recorded_upper));
}

// x_j = c·x_i with c > 0, decided by exact cross products against the first nonzero entry p of x_i.
bool positively_parallel(const MatD& X, Index i, Index j) {
  Index p = 0;
  while (p < X.cols() && X(i, p) == 0) ++p;
  if (p == X.cols() || X(j, p) == 0 || (X(i, p) > 0) != (X(j, p) > 0)) return false;
  for (Index b = 0; b < X.cols(); ++b) {
    // Equal exact products have equal round-to-nearest values, so unequal hi parts prove inequality.
    const double lhs = X(j, b) * X(i, p), rhs = X(i, b) * X(j, p);
    if (lhs != rhs) return false;
    if (to_rational(X(j, b)) * to_rational(X(i, p)) != to_rational(X(i, b)) * to_rational(X(j, p))) return false;
  }
  return true;
}

IndependentCheck distinct_check(const MatD& X, bool parallel) {
  const Index n = X.rows();
  if (parallel)
    for (Index i = 0; i < n; ++i)
      if ((X.row(i).array() == 0).all()) return decided(false, fmt::format("input {} is the zero vector", i));
  for (Index i = 0; i < n; ++i)
    for (Index j = i + 1; j < n; ++j) {
      const bool bad = parallel ? positively_parallel(X, i, j) : X.row(i) == X.row(j);
      if (bad) return decided(false, fmt::format("inputs {} and {} are {}", i, j, parallel ? "positively parallel" : "identical"));
    }
  return decided(true, fmt::format("all {} pairs compared exactly{}", n * (n - 1) / 2,
                                   parallel ? " (cross products, no floating-point filter)" : ""));
}

// ‖vec f_X − J_S θ_S‖ in 256-bit MPFR at θ0 for an mlp model; S a comma-separated list of blocks.
IndependentCheck model_structure_check(const theory::LoadedProblem& problem, const VecD& theta0, const std::string& blocks) {
  IndependentCheck out;
  if (!std::holds_alternative<models::MlpConfig>(problem.model)) return out;
  const MpfrPrecision precision(256);
  auto model = models::build_model<MpfrFloat>(problem.model);
  const std::vector<std::string> names = models::split_block_list(blocks);
  double cols = 0;
  try {
    for (const auto& name : names) cols += static_cast<double>(model->block(name).size);
  } catch (const InvalidInput& e) {
    return decided(false, fmt::format("the recorded block cannot be rebuilt: {}", e.what()));
  }
  // The forward pass costs n·p, the block Jacobians n·k·|S| MPFR operations.
  const double rows = static_cast<double>(problem.data.n() * problem.data.k());
  if (rows * cols > 4e6 || static_cast<double>(problem.data.n()) * static_cast<double>(theta0.size()) > 2e8) {
    out.detail = "skipped: too large for a 256-bit re-evaluation";
    return out;
  }
  model->set_params(theta0.cast<MpfrFloat>());
  const Mat<MpfrFloat> X = problem.data.X.cast<MpfrFloat>();
  const Mat<MpfrFloat> F = model->forward(X);  // n×k; vec f is sample-major, as J's rows
  Vec<MpfrFloat> r(F.size());
  for (Index i = 0; i < F.rows(); ++i)
    for (Index o = 0; o < F.cols(); ++o) r(i * F.cols() + o) = F(i, o);
  const MpfrFloat f_norm = r.norm();
  for (const auto& name : names) {
    const auto b = model->block(name);
    const Vec<MpfrFloat> theta_s = theta0.segment(b.offset, b.size).cast<MpfrFloat>();
    r -= model->jacobian_block(X, name) * theta_s;
  }
  const MpfrFloat residual = r.norm();
  const MpfrFloat allowance = ldexp(MpfrFloat(1) + f_norm, -200);
  const bool holds = residual <= allowance;
  return decided(holds, fmt::format("confirmed numerically: ||vec f_X - J_S theta_S|| = {:.3g} {} 2^-200 (1 + ||f||) in 256-bit "
                                    "MPFR (S = {})",
                                    residual.convert_to<double>(), holds ? "<=" : ">", blocks));
}

// μ = min over points of σ_min(J(θ))²/n >= the recorded lower end: at θ0 and at every recorded
// checkpoint (paths relative to the problem file), λ_min(J Jᵀ) >= n·μ by the MPFR Jacobian witness.
IndependentCheck pl_inequality_check(const nlohmann::json& h, const theory::LoadedProblem& problem, const VecD& theta0) {
  double mu = 0;
  try {
    mu = h.at("enclosure").at("lower").get<double>();
  } catch (const nlohmann::json::exception&) {
    return decided(false, "the record has no enclosure");
  }
  std::vector<std::pair<std::string, VecD>> points{{"theta_0", theta0}};
  const std::string files = h.contains("details") ? h["details"].value("checkpoints", "") : "";
  std::stringstream list(files);
  const auto base = problem.problem.path.parent_path();
  try {
    for (std::string f; std::getline(list, f, ';');) {
      if (f.empty()) continue;
      const data::NpyArray a = data::read_npy(base / f);
      if (a.shape.size() != 1 || static_cast<Index>(a.data.size()) != theta0.size())
        return decided(false, fmt::format("checkpoint {} does not hold the model's {} parameters", f, theta0.size()));
      points.push_back({f, Eigen::Map<const VecD>(a.data.data(), theta0.size())});
    }
  } catch (const InvalidInput& e) {
    return decided(false, fmt::format("a checkpoint cannot be read: {}", e.what()));
  }
  // λ_min(J Jᵀ) >= n·μ at every point, by the Jacobian route of independent_gram_check (same size limits).
  const double bound = mul_up(static_cast<double>(problem.data.n()), std::max(mu, 0.0));  // >= n·μ
  const GramWitness all{GramMatrix::jacobian, "all", "lambda_min", {}, std::nullopt};
  for (const auto& [label, theta] : points) {
    IndependentCheck c = independent_gram_check(problem, theta, all, bound);
    if (!c.attempted || c.verdict != Verdict::certified) {
      c.detail = fmt::format("at {}: {}", label, c.detail);
      return c;
    }
  }
  return decided(true, fmt::format("re-proven independently: sigma_min(J)^2/n >= {:.17g} at theta_0 and {} checkpoint(s) "
                                   "(256-bit MPFR Jacobians, exact integer Cholesky witnesses)",
                                   mu, points.size() - 1));
}

}  // namespace

std::optional<IndependentCheck> independent_predicate_check(const nlohmann::json& h, const theory::LoadedProblem& problem,
                                                            const VecD& theta0) {
  const std::string verifier = h.value("verifier", "");
  const std::string quantity = h.value("quantity", "");
  const MatD& X = problem.data.X;
  if (verifier == "unit_norm_inputs") {
    const bool equal_mode = quantity == "max_i | ||x_i||^2 - 1 |";
    if (!equal_mode && quantity != "max_i ( ||x_i||^2 - 1 )^+") return std::nullopt;
    const auto& e = h.at("enclosure");
    if (!e.contains("upper") || !e["upper"].is_number()) return decided(false, "the enclosure has no numeric upper end");
    return unit_norm_check(X, equal_mode, e["upper"].get<double>());
  }
  if (verifier == "distinct_inputs") {
    if (quantity == "number of duplicate input pairs") return distinct_check(X, false);
    if (quantity == "number of positively parallel or zero input pairs") return distinct_check(X, true);
    return std::nullopt;
  }
  if (verifier == "local_pl") return independent_local_pl_check(h, problem, theta0);
  if (verifier == "pl_inequality") return pl_inequality_check(h, problem, theta0);
  if (verifier == "block_local_pl") return independent_block_local_pl_check(h, problem);
  if (verifier == "common_model_structure" && h.value("method", "").rfind("structural", 0) == 0) {
    std::string blocks;
    if (const auto* mlp = std::get_if<models::MlpConfig>(&problem.model)) blocks = mlp->bias ? "output,output.bias" : "output";
    if (h.contains("details") && h["details"].contains("block") && h["details"]["block"].is_string())
      blocks = h["details"]["block"].get<std::string>();
    if (blocks.empty()) return std::nullopt;
    IndependentCheck ic = model_structure_check(problem, theta0, blocks);
    if (!ic.attempted && ic.detail.empty()) return std::nullopt;
    return ic;
  }
  return std::nullopt;
}

}  // namespace nncert::cert
