#pragma once
// Rigorous combination of per-rank partial bounds. MPI_SUM rounds to nearest, which can round a sum of
// upper bounds below the true sum; sum_up_across_ranks adds with every step rounded upward
// (add_up(a, b) >= a + b), so for any reduction tree the result is >= the exact sum of the per-rank
// values, each of which is >= its exact partial sum: the result bounds the global sum from above.
// Every result is computed once (on rank 0) and broadcast, so all ranks take the same decisions.
#include <vector>

namespace nncert::distributed {

// In place: v[i] := an upper bound of the sum over the ranks of their v[i].
void sum_up_across_ranks(std::vector<double>& v);
// In place: exact combination of vectors in which each entry is nonzero on at most one rank
// (x + 0 = x exactly): assembles a replicated vector from its owners' pieces.
void assemble_across_ranks(std::vector<double>& v);
// The least (greatest) of the ranks' values, exactly.
double min_across_ranks(double v);
double max_across_ranks(double v);

}  // namespace nncert::distributed
