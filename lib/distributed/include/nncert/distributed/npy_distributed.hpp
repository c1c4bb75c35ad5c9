#pragma once
// Collective reading of a square symmetric .npy matrix into the block-cyclic layout: each rank reads
// only its own blocks (MPI-IO with an MPI_Type_create_darray file view, which is ScaLAPACK's layout).
//
// Checks, every one decided collectively (agree_on_input) before any rank goes on: the header and the
// file size (rank 0, read_npy_layout, the same checks and messages as the serial reader), dtype '<f8'
// only, a 2-d non-empty square shape, every entry finite (the first non-finite entry in file order is
// named, as the serial reader names it) and exact symmetry (the first pair (i > j) in column-major
// order of the lower triangle with A(i,j) != A(j,i), as certify_lambda_min names it), found by
// comparing the local blocks with those of the transpose (pdtran).
#include <string>

#include "nncert/distributed/block_cyclic.hpp"

namespace nncert::distributed {

// Throws InvalidInput on rank 0 and InputRejectedOnRankZero elsewhere for bad input.
BlockCyclicMatrix read_symmetric_npy(const std::string& path, const ProcessGrid& grid);

}  // namespace nncert::distributed
