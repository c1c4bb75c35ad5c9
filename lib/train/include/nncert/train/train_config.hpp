#pragma once
// The `[train]` section of a problem file (docs/problem-files.md) as a plain struct.
//
//   [train]
//   algorithm = "gd"        # "gd" | "gradient-flow" | "kawaguchi-sun-two-phase"
//                           # | "alignment-framework" | "node-scaled" | "rff-resnet-gd"
//                           # | "rff-resnet-flow"
//   step_size = 0.05        # optional: left out -> chosen from a smoothness estimate at θ0
//   steps = 2000            # GD steps; gradient flow integrates to t = steps·step_size
//   loss = "squared"        # the only loss: L = (1/(2n))‖f(X) − Y‖_F²
//   record_every = 10       # a trajectory row every this many steps (default: steps/100, ≥ 1)
//   block = "output"        # parameter block trained (gd, gradient-flow) or trained in phase 2
//   tau = 500               # two-phase switch step (default steps/2)
//   perturbation_scale = 1e-3   # std of the Gaussian perturbation at the switch (0: none)
//   perturb = "all"         # which parameters are perturbed: "all" | "block" | "frozen"
//   seed = 0                # seed of the perturbation
//   certify_every = 0       # certify λ_min at every this many recorded rows (0: never)
//   gram_every = 1          # estimate the Gram spectrum at every this many rows (0: never)
//   threads = 0             # Eigen/OpenMP threads (0: leave the default)
//   rtol = 1e-8, atol = 1e-12   # gradient flow: error control of the Dormand–Prince integrator
//   prune_keep = [1, 10, 100]   # scaled-shallow: after training, evaluate the net pruned to the k
//                               # nodes of largest scale, for each k (pruning.hpp)
//
// Unknown keys, wrong types and bad values throw InvalidInput "FILE:LINE: [train].key ...".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "nncert/numeric/types.hpp"

namespace nncert::train {

enum class Algorithm {
  gd,                      // fixed-step full-batch gradient descent on `block`
  gradient_flow,           // dθ_S/dt = −∇_S L, adaptive Dormand–Prince 5(4) with error control
  kawaguchi_sun_two_phase, // docs/theorems/kawaguchi-sun-2021-expressivity.md (our reading, see trainer.hpp)
  alignment_framework,     // docs/theorems/kawaguchi-zhang-deng-2022-alignment.md (our reading, see trainer.hpp)
  node_scaled,             // docs/problem-files.md#train-the-reference-trainer: GD on W, frozen signs and scalings
  rff_resnet_gd,           // docs/problem-files.md#train-the-reference-trainer: Θ_k ← Θ_k − ηL ∂F/∂Θ_k
  rff_resnet_flow,         // its gradient flow dΘ_k/dt = −L ∂F/∂Θ_k (the paper's L² gradient flow)
};

// Which parameters the switch perturbation of the two-phase recipes touches.
enum class PerturbTarget { all, block, frozen };

struct TrainConfig {
  Algorithm algorithm = Algorithm::gd;
  std::optional<double> step_size;  // absent: automatic (see step_size.hpp)
  Index steps = 1000;
  Index record_every = 0;           // 0: max(1, steps/100)
  std::optional<std::string> block; // absent: "all" for gd/gradient-flow/node-scaled/rff-resnet-*,
                                    //         "output" for the two-phase recipes
  std::optional<Index> tau;         // absent: steps/2
  double perturbation_scale = 1e-3;
  PerturbTarget perturb = PerturbTarget::all;
  std::uint64_t seed = 0;
  Index certify_every = 0;
  Index gram_every = 1;
  int threads = 0;
  double rtol = 1e-8;
  double atol = 1e-12;
  std::vector<Index> prune_keep;  // distinct, each >= 1, ascending; empty: no pruning evaluation
};

// Parses the [train] table; `file` prefixes error messages.
TrainConfig parse_train_config(const toml::table& train_section, const std::string& file);

std::string_view to_string(Algorithm algorithm);
// Throws InvalidInput listing the accepted names.
Algorithm parse_algorithm(std::string_view name);
std::string_view to_string(PerturbTarget target);

}  // namespace nncert::train
