#pragma once
// The fully-connected NTK/NNGP Gram built directly in block-cyclic pieces: every rank holds the (small)
// data and evaluates only its own blocks, in outward-rounded intervals (fc_kernel_enclosure_tile); no
// rank ever holds the whole Gram. The radii enter the certificate as one number rho >= ‖R‖₂, R the
// entrywise radius (symmetric by construction): ‖K − mid‖₂ <= ‖R‖₂ <= min(‖R‖_∞, ‖R‖_F), both norms
// summed with upward steps on each rank and across ranks.
#include "nncert/distributed/block_cyclic.hpp"
#include "nncert/kernels/fc_kernel.hpp"

namespace nncert::distributed {

struct DistributedGram {
  BlockCyclicMatrix mid;
  double rho = 0;         // >= ‖K − mid‖₂, K the exact kernel Gram of the data
  double max_radius = 0;  // the largest entry radius
  bool finite = true;     // false when some entry left the double range (then nothing is proven)
};

// Collective.
DistributedGram fc_gram_enclosure_distributed(const MatD& X, const kernels::FcKernelSpec& spec,
                                              kernels::KernelKind kind, const ProcessGrid& grid);

}  // namespace nncert::distributed
