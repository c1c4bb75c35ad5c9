// bench_ntk_fc: fully-connected ReLU NTK Gram, depth 3, n = 4000, d = 784 (the first n Fashion-MNIST
// training images, pixels / 255, when Debian's dataset-fashion-mnist is installed; else seeded uniform
// [0,1) pixels), beside a vectorised numpy implementation of the same recursion run in the same process
// tree when python3 with numpy is importable. NNCERT_BENCH_INSTALL=1 lets the bench install
// python3-numpy with apt-get first (never in CI). Arguments: [n] [d] [depth].
//
// It also prints the Gram's fraction of its arithmetic bound: the time the GEMM X Xᵀ (lower half,
// n(n+1)/2 inner products of length d) would take at the rate the BLAS's DSYRK reaches on 4000 rows, plus the
// time the per-entry recursion would take at the machine's measured peak FMA rate, over the measured
// time. Both rates are measured in this run on all threads.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <omp.h>

extern "C" void dsyrk_(const char*, const char*, const int*, const int*, const double*, const double*, const int*,
                       const double*, double*, const int*, std::size_t, std::size_t);
#include <random>
#include <string>

#include <unistd.h>

#include <fmt/format.h>

#include "nncert/data/fashion_mnist.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/numeric/errors.hpp"
#include "python_baseline.hpp"

using namespace nncert;

namespace {
const char* kNumpyScript = R"PY(
import sys, time
import numpy as np
X = np.load(sys.argv[1]); L = int(sys.argv[2])
t0 = time.perf_counter()
G = X @ X.T
d = np.diag(G).copy()
s = np.sqrt(np.outer(d, d))
S = G; T = G.copy()
for h in range(L):
    rho = np.clip(S / s, -1.0, 1.0)
    np.fill_diagonal(rho, 1.0)  # exact on the diagonal: arccos(1 - u) ~ 1.5e-8 would swamp the comparison
    th = np.arccos(rho)
    S = s * (np.sqrt(1.0 - rho * rho) + (np.pi - th) * rho) / np.pi
    T = S + T * ((np.pi - th) / np.pi)
el = time.perf_counter() - t0
np.save(sys.argv[3], T)
print(el)
)PY";

// Floating-point operations of one off-diagonal entry and one layer of the ReLU recursion in its
// cheapest form: ρ = Σ·(1/√(ΣₓΣᵧ)) (2), arccos ρ (a square root and a degree-8 polynomial, 10),
// √(1−ρ²) (2), the two dual expectations (4), Σ and Θ updates (3), each square root counted as one
// operation. The true cost is higher, so the bound below is optimistic and the fraction conservative.
constexpr double kRecursionFlopsPerEntryLayer = 21.0;

// Rate (flop/s) of the BLAS's symmetric rank-k update, the routine the Gram uses, on all threads: the
// lower half of A Aᵀ for the first 4000 rows, n(n+1)/2·2d flops. Also Eigen's own product, for the record.
double measured_syrk_rate(const MatD& X) {
  const MatD A = X.topRows(std::min<Index>(X.rows(), 4000));
  const int n = static_cast<int>(A.rows()), d = static_cast<int>(A.cols());
  MatD G(n, n);
  const char uplo = 'L', trans = 'N';
  const double one = 1.0, zero = 0.0;
  double best = 1e300;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    dsyrk_(&uplo, &trans, &n, &d, &one, A.data(), &n, &zero, G.data(), &n, 1, 1);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return static_cast<double>(n) * (n + 1.0) * d / best;
}

