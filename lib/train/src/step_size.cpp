// Smoothness estimate and the automatic step size (see step_size.hpp).
#include "nncert/train/step_size.hpp"

#include <cmath>

#include <fmt/format.h>

#include "engine.hpp"
#include "nncert/data/random.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::train {

SmoothnessEstimate estimate_smoothness(models::Model<double>& model, const MatD& X, const MatD& Y,
                                       const std::string& block, double metric_weight,
                                       std::uint64_t seed, int power_iterations) {
  SmoothnessEstimate est;
  const double n = static_cast<double>(X.rows());
  const VecD theta0 = model.params();
  const detail::TrainedSet set = detail::trained_set(model, block);
  const VecD theta0_s = set.gather(theta0);

  // Gauss–Newton term: ‖J_Sᵀ J_S‖/n = λ_max(J_S J_Sᵀ)/n.
  const auto spectrum = detail::gram_spectrum(set.gram(model, X));
  if (std::isfinite(spectrum.lambda_max)) est.gauss_newton = metric_weight * spectrum.lambda_max / n;

  // Power iteration on v ↦ ∇²_S L v with H v ≈ (∇L(θ + εv) − ∇L(θ − εv))/(2ε), ‖v‖ = 1.
  data::Rng rng(seed ^ 0x5eedf00dULL);
  VecD v(set.size);
  for (Index i = 0; i < v.size(); ++i) v(i) = rng.normal();
  v.normalize();
  const double eps = 1e-5 * (1.0 + theta0_s.norm() / std::sqrt(static_cast<double>(set.size)));
  VecD theta = theta0;
  double rayleigh = 0;
  for (int it = 0; it < power_iterations; ++it) {
    set.scatter(theta0_s + eps * v, theta);
    model.set_params(theta);
    const VecD gp = set.gather(model.squared_loss_and_gradient(X, Y).gradient);
    set.scatter(theta0_s - eps * v, theta);
    model.set_params(theta);
    const VecD gm = set.gather(model.squared_loss_and_gradient(X, Y).gradient);
    const VecD hv = (gp - gm) / (2 * eps);
    ++est.power_iterations;
    if (!hv.allFinite()) break;
    rayleigh = std::abs(v.dot(hv));
    const double norm = hv.norm();
    est.hessian = std::max(est.hessian, metric_weight * std::max(rayleigh, 0.0));
    if (norm == 0) break;
    v = hv / norm;
  }
  model.set_params(theta0);
  est.beta = std::max(est.gauss_newton, est.hessian);
  return est;
}

double step_size_from(const SmoothnessEstimate& estimate) {
  if (!(estimate.beta > 0) || !std::isfinite(estimate.beta))
    throw InvalidInput(fmt::format(
        "cannot choose a step size: the smoothness estimate is {} (the loss is flat in the trained "
        "block); give [train].step_size",
        estimate.beta));
  return 1.0 / (2.0 * estimate.beta);
}

std::string describe_step_rule(const SmoothnessEstimate& estimate, const std::string& where) {
  return fmt::format(
      "auto: eta = 1/(2 beta), beta = {:.6g} = max(Gauss-Newton w*lambda_max(J_S J_S^T)/n = {:.6g}, "
      "Hessian |lambda|_max by {} power iterations on central-difference Hessian-vector products = "
      "{:.6g}) at {} (an estimate, not a bound)",
      estimate.beta, estimate.gauss_newton, estimate.power_iterations, estimate.hessian, where);
}

}  // namespace nncert::train
