#pragma once
// The building blocks of every command's admission estimate (admission.hpp): each returns the
// dominant memory (8-byte doubles) and time (flop count at data::kAssumedFlopsPerSecond) of one
// piece of work. Commands add them up, so that e.g. `kernel --certify` and `verify` share one
// formula for certifying λ_min of an n×n matrix. Deliberately coarse upper estimates: they exist to
// refuse the absurd quickly, not to predict run time.
#include <string>

#include "nncert/data/admission.hpp"

namespace nncert::cli::estimate {

// Pieces held at once add up with data::operator+ (nncert/data/admission.hpp).
// Work done after `a` has released its memory: the larger memory, the seconds add up.
data::Estimate then(data::Estimate a, const data::Estimate& b);

// An n×d data matrix held in memory.
data::Estimate data_matrix(double n, double d);

// A symmetric n×n Gram matrix whose entries cost `flops_per_entry` each (the matrix is held).
data::Estimate gram(double n, double flops_per_entry);

// The same Gram in outward-rounded intervals: a second n×n matrix (the radii) and about 20 times the
// flops of the double evaluation.
data::Estimate gram_enclosure(double n, double flops_per_entry);

// Certifying λ_min of an n×n symmetric matrix already held (certify-spd, kernel --certify, verify):
// factor and work space 3·n², an eigen-decomposition, Cholesky factorizations and residual bounds
// of about 10·n³ flops together.
data::Estimate spd_certificate(double n);

// Certifying σ_min of an m×c matrix already held (sigma-min): a copy, its factors and work space
// 4·m·c, an SVD of about 20·m·c·min(m, c) flops and the Gram route of certify-spd on min(m, c).
data::Estimate sigma_min_certificate(double m, double c);

// A (rows)×p Jacobian and a copy of it, about 10 flops per entry (back-propagation per row).
data::Estimate jacobian(double rows, double p);

// J_S J_Sᵀ of n samples with k outputs each over p parameters, as verify forms it: 2·n²·k·p flops.
data::Estimate jacobian_gram(double n, double k, double p);

// The tangent Gram of a node-scaled shallow net of m nodes on n inputs of dimension d with k outputs,
// enclosed in closed form without the Jacobian (lib/models scaled_shallow_tangent_gram_enclosure):
// memory 8·(4·n·k·m + 8·(n·k)² + 4·n·d + m·d), time 20·(n·k)²·m interval operations plus the input Gram.
data::Estimate shallow_tangent_gram(double n, double m, double d, double k);

// A model of p parameters held with its gradient and two work vectors.
data::Estimate model(double p);

// `steps` training steps on n samples through layers of total width w (activations kept for
// back-propagation) of a model of p parameters, the steps evaluating `parameter_steps` parameters in
// all (p per step when every layer is evaluated; fewer when a frozen prefix is evaluated once): 6·n
// flops per parameter evaluated and 1 µs of overhead per step.
data::Estimate training(double n, double d, double w, double p, double steps, double parameter_steps);

}  // namespace nncert::cli::estimate
