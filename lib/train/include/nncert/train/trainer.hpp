#pragma once
// The reference trainer (docs/design.md#layers): full-batch GD with a fixed step, gradient flow by an
// adaptive ODE integrator, and the training recipes of the specs. Squared loss
// L(θ) = (1/(2n))‖f(X) − Y‖_F² throughout (the model's squared_loss_and_gradient: one forward and one
// backward pass per step, GEMM-bound, no per-sample loops).
//
// Algorithms (TrainConfig::algorithm):
//  gd              θ_S ← θ_S − η ∇_S L for `steps` steps on the block S = config.block ("all").
//  gradient-flow   dθ_S/dt = −∇_S L on [0, steps·η], Boost.Odeint Dormand–Prince 5(4) with error
//                  control (rtol, atol), landing exactly on the record times t_k = k·record_every·η,
//                  so row k is comparable with the GD row of step k·record_every.
//  kawaguchi-sun-two-phase (docs/theorems/kawaguchi-sun-2021-expressivity.md; the paper's phase 2 is [U], this is OUR READING):
//                  phase 1: GD on all parameters for τ steps (η);
//                  switch at τ: θ_P += s·ξ, ξ ~ N(0, I) from data::Rng(seed) (one draw per parameter
//                  in θ order), s = perturbation_scale, on the
//                  parameters P chosen by `perturb`. Default P = all: when S is the output layer, J_S
//                  depends only on the parameters BEFORE S, so perturbing S alone could not repair a
//                  rank deficiency; an absolutely continuous law on every parameter does, a.s.,
//                  whenever full rank is attainable (real-analytic minors; derived by the project);
//                  phase 2: GD on the block S (default "output") only, all other parameters frozen,
//                  for steps − τ steps, with η₂ = config.step_size when given, else 1/(2β_S) with β_S
//                  estimated at the perturbed point (for a linear output block β_S = λ_max(G_S)/n
//                  exactly, G_S = J_S J_Sᵀ constant in phase 2).
//  alignment-framework (docs/theorems/kawaguchi-zhang-deng-2022-alignment.md; the paper's mechanism is [U], this is OUR READING):
//                  like the two-phase recipe with S chosen so that CMS holds (default "output": the
//                  linear read-out, f = J_S θ_S when the output has no bias outside S), except that
//                  the switch perturbation is applied only when DAA is not observed at τ: the
//                  relative least-squares residual ρ = ‖J_S z − y‖/‖y‖, z = J_S⁺ y (complete
//                  orthogonal decomposition), is > 1e-8. Up to 10 seeded perturbations are tried
//                  (seed, seed+1, ...) until ρ ≤ 1e-8; the last one is kept either way. Every
//                  phase-2 row records ρ (an estimate, not a certificate).
//  node-scaled     (docs/problem-files.md#train-the-reference-trainer) GD on W only (model kind "scaled-shallow"; its signs
//                  and scalings are not parameters, so they stay frozen); rows carry the max and mean
//                  per-node movement ‖w_j(t) − w_j(0)‖; the final per-node vector and the scalings
//                  λ_j are in Trajectory::node_movement / node_scale.
//  rff-resnet-gd   (docs/problem-files.md#train-the-reference-trainer) Θ_k ← Θ_k − ηL ∂F/∂Θ_k (model kind "rff-resnet",
//                  L its depth); norms in the L² metric (trajectory.hpp).
//  rff-resnet-flow the same metric's gradient flow dΘ_k/dt = −L ∂F/∂Θ_k by the adaptive integrator
//                  (time t = steps·step_size), the dynamics of the flow form of the local-PL theorem.
//
// Recording (every record_every steps and at the last step): loss, ‖∇_S L‖², the PL ratio, the
// extreme eigenvalues of G_S = J_S J_Sᵀ (dense eigensolver: an ESTIMATE; every gram_every-th row),
// a CERTIFIED lower bound on λ_min(Ĵ_S Ĵ_Sᵀ) every certify_every-th row (linalg::certify_lambda_min
// with the rounding radius of the product; see trajectory.hpp for exactly what it covers),
// ‖θ − θ0‖ and, for scaled-shallow nets, per-node movement; for classification targets the training
// accuracy, and with held-out rows the test loss and accuracy (trajectory.hpp): observations that
// never steer the run (one extra forward pass per recorded row and set).
//
// Determinism: for a given model, data, config and thread count the trajectory is identical bit for
// bit (fixed evaluation order, seeded perturbations, no timing-dependent decisions).
#include <functional>

#include "nncert/data/dataset.hpp"
#include "nncert/models/model.hpp"
#include "nncert/numeric/types.hpp"
#include "nncert/train/train_config.hpp"
#include "nncert/train/trajectory.hpp"

namespace nncert::train {

// Called after every step (every observed time of a flow) with the steps done, the total and the loss.
using ProgressCallback = std::function<void(Index done, Index total, double loss)>;

// Trains `model` in place from its current parameters θ0 on (X n×d, Y n×k). On return the model
// holds the final parameters. Throws InvalidInput for inconsistent shapes, an unknown block, a recipe
// applied to the wrong model kind. Divergence is not an exception: training stops at the first
// non-finite loss, the last finite state is recorded and the outcome is Outcome::diverged.
// `test`, when given, holds held-out rows (same input and target widths) evaluated at every recorded
// row; it never influences the training.
Trajectory train(models::Model<double>& model, const MatD& X, const MatD& Y, const TrainConfig& config,
                 const ProgressCallback& progress = {}, const data::HeldOut* test = nullptr);

}  // namespace nncert::train
