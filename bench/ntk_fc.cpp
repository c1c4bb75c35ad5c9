// bench_ntk_fc: fully-connected ReLU NTK Gram, depth 3, n = 4000, d = 784 (the first n Fashion-MNIST
// training images, pixels / 255, when Debian's dataset-fashion-mnist is installed; else seeded uniform
// [0,1) pixels), beside a vectorised numpy implementation of the same recursion run in the same process
// tree when python3 with numpy is importable. NNCERT_BENCH_INSTALL=1 lets the bench install
// python3-numpy with apt-get first (never in CI). Arguments: [n] [d] [depth].
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
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
