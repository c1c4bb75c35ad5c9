#pragma once
// Seeded synthetic data sets. Every generator draws from one Rng(seed) in the order documented
// below, so a (generator, parameters, seed) triple names exactly one data set on every platform
// (Rng is portable; sums are evaluated left to right in plain loops, never by vectorised Eigen
// reductions whose order depends on the CPU). Hashes are filled.
//
// Targets of sphere and gaussian: a random hyperplane through 0 with normal w ~ N(0, I_d), drawn
// BEFORE the inputs (so it depends on seed and d only). Y(i, 0) = <w, x_i> / ||w|| (signed
// distance, usable for regression); labels[i] = 1 if Y(i, 0) >= 0 else 0 (usable with "pm1").
#include <cstdint>

#include "nncert/data/dataset.hpp"

namespace nncert::data {

// n points uniform on the unit sphere S^{d-1}: x = g / ||g||, g ~ N(0, I_d) (row-major draws).
Dataset make_sphere(Index n, Index d, std::uint64_t seed);

// n points x ~ N(0, I_d), drawn row-major.
Dataset make_gaussian(Index n, Index d, std::uint64_t seed);

// Two interleaving half circles in R^2 (as scikit-learn's make_moons). Row i belongs to moon
// i % 2 (labels alternate, so every prefix is balanced). Moon 0: (cos a, sin a); moon 1:
// (1 - cos a, 1/2 - sin a), a uniform on [0, pi], obtained without trigonometric functions: (u, v)
// uniform in the unit disc by rejection (u, v = 2 uniform() - 1, s = u^2 + v^2 in (0, 1)), then
// (cos a, sin a) = ((u^2 - v^2) / s, |2 u v| / s). Then each coordinate gets noise * normal().
// Y = labels as an n x 1 column.
Dataset make_two_moons(Index n, double noise, std::uint64_t seed);

// Teacher-student regression: a fixed one-hidden-layer tanh network
//   f(x) = sum_j a_j tanh(<W_j, x>),  W (width x d) ~ N(0, 1/d),  a ~ N(0, 1/width),
// drawn first (W row-major, then a: the teacher depends on seed, d and width only); then the
// inputs x_i ~ N(0, I_d) row-major; then, if noise > 0, Y(i, 0) = f(x_i) + noise * normal().
// labels[i] = 1 if Y(i, 0) >= 0 else 0. tanh is portable_tanh.
Dataset make_teacher(Index n, Index d, Index width, std::uint64_t seed, double noise = 0.0);

}  // namespace nncert::data
