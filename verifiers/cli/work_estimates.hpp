#pragma once
// The building blocks of every command's admission estimate (admission.hpp): each returns the
// dominant memory (8-byte doubles) and time (flop count at data::kAssumedFlopsPerSecond) of one
// piece of work. Commands add them up, so that e.g. `kernel --certify` and `verify` share one
// formula for certifying λ_min of an n×n matrix. Deliberately coarse upper estimates: they exist to
// refuse the absurd quickly, not to predict run time; the training estimate at the end is the
// exception (a close upper bound, see there).
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

// ---- Training (nncert train, the train part of prove, study points with train = true) ----
//
// Unlike the pieces above, the training estimate is meant to be a usable upper bound, not only a
// guard against the absurd: a study trains for as long as the budget allows, so an estimate 15 times
// the truth refuses legitimate work. It counts what the trainer (lib/train) really does and charges
// each kind of operation at a rate measured on one core of a 2-core AMD EPYC build machine (Eigen
// built with -march=native), divided by about 3, so that a run on one core takes between a third of
// the estimate and the estimate. More threads make a run faster on an idle machine; on a machine
// whose cores are oversubscribed (more busy threads than cores) a multi-threaded run can take several
// times longer than its single-core time, which no estimate made from sizes can know.

// Rates (each a third of what was measured, see above).
// Dense matrix products (Eigen GEMM/SYRK of the forward and backward passes): 25-30 Gflop/s measured.
inline constexpr double kDenseProductFlopsPerSecond = 1e10;
// One call of a smooth activation or feature function (tanh, sigmoid, softplus, erf, GELU; the cos
// and sin of random features), with its derivative: 15-20 ns measured for glibc's cos/sin on the
// random-feature arguments of an rff-resnet. A piecewise-linear one (ReLU, leaky ReLU, identity) is a
// comparison and a few stores.
inline constexpr double kSmoothActivationSeconds = 30e-9;
inline constexpr double kPiecewiseLinearActivationSeconds = 2e-9;
// Per parameter and evaluation, the vector work around the products (θ copied into the model,
// ∇L gathered and scattered, θ updated, fresh gradient vectors allocated): about 1 ns while θ and its
// copies stay in the last-level cache, 20-25 ns measured once they do not (memory traffic and the page
// faults of freshly allocated vectors). θ of at most kCachedParameters doubles (16 MB, half a 32 MB
// L3) counts as cached.
inline constexpr double kCachedParameterSeconds = 1e-9;
inline constexpr double kUncachedParameterSeconds = 30e-9;
inline constexpr double kCachedParameters = 2e6;
// Fixed cost of one evaluation (allocations and bookkeeping of small matrices).
inline constexpr double kEvaluationSeconds = 1e-5;

// The work of one model pass over one data row.
struct RowCost {
  double product_flops = 0;  // in dense matrix products
  double activations = 0;    // activation / feature function calls
};

// One model kind's costs, per data row (admission.cpp derives them from the model configuration).
struct ModelCosts {
  double parameters = 0;  // p, the length of θ
  double units = 0;       // activations per row kept for back-propagation (Σ of the layer widths)
  double layers = 1;      // layers whose share of the tangent Gram is formed separately
  double activation_seconds = kSmoothActivationSeconds;  // per activation call
  // Flops per entry of the Grams of rows that make up the tangent Gram (SYRK of the activations and
  // the deltas of each layer): Σ over the layers of their input and output widths.
  double gram_flops_per_entry = 0;
  RowCost forward;   // f(x): one forward pass
  RowCost gradient;  // the loss and its gradient: forward and backward pass
};

// What one training run does, counted from the problem's sizes and [train] (admission.cpp).
struct TrainingRun {
  double n = 0, d = 0, k = 1;
  double test_n = 0;              // held-out rows ([data] test_n), evaluated at every trajectory row
  bool classification = false;    // class targets: the training rows are evaluated at every row too
  ModelCosts model;
  double evaluations = 0;         // loss-and-gradient evaluations on the n training rows
  RowCost evaluation_work;        // Σ over those evaluations of their per-row cost (a frozen prefix
                                  // evaluated once makes this less than evaluations · model.gradient)
  double parameters_touched = 0;  // Σ over the evaluations of the parameters they update and copy
  double rows = 0;                // trajectory rows: each a forward pass on the training and test rows
  double gram_spectra = 0;        // tangent Grams J Jᵀ (n·k square) formed, spectrum estimated
  double certified_rows = 0;      // rows whose λ_min(J Jᵀ) is certified (certify_every)
  double daa_residuals = 0;       // least-squares residuals of J_S (alignment-framework)
  double daa_block = 0;           // |S| of those
  double pruned_keeps = 0;        // prune_keep entries: read-outs of the pruned net on every row
};

// Forming the tangent Gram J Jᵀ (N = n·k square) structurally, without J (models' ntk_gram_block):
// a forward pass of the n rows, N seeded backward passes (the deltas only: about half the backward
// work of a gradient), per layer the Grams of the n rows' activations and of the N rows' deltas (SYRK,
// N²·gram_flops_per_entry flops at most) and 4·N² element-wise operations to combine them; then its
// eigenvalues by Eigen's dense symmetric eigensolver, 0.4·N³ + 150·N² ns (measured 7 ms at N = 200,
// 37 ms at 500, 0.20 s at 1000, 1.9 s at 2000). Memory: the Gram and its temporaries (4·N²) and the
// N rows' deltas.
data::Estimate tangent_gram_spectrum(double n, double k, const ModelCosts& model);

// Training: time and memory of `run` (see TrainingRun), the pieces above each counted as often as the
// trainer runs them, at the rates above. Memory: the data (training and test), the activations of a
// forward/backward pass over the training and test rows, θ with the ~12 copies the trainer keeps
// (θ0, the initial and final θ of the trajectory, gradients, the GD update's copies), the per-step
// loss log and the trajectory rows (with the slack of a growing std::vector), and the largest of the
// transient Gram / Jacobian pieces.
data::Estimate training(const TrainingRun& run);

}  // namespace nncert::cli::estimate
