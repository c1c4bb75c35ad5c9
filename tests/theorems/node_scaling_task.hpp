#pragma once
// Shared by the node-scaling theorem tests (docs/theorems/caron-2023-node-scaling.md): the scaled-shallow
// configuration and the paper-style simulated task, x uniform on S^{d−1} (normalised Gaussians),
// y = mean_k 5 sin(π x_k) plus optional N(0, noise²) label noise, all drawn from one seeded generator.
#include <cmath>
#include <cstdint>
#include <numbers>

#include "nncert/data/random.hpp"
#include "nncert/models/scaled_shallow.hpp"

namespace nncert::test {

inline models::ScaledShallowConfig shallow(Index d, Index m, double gamma, double alpha, std::uint64_t seed) {
  models::ScaledShallowConfig c;
  c.input_dim = d;
  c.width = m;
  c.gamma = gamma;
  c.alpha = alpha;
  c.seed = seed;
  return c;
}

// n points uniform on the unit sphere S^{d−1}, seeded.
inline MatD unit_sphere(Index n, Index d, std::uint64_t seed) {
  MatD X = data::Rng(seed).normal_matrix(n, d, 1.0);
  for (Index i = 0; i < n; ++i) X.row(i).normalize();
  return X;
}

struct SimTask {
  MatD X, Y;
};

inline SimTask simulated_task(Index n, Index d, std::uint64_t seed, double noise) {
  data::Rng rng(seed);
  SimTask t{rng.normal_matrix(n, d, 1.0), MatD(n, 1)};
  for (Index i = 0; i < n; ++i) {
    t.X.row(i).normalize();
    double s = 0;
    for (Index k = 0; k < d; ++k) s += 5 * std::sin(std::numbers::pi * t.X(i, k));
    t.Y(i, 0) = s / static_cast<double>(d);
    if (noise > 0) t.Y(i, 0) += noise * rng.normal();
  }
  return t;
}

}  // namespace nncert::test
