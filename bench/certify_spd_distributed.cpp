// bench_certify_spd_distributed: run under mpirun -np P. For each n, the time of nncert's distributed
// certify-spd (reading the .npy block-cyclically with its checks, then certifying λ_min > 0) beside
// ScaLAPACK's plain pdpotrf of the same distributed matrix in the same run, best of 2.
//
// The matrix is the Kac-Murdock-Szegő matrix a_ij = 0.9^|i−j| (an AR(1) covariance: positive definite,
// λ_min ≈ (1 − 0.9)/(1 + 0.9)), written once per n by rank 0 to a temporary .npy.
// Environment: NNCERT_BENCH_SIZES="1000,2000,4000" (default), NNCERT_SCALAPACK_BLOCK / _GRID as for
// nncert. Built only with MPI and ScaLAPACK (bench/CMakeLists.txt).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <mpi.h>
#include <unistd.h>

#include "nncert/data/npy.hpp"
#include "nncert/distributed/block_cyclic.hpp"
#include "nncert/distributed/certify_spd_distributed.hpp"
#include "nncert/distributed/mpi_session.hpp"
#include "nncert/distributed/npy_distributed.hpp"

extern "C" void pdpotrf_(const char* uplo, const int* n, double* a, const int* ia, const int* ja, const int* desca,
                         int* info);

using namespace nncert;

namespace {

double now() {
  MPI_Barrier(MPI_COMM_WORLD);
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::vector<Index> sizes() {
  const char* env = std::getenv("NNCERT_BENCH_SIZES");
  std::stringstream s(env && *env ? env : "1000,2000,4000");
  std::vector<Index> out;
  for (std::string item; std::getline(s, item, ',');) out.push_back(std::stoll(item));
  return out;
}

}  // namespace

int main() {
  distributed::MpiSession mpi;
  distributed::ProcessGrid grid = distributed::make_process_grid();
  const auto dir = std::filesystem::temp_directory_path();
  if (mpi.rank() == 0)
    fmt::print("ranks {} (grid {}x{}, block {}); best of 2\n{:>6} {:>12} {:>12} {:>12} {:>9} {:>10}  {}\n", mpi.size(),
               grid.rows, grid.cols, grid.block, "n", "read s", "certify s", "pdpotrf s", "ratio", "GF/s/rank",
               "verdict");
  int pid = static_cast<int>(::getpid());
  MPI_Bcast(&pid, 1, MPI_INT, 0, MPI_COMM_WORLD);  // one file name for all ranks: rank 0's
  for (const Index n : sizes()) {
    const std::string path = (dir / fmt::format("nncert_bench_kms_{}_{}.npy", n, pid)).string();
    if (mpi.rank() == 0) {
      MatD a(n, n);
      for (Index j = 0; j < n; ++j)
        for (Index i = 0; i < n; ++i) a(i, j) = std::pow(0.9, static_cast<double>(std::abs(i - j)));
      data::write_npy(path, a);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    double best_read = 1e300, best_certify = 1e300, best_potrf = 1e300;
    std::string verdict;
    for (int rep = 0; rep < 2; ++rep) {
      double t0 = now();
      const distributed::BlockCyclicMatrix a = distributed::read_symmetric_npy(path, grid);
      const double t1 = now();
      const linalg::SpdResult r = distributed::certify_lambda_min_distributed(a, {0.0, 0.0});
      const double t2 = now();
      best_read = std::min(best_read, t1 - t0);
      best_certify = std::min(best_certify, t2 - t1);
      verdict = fmt::format("{} [{:.6g}, {:.6g}] {}", to_string(r.verdict), r.lambda_min.lower, r.lambda_min.upper,
                            r.lambda_min.method);
      distributed::BlockCyclicMatrix f(grid, n);
      std::copy(a.data(), a.data() + a.local_size(), f.data());
      const int ni = static_cast<int>(n), one = 1;
      int info = 0;
      t0 = now();
      pdpotrf_("L", &ni, f.data(), &one, &one, f.descriptor(), &info);
      best_potrf = std::min(best_potrf, now() - t0);
    }
    const double gflops_per_rank = static_cast<double>(n) * n * n / 3 / best_potrf / 1e9 / mpi.size();
    if (mpi.rank() == 0) {
      fmt::print("{:>6} {:>12.3f} {:>12.3f} {:>12.3f} {:>8.2f}x {:>10.2f}  {}\n", n, best_read, best_certify, best_potrf,
                 best_certify / best_potrf, gflops_per_rank, verdict);
      std::filesystem::remove(path);
    }
  }
  distributed::release_process_grid(grid);
  return 0;
}
