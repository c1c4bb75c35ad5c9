#include "nncert/distributed/block_cyclic.hpp"

#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"
#include "scalapack.hpp"

namespace nncert::distributed {
namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long x = std::strtol(v, &end, 10);
  if (*end != '\0' || x < 1 || x > 1 << 20) throw InvalidInput(fmt::format("{}={} is not a positive integer", name, v));
  return static_cast<int>(x);
}

}  // namespace

ProcessGrid make_process_grid() {
  ProcessGrid g;
  Cblacs_pinfo(&g.rank, &g.size);
  g.block = env_int("NNCERT_SCALAPACK_BLOCK", 64);
  g.rows = 1;
  for (int r = 1; r * r <= g.size; ++r)
    if (g.size % r == 0) g.rows = r;
  g.cols = g.size / g.rows;
  if (const char* v = std::getenv("NNCERT_SCALAPACK_GRID"); v && *v) {
    int r = 0, c = 0;
    char tail = 0;
    if (std::sscanf(v, "%dx%d%c", &r, &c, &tail) != 2 || r < 1 || c < 1 || r * c != g.size)
      throw InvalidInput(fmt::format("NNCERT_SCALAPACK_GRID={} is not RxC with R*C = {} ranks", v, g.size));
    g.rows = r;
    g.cols = c;
  }
  Cblacs_get(-1, 0, &g.context);
  Cblacs_gridinit(&g.context, "Row", g.rows, g.cols);  // rank = row·P_c + col, as MPI darrays assume
  Cblacs_gridinfo(g.context, &g.rows, &g.cols, &g.my_row, &g.my_col);
  return g;
}

void release_process_grid(ProcessGrid& grid) {
  if (grid.context >= 0) Cblacs_gridexit(grid.context);
  grid.context = -1;
}

BlockCyclicMatrix::BlockCyclicMatrix(const ProcessGrid& grid, Index n) : grid_(&grid), n_(n) {
  const int ni = static_cast<int>(n);
  const int zero = 0;
  local_rows_ = numroc_(&ni, &grid.block, &grid.my_row, &zero, &grid.rows);
  local_cols_ = numroc_(&ni, &grid.block, &grid.my_col, &zero, &grid.cols);
  const int lld = std::max(1, static_cast<int>(local_rows_));
  int info = 0;
  descinit_(desc_.data(), &ni, &ni, &grid.block, &grid.block, &zero, &zero, &grid.context, &lld, &info);
  if (info != 0) throw std::logic_error(fmt::format("descinit failed (info {})", info));
  local_.assign(static_cast<std::size_t>(local_rows_ * local_cols_), 0.0);
}

// Local index l on process p of P: block l / nb of this process is global block (l / nb)·P + p.
Index BlockCyclicMatrix::global_row(Index l) const {
  const Index nb = grid_->block;
  return ((l / nb) * grid_->rows + grid_->my_row) * nb + l % nb;
}

Index BlockCyclicMatrix::global_col(Index l) const {
  const Index nb = grid_->block;
  return ((l / nb) * grid_->cols + grid_->my_col) * nb + l % nb;
}

std::vector<Index> BlockCyclicMatrix::global_rows() const {
  std::vector<Index> v(static_cast<std::size_t>(local_rows_));
  for (Index l = 0; l < local_rows_; ++l) v[static_cast<std::size_t>(l)] = global_row(l);
  return v;
}

std::vector<Index> BlockCyclicMatrix::global_cols() const {
  std::vector<Index> v(static_cast<std::size_t>(local_cols_));
  for (Index l = 0; l < local_cols_; ++l) v[static_cast<std::size_t>(l)] = global_col(l);
  return v;
}

}  // namespace nncert::distributed
