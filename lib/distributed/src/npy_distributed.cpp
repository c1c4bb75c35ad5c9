#include "nncert/distributed/npy_distributed.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include <fmt/format.h>
#include <mpi.h>

#include "nncert/data/npy.hpp"
#include "nncert/distributed/mpi_session.hpp"
#include "nncert/numeric/errors.hpp"
#include "scalapack.hpp"

namespace nncert::distributed {
namespace {

struct Layout {
  std::int64_t n = 0;
  std::int64_t fortran = 0;
  std::int64_t offset = 0;
};

// Rank 0 validates the header; every rank learns the outcome (an error message, or the layout).
Layout agree_on_layout(const std::string& path, int rank) {
  Layout layout;
  std::string problem;
  if (rank == 0) {
    try {
      const data::NpyLayout l = data::read_npy_layout(path);
      const auto& s = l.shape;
      if (s.size() != 2) {
        std::string shape = "(";
        for (std::size_t i = 0; i < s.size(); ++i) shape += (i ? ", " : "") + std::to_string(s[i]);
        problem = path + ": expected a 2-d array, got shape " + shape + (s.size() == 1 ? ",)" : ")");
      } else if (s[0] == 0 || s[1] == 0) {
        problem = fmt::format("{}: empty matrix of shape ({}, {})", path, s[0], s[1]);
      } else if (s[0] != s[1]) {
        problem = fmt::format("{}: certify_lambda_min: matrix is not square ({}x{})", path, s[0], s[1]);
      } else if (l.descr != "<f8") {
        problem = fmt::format("{}: --distributed reads dtype '<f8' only (this file has '{}')", path, l.descr);
      } else if (s[0] > std::numeric_limits<int>::max()) {
        problem = fmt::format("{}: n = {} is beyond ScaLAPACK's 32-bit indices", path, s[0]);
      } else {
        layout = {s[0], l.fortran_order ? 1 : 0, static_cast<std::int64_t>(l.data_offset)};
      }
    } catch (const InvalidInput& e) {
      problem = e.what();
    }
  }
  agree_on_input(problem);
  MPI_Bcast(&layout, 3, MPI_INT64_T, 0, MPI_COMM_WORLD);
  return layout;
}

// Collective: the least of the ranks' keys (kNone when no rank has one).
constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();
std::int64_t least_key(std::int64_t local) {
  std::int64_t least = kNone;
  MPI_Allreduce(&local, &least, 1, MPI_INT64_T, MPI_MIN, MPI_COMM_WORLD);
  return least;
}

}  // namespace

BlockCyclicMatrix read_symmetric_npy(const std::string& path, const ProcessGrid& grid) {
  const Layout layout = agree_on_layout(path, grid.rank);
  const Index n = layout.n;
  // Read as a Fortran-order n × n array, the file holds A itself (fortran_order True) or Aᵀ (C order).
  // Call it B; its block-cyclic darray view is exactly the local storage of a ScaLAPACK matrix.
  BlockCyclicMatrix b(grid, n);
  {
    const int gsizes[2] = {static_cast<int>(n), static_cast<int>(n)};
    const int distribs[2] = {MPI_DISTRIBUTE_CYCLIC, MPI_DISTRIBUTE_CYCLIC};
    const int dargs[2] = {grid.block, grid.block};
    const int psizes[2] = {grid.rows, grid.cols};
    MPI_Datatype view;
    MPI_Type_create_darray(grid.size, grid.rank, 2, gsizes, distribs, dargs, psizes, MPI_ORDER_FORTRAN, MPI_DOUBLE,
                           &view);
    MPI_Type_commit(&view);
    MPI_File fh;
    std::string problem;
    if (MPI_File_open(MPI_COMM_WORLD, path.c_str(), MPI_MODE_RDONLY, MPI_INFO_NULL, &fh) != MPI_SUCCESS) {
      problem = path + ": cannot open file";
    }
    if (!all_ranks(problem.empty())) {  // MPI_File_open is collective: all succeeded or all failed
      MPI_Type_free(&view);
      agree_on_input(problem.empty() ? path + ": cannot open file (on another rank)" : problem);
    }
    char native[] = "native";  // '<f8' on a little-endian machine
    MPI_File_set_view(fh, static_cast<MPI_Offset>(layout.offset), MPI_DOUBLE, view, native, MPI_INFO_NULL);
    // MPI counts are ints: read in collective rounds of at most 2^30 values, as many rounds on every
    // rank (a rank with fewer values reads 0 in the last ones).
    constexpr std::int64_t kChunk = std::int64_t{1} << 30;
    const auto count = static_cast<std::int64_t>(b.local_size());
    std::int64_t rounds = (count + kChunk - 1) / kChunk, max_rounds = 0;
    MPI_Allreduce(&rounds, &max_rounds, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
    bool ok = true;
    for (std::int64_t round = 0; round < max_rounds; ++round) {
      const std::int64_t begin = std::min(count, round * kChunk);
      const int want = static_cast<int>(std::min(kChunk, count - begin));
      MPI_Status status;
      const int rc = MPI_File_read_all(fh, b.data() + begin, want, MPI_DOUBLE, &status);
      int got = 0;
      MPI_Get_count(&status, MPI_DOUBLE, &got);
      ok = ok && rc == MPI_SUCCESS && got == want;
    }
    MPI_File_close(&fh);
    MPI_Type_free(&view);
    agree_on_input(ok ? std::string() : path + ": read error in the data section");
  }
  // Finite entries: the first bad one in file order, named as the serial reader names it.
  std::int64_t bad = kNone;
  for (Index lj = 0; lj < b.local_cols(); ++lj) {
    for (Index li = 0; li < b.local_rows(); ++li) {
      const double v = b.at(li, lj);
      if (std::isfinite(v)) continue;
      const std::int64_t pos = b.global_row(li) + b.global_col(lj) * n;  // position in the file
      bad = std::min(bad, 2 * pos + (std::isnan(v) ? 0 : 1));
    }
  }
  if (const std::int64_t first = least_key(bad); first != kNone) {
    const std::int64_t pos = first / 2;
    const std::int64_t i = pos % n, j = pos / n;  // B(i, j)
    const std::int64_t r = layout.fortran ? i : j, c = layout.fortran ? j : i;
    agree_on_input(grid.rank == 0 ? fmt::format("{}: {} at entry ({}, {})", path, first % 2 ? "Inf" : "NaN", r, c)
                                  : std::string());
  }
  // Exact symmetry: B == Bᵀ block by block.
  {
    BlockCyclicMatrix t(grid, n);
    const int ni = static_cast<int>(n), one = 1;
    const double alpha = 1.0, beta = 0.0;
    pdtran_(&ni, &ni, &alpha, b.data(), &one, &one, b.descriptor(), &beta, t.data(), &one, &one, t.descriptor());
    std::int64_t asym = kNone;
    for (Index lj = 0; lj < b.local_cols(); ++lj) {
      for (Index li = 0; li < b.local_rows(); ++li) {
        if (b.at(li, lj) == t.at(li, lj)) continue;
        const Index i = b.global_row(li), j = b.global_col(lj);
        asym = std::min(asym, std::min(i, j) * n + std::max(i, j));  // column-major over the lower triangle
      }
    }
    if (const std::int64_t first = least_key(asym); first != kNone) {
      const std::int64_t col = first / n, row = first % n;
      agree_on_input(grid.rank == 0 ? fmt::format("{}: certify_lambda_min: matrix is not symmetric: A({},{}) != A({},{})",
                                                  path, row, col, col, row)
                                    : std::string());
    }
  }
  return b;  // = A (symmetric)
}

}  // namespace nncert::distributed
