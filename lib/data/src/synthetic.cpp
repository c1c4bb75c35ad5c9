#include "nncert/data/synthetic.hpp"

#include <cmath>
#include <string>

#include "nncert/data/random.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::data {
namespace {

void require_sizes(const char* who, Index n, Index d) {
  if (n < 1 || d < 1)
    throw InvalidInput(std::string(who) + ": need n >= 1 and d >= 1, got n = " + std::to_string(n) +
                       ", d = " + std::to_string(d));
}

// Left-to-right sums: the same bits on every platform (no vectorised reduction).
double dot_row(const MatD& x, Index i, const VecD& w) {
  double s = 0;
  for (Index j = 0; j < x.cols(); ++j) s += x(i, j) * w(j);
  return s;
}

double norm(const VecD& w) {
  double s = 0;
  for (Index j = 0; j < w.size(); ++j) s += w(j) * w(j);
  return std::sqrt(s);
}

// The hyperplane targets shared by sphere and gaussian (see synthetic.hpp).
void hyperplane_targets(Dataset& ds, const VecD& w) {
  const double nw = norm(w);
  ds.Y.resize(ds.X.rows(), 1);
  ds.labels.resize(static_cast<std::size_t>(ds.X.rows()));
  for (Index i = 0; i < ds.X.rows(); ++i) {
    ds.Y(i, 0) = dot_row(ds.X, i, w) / nw;
    ds.labels[static_cast<std::size_t>(i)] = ds.Y(i, 0) >= 0 ? 1 : 0;
  }
}

VecD normal_vector(Rng& rng, Index d) {
  VecD w(d);
  for (Index j = 0; j < d; ++j) w(j) = rng.normal();
  return w;
}

}  // namespace

Dataset make_sphere(Index n, Index d, std::uint64_t seed) {
  require_sizes("synthetic:sphere", n, d);
  Rng rng(seed);
  const VecD w = normal_vector(rng, d);
  Dataset ds;
  ds.X.resize(n, d);
  for (Index i = 0; i < n; ++i) {
    double s;
    do {  // a zero draw has probability 0; redraw rather than divide by zero
      s = 0;
      for (Index j = 0; j < d; ++j) {
        ds.X(i, j) = rng.normal();
        s += ds.X(i, j) * ds.X(i, j);
      }
    } while (s == 0);
    const double r = std::sqrt(s);
    for (Index j = 0; j < d; ++j) ds.X(i, j) /= r;
  }
  hyperplane_targets(ds, w);
  ds.name = "synthetic:sphere";
  update_hashes(ds);
  return ds;
}

Dataset make_gaussian(Index n, Index d, std::uint64_t seed) {
  require_sizes("synthetic:gaussian", n, d);
  Rng rng(seed);
  const VecD w = normal_vector(rng, d);
  Dataset ds;
  ds.X = rng.normal_matrix(n, d, 1.0);
  hyperplane_targets(ds, w);
  ds.name = "synthetic:gaussian";
  update_hashes(ds);
  return ds;
}

Dataset make_two_moons(Index n, double noise, std::uint64_t seed) {
  require_sizes("synthetic:two-moons", n, 2);
  if (!(noise >= 0) || !std::isfinite(noise))
    throw InvalidInput("synthetic:two-moons: noise must be finite and >= 0");
  Rng rng(seed);
  Dataset ds;
  ds.X.resize(n, 2);
  ds.Y.resize(n, 1);
  ds.labels.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    double u, v, s;
    do {
      u = 2.0 * rng.uniform() - 1.0;
      v = 2.0 * rng.uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double c = (u * u - v * v) / s;     // cos a
    const double sn = std::fabs(2.0 * u * v) / s;  // sin a >= 0: a in [0, pi]
    const int moon = static_cast<int>(i % 2);
    double x = moon == 0 ? c : 1.0 - c;
    double y = moon == 0 ? sn : 0.5 - sn;
    if (noise > 0) {
      x += noise * rng.normal();
      y += noise * rng.normal();
    }
    ds.X(i, 0) = x;
    ds.X(i, 1) = y;
    ds.labels[static_cast<std::size_t>(i)] = moon;
    ds.Y(i, 0) = moon;
  }
  ds.name = "synthetic:two-moons";
  update_hashes(ds);
  return ds;
}

Dataset make_teacher(Index n, Index d, Index width, std::uint64_t seed, double noise) {
  require_sizes("synthetic:teacher", n, d);
  if (width < 1) throw InvalidInput("synthetic:teacher: teacher_width must be >= 1");
  if (!(noise >= 0) || !std::isfinite(noise))
    throw InvalidInput("synthetic:teacher: noise must be finite and >= 0");
  Rng rng(seed);
  const MatD W = rng.normal_matrix(width, d, 1.0 / std::sqrt(static_cast<double>(d)));
  const VecD a = rng.normal_matrix(width, 1, 1.0 / std::sqrt(static_cast<double>(width)));
  Dataset ds;
  ds.X = rng.normal_matrix(n, d, 1.0);
  ds.Y.resize(n, 1);
  ds.labels.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    double f = 0;
    for (Index h = 0; h < width; ++h) {
      double pre = 0;
      for (Index j = 0; j < d; ++j) pre += W(h, j) * ds.X(i, j);
      f += a(h) * portable_tanh(pre);
    }
    ds.Y(i, 0) = f;
  }
  for (Index i = 0; i < n; ++i) {
    if (noise > 0) ds.Y(i, 0) += noise * rng.normal();
    ds.labels[static_cast<std::size_t>(i)] = ds.Y(i, 0) >= 0 ? 1 : 0;
  }
  ds.name = "synthetic:teacher";
  update_hashes(ds);
  return ds;
}

}  // namespace nncert::data
