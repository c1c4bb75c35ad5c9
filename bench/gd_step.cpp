// One full-batch gradient step's forward + backward (loss (1/2n)||f − Y||² and ∇θ) on the
// 784-64-64-1024-64-1 softplus MLP, n = 512, float64, beside PyTorch's loss.backward() when
// `import torch` works (NNCERT_BENCH_INSTALL=1 lets the bench apt-get install python3-torch).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "nncert/data/npy.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/memory_policy.hpp"
#include "torch_baseline.hpp"

using namespace nncert;

int main() {
  nncert::keep_freed_memory_in_process();  // as in the nncert executable
  const models::MlpConfig c = bench::benchmark_mlp();
  const models::Mlp<double> net(c);
  const Index n = 512;
  const MatD X = bench::benchmark_inputs(n);
  const MatD Y = data::Rng(3).normal_matrix(n, 1, 1.0);
  models::Model<double>::LossAndGradient lg;
  double best = 1e300;
  for (int rep = 0; rep < 20; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    lg = net.squared_loss_and_gradient(X, Y);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  const double flops = 6.0 * n * static_cast<double>(net.num_params());
  std::cout << fmt::format("nncert forward+backward ({} threads): p = {}, n = {}, best of 20: {:.3f} ms, {:.1f} GFLOP/s, loss {:.6f}\n", Eigen::nbThreads(),
                           net.num_params(), n, best * 1e3, flops / best * 1e-9, lg.loss);
  if (!bench::torch_available()) return 0;
  return bench::run_torch_baseline("gd", c.widths, best, [&](const std::filesystem::path& dir) {
    data::write_npy(dir / "X.npy", X);
    data::write_npy(dir / "Y.npy", Y);
    data::write_npy_vector(dir / "theta.npy", net.params());
    data::write_npy_vector(dir / "grad.npy", lg.gradient);
  });
}
