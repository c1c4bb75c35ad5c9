#pragma once
// ScaLAPACK's 2-D block-cyclic layout: a P_r × P_c process grid (BLACS, ranks in row-major order, as
// MPI_Type_create_darray assumes) and an n × n matrix cut into nb × nb blocks, block (I, J) on process
// (I mod P_r, J mod P_c). Each rank holds only its own blocks, column-major, leading dimension = its
// number of local rows.
//
// Layout knobs (docs/scaling.md): NNCERT_SCALAPACK_BLOCK=nb (default 64) and NNCERT_SCALAPACK_GRID=RxC
// (default: the most nearly square grid with R <= C); both must be valid for the number of ranks.
#include <array>
#include <cstddef>
#include <vector>

#include "nncert/numeric/types.hpp"

namespace nncert::distributed {

struct ProcessGrid {
  int context = -1;
  int rows = 1, cols = 1;      // P_r × P_c
  int my_row = 0, my_col = 0;
  int block = 64;              // nb
  int rank = 0, size = 1;
};

// Collective. Throws InvalidInput (on every rank alike) for a malformed NNCERT_SCALAPACK_* variable.
ProcessGrid make_process_grid();
void release_process_grid(ProcessGrid& grid);

class BlockCyclicMatrix {
 public:
  BlockCyclicMatrix(const ProcessGrid& grid, Index n);
  Index n() const { return n_; }
  Index local_rows() const { return local_rows_; }
  Index local_cols() const { return local_cols_; }
  Index global_row(Index local) const;
  Index global_col(Index local) const;
  double& at(Index li, Index lj) { return local_[static_cast<std::size_t>(li + lj * local_rows_)]; }
  double at(Index li, Index lj) const { return local_[static_cast<std::size_t>(li + lj * local_rows_)]; }
  double* data() { return local_.data(); }
  const double* data() const { return local_.data(); }
  std::size_t local_size() const { return local_.size(); }
  const int* descriptor() const { return desc_.data(); }
  const ProcessGrid& grid() const { return *grid_; }
  // The global indices of the local rows / columns, in local order.
  std::vector<Index> global_rows() const;
  std::vector<Index> global_cols() const;

 private:
  const ProcessGrid* grid_;
  Index n_;
  Index local_rows_, local_cols_;
  std::vector<double> local_;
  std::array<int, 9> desc_{};
};

}  // namespace nncert::distributed