// Peak fused multiply-add rate (flop/s, an FMA counted as two) on all threads: 32 independent
// accumulator chains per thread, so the compiler's vector FMAs run at throughput, not latency.
double measured_fma_rate() {
  constexpr int kChains = 32;
  constexpr long kIterations = 20'000'000;
  double best = 1e300;
  double sink = 0;
  int threads = 1;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
#pragma omp parallel reduction(+ : sink)
    {
#pragma omp single
      threads = omp_get_num_threads();
      double acc[kChains];
      for (int c = 0; c < kChains; ++c) acc[c] = 1.0 + 1e-9 * (c + omp_get_thread_num());
      const double a = 0.999999999, b = 1e-12;
      for (long it = 0; it < kIterations; ++it) {
#pragma omp simd
        for (int c = 0; c < kChains; ++c) acc[c] = acc[c] * a + b;
      }
      for (int c = 0; c < kChains; ++c) sink += acc[c];
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  if (sink == 0) std::abort();  // keeps the loop
  return 2.0 * kChains * static_cast<double>(kIterations) * threads / best;
}

void print_arithmetic_fraction(const MatD& X, int depth, double measured) {
  const double n = static_cast<double>(X.rows()), d = static_cast<double>(X.cols());
  const double gemm_rate = measured_syrk_rate(X), fma_rate = measured_fma_rate();
  const double gemm_s = n * (n + 1) / 2 * 2 * d / gemm_rate;
  const double recursion_s = n * (n - 1) / 2 * depth * kRecursionFlopsPerEntryLayer / fma_rate;
  fmt::print("arithmetic bound ({} threads): BLAS DSYRK {:.3f} s at {:.1f} GFLOP/s + recursion {:.3f} s at {:.1f} GFLOP/s "
             "peak FMA = {:.3f} s; fraction of the bound reached: {:.0f}%\n",
             omp_get_max_threads(), gemm_s, gemm_rate / 1e9, recursion_s, fma_rate / 1e9, gemm_s + recursion_s,
             100.0 * (gemm_s + recursion_s) / measured);
}

}  // namespace

int main(int argc, char** argv) {
  const Index n = argc > 1 ? std::atol(argv[1]) : 4000;
  const Index d = argc > 2 ? std::atol(argv[2]) : 784;
  const int depth = argc > 3 ? std::atoi(argv[3]) : 3;
  MatD X;
  std::string inputs = "Fashion-MNIST training images, pixels / 255";
  try {
    const auto fm = data::read_fashion_mnist("train");
    if (d != 784 || n > 60000) throw InvalidInput("shape");
    X = fm.images().topRows(n) / 255.0;
  } catch (const InvalidInput&) {
    inputs = "seeded uniform [0,1) pixels";
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    X.resize(n, d);
    for (Index i = 0; i < X.size(); ++i) X.data()[i] = u(rng);
  }
  kernels::FcKernelSpec spec;
  spec.depth = depth;
  MatD K;
  double best = 1e300;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    K = kernels::fc_kernel(X, spec, kernels::KernelKind::ntk);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  const auto g0 = std::chrono::steady_clock::now();
  const MatD G = X * X.transpose();
  const double gemm = std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count();
  fmt::print("inputs: {}\nnncert fc_kernel NTK relu depth {} n {} d {}: {:.3f} s (best of 3); full XX^T GEMM alone {:.3f} s\n",
             inputs, depth, n, d, best, gemm);
  print_arithmetic_fraction(X, depth, best);
  if (n > 8000) {
    fmt::print("numpy: skipped above n = 8000 (its recursion holds several n x n temporaries)\n");
    return 0;
  }
  if (!bench::python_module_available("numpy", "python3-numpy")) {
    fmt::print("numpy: not importable, baseline skipped (NNCERT_BENCH_INSTALL=1 installs python3-numpy)\n");
    return 0;
  }
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("nncert_bench_ntk_{}", static_cast<long>(::getpid()));
  std::filesystem::create_directories(dir);
  data::write_npy(dir / "X.npy", X);
  { std::ofstream(dir / "ntk.py") << kNumpyScript; }
  const std::string cmd = fmt::format("'{}' {} {} {} {} > {}", bench::python_interpreter(), (dir / "ntk.py").string(), (dir / "X.npy").string(), depth,
                                      (dir / "T.npy").string(), (dir / "time.txt").string());
  if (std::system(cmd.c_str()) != 0) {
    fmt::print("numpy baseline failed\n");
    return 1;
  }
  double numpy_s = 0;
  std::ifstream(dir / "time.txt") >> numpy_s;
  const MatD T = data::read_npy_matrix(dir / "T.npy");
  const double rel = (T - K).cwiseAbs().maxCoeff() / K.cwiseAbs().maxCoeff();
  fmt::print("numpy (same recursion, vectorised): {:.3f} s; speed-up {:.1f}x; max |difference| / max |K| = {:.2e}\n", numpy_s,
             numpy_s / best, rel);
  std::filesystem::remove_all(dir);
  return 0;
}
