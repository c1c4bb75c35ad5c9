#include "collectives.hpp"

#include <mpi.h>

#include "nncert/numeric/rounding.hpp"

namespace nncert::distributed {
namespace {

void sum_up_op(void* in, void* inout, int* len, MPI_Datatype*) {
  const auto* a = static_cast<const double*>(in);
  auto* b = static_cast<double*>(inout);
  for (int i = 0; i < *len; ++i) b[i] = add_up(a[i], b[i]);  // >= a[i] + b[i]
}

MPI_Op upward_sum() {
  static MPI_Op op = [] {
    MPI_Op o;
    MPI_Op_create(&sum_up_op, 1, &o);
    return o;
  }();
  return op;
}

// Reduce to rank 0, then broadcast rank 0's result: the same bits on every rank.
void reduce_and_share(std::vector<double>& v, MPI_Op op) {
  std::vector<double> out(v.size());
  MPI_Reduce(v.data(), out.data(), static_cast<int>(v.size()), MPI_DOUBLE, op, 0, MPI_COMM_WORLD);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 0) v.swap(out);
  MPI_Bcast(v.data(), static_cast<int>(v.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

}  // namespace

void sum_up_across_ranks(std::vector<double>& v) { reduce_and_share(v, upward_sum()); }
void assemble_across_ranks(std::vector<double>& v) { reduce_and_share(v, MPI_SUM); }

double min_across_ranks(double v) {
  std::vector<double> x{v};
  reduce_and_share(x, MPI_MIN);
  return x[0];
}

double max_across_ranks(double v) {
  std::vector<double> x{v};
  reduce_and_share(x, MPI_MAX);
  return x[0];
}

}  // namespace nncert::distributed
