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

data::Estimate training(double n, double d, double w, double p, double steps, double parameter_steps) {
  return of(n * d + 3 * n * w + 4 * p, 6 * n * parameter_steps + steps * 1e-6 * kSpeed);
}

}  // namespace nncert::cli::estimate
