#include "work_estimates.hpp"

#include <algorithm>

namespace nncert::cli::estimate {
namespace {

constexpr double kSpeed = data::kAssumedFlopsPerSecond;

data::Estimate of(double doubles, double flops) { return {8 * doubles, flops / kSpeed, {}}; }

}  // namespace

data::Estimate then(data::Estimate a, const data::Estimate& b) {
  a.bytes = std::max(a.bytes, b.bytes);
  a.seconds += b.seconds;
  return a;
}

data::Estimate data_matrix(double n, double d) { return of(n * d, 0); }

data::Estimate gram(double n, double flops_per_entry) { return of(n * n, n * n * flops_per_entry); }

data::Estimate gram_enclosure(double n, double flops_per_entry) { return of(2 * n * n, 20 * n * n * flops_per_entry); }

data::Estimate spd_certificate(double n) { return of(3 * n * n, 10 * n * n * n); }

data::Estimate sigma_min_certificate(double m, double c) {
  const double small = std::min(m, c);
  return of(4 * m * c, 20 * m * c * small) + spd_certificate(small);
}

data::Estimate jacobian(double rows, double p) { return of(2 * rows * p, 10 * rows * p); }

data::Estimate jacobian_gram(double n, double k, double p) { return of(0, 2 * n * n * k * p); }

data::Estimate model(double p) { return of(4 * p, 0); }

data::Estimate shallow_tangent_gram(double n, double m, double d, double k) {
  const double rows = n * k;
  return of(4 * rows * m + 8 * rows * rows + 4 * n * d + m * d, 20 * rows * rows * m + 20 * n * n * d);
}

namespace {

// Seconds of `rows` rows of a pass of `model` that costs `cost` per row.
double row_seconds(double rows, const RowCost& cost, const ModelCosts& model) {
  return rows * (cost.product_flops / kDenseProductFlopsPerSecond + cost.activations * model.activation_seconds);
}

// Seconds of the vector work on θ around one evaluation (see kCachedParameterSeconds).
double parameter_seconds(double parameters_touched, double p) {
  return parameters_touched * (p <= kCachedParameters ? kCachedParameterSeconds : kUncachedParameterSeconds);
}

// λ_min(J Jᵀ) certified at a row (train/monitor.cpp certified_lambda_min): J (N × p) and |J| by the
// seeded backward passes, fl(J Jᵀ) and fl(|J||J|ᵀ) (2·N²·p flops each), the radii (N² operations),
// then the certificate of an N × N matrix (spd_certificate).
data::Estimate certified_row(double n, double k, const ModelCosts& model) {
  const double rows = n * k, p = model.parameters;
  data::Estimate e{8 * (2 * rows * p + 3 * rows * rows),
                   row_seconds(rows, model.gradient, model) + 4 * rows * rows * p / kDenseProductFlopsPerSecond +
                       (rows * p + 10 * rows * rows) / kSpeed,
                   {}};
  return e + spd_certificate(rows);
}

// The DAA residual ‖J_S z − y‖ (train/monitor.cpp daa_residual): J_S (N × s) by the seeded backward
// passes and a column-pivoted QR of it, about 4·N·s·min(N, s) operations at the element rate (its
// column pivoting is memory-bound), and a copy of J_S.
data::Estimate daa_residual(double n, double k, double block, const ModelCosts& model) {
  const double rows = n * k;
  return {8 * 2 * rows * block,
          row_seconds(rows, model.gradient, model) + 4 * rows * block * std::min(rows, block) / kSpeed, {}};
}

}  // namespace

data::Estimate tangent_gram_spectrum(double n, double k, const ModelCosts& model) {
  const double rows = n * k;
  const RowCost seeded_backward{(model.gradient.product_flops - model.forward.product_flops) / 2, 0};
  const double forming = row_seconds(n, model.forward, model) + row_seconds(rows, seeded_backward, model) +
                         rows * rows * model.gram_flops_per_entry / kDenseProductFlopsPerSecond +
                         4 * rows * rows * model.layers / kSpeed;
  const double eigenvalues = (0.4 * rows * rows * rows + 150 * rows * rows) * 1e-9;
  return {8 * (4 * rows * rows + rows * model.units), forming + eigenvalues, {}};
}

data::Estimate training(const TrainingRun& run) {
  const ModelCosts& m = run.model;
  const double p = m.parameters, all_rows = run.n + run.test_n;
  // Time: the evaluations (the products, activations, vector work and fixed cost of each), a forward
  // pass on the test rows, and on the training rows for class targets (their accuracy), at every
  // trajectory row (with O(p) of norms), the Grams, the
  // certified rows, the DAA residuals, and the pruned read-outs (the hidden layer once, then a product
  // of m·k per row and kept count).
  double seconds = row_seconds(run.n, run.evaluation_work, m) + parameter_seconds(run.parameters_touched, p) +
                   run.evaluations * kEvaluationSeconds;
  const double observed_rows = (run.classification ? run.n : 0) + run.test_n;
  seconds += run.rows * (row_seconds(observed_rows, m.forward, m) + parameter_seconds(2 * p, p) + kEvaluationSeconds);
  const data::Estimate gram = tangent_gram_spectrum(run.n, run.k, m);
  const data::Estimate certified = certified_row(run.n, run.k, m);
  const data::Estimate daa = daa_residual(run.n, run.k, run.daa_block, m);
  seconds += run.gram_spectra * gram.seconds + run.certified_rows * certified.seconds +
             run.daa_residuals * daa.seconds;
  if (run.pruned_keeps > 0)
    seconds += row_seconds(all_rows, m.forward, m) +
               run.pruned_keeps * all_rows * 2 * m.units * run.k / kDenseProductFlopsPerSecond;
  // Memory, in doubles: data, activations (values, derivatives, deltas and a temporary per unit),
  // θ and ~12 copies, 8 doubles of log per evaluation (two with the std::vector's doubling slack) and
  // 40 per trajectory row (a 17-field row, twice), and the largest transient piece.
  double transient = 0;
  if (run.gram_spectra > 0) transient = std::max(transient, gram.bytes / 8);
  if (run.certified_rows > 0) transient = std::max(transient, certified.bytes / 8);
  if (run.daa_residuals > 0) transient = std::max(transient, daa.bytes / 8);
  const double doubles = all_rows * (run.d + run.k) + 4 * all_rows * m.units + 12 * p + 8 * run.evaluations +
                         40 * run.rows + transient;
  return of(doubles, seconds * kSpeed);
}

}  // namespace nncert::cli::estimate
