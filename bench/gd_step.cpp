// One full-batch gradient step's forward + backward (loss (1/2n)||f − Y||² and ∇θ) on the
// 784-64-64-1024-64-1 softplus MLP, n = 512, float64, beside PyTorch's loss.backward() when
// `import torch` works (NNCERT_BENCH_INSTALL=1 lets the bench apt-get install python3-torch).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include "nncert/data/npy.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/mlp.hpp"
#include "nncert/numeric/memory_policy.hpp"
#include "torch_baseline.hpp"

using namespace nncert;

int main() {
  nncert::keep_freed_memory_in_process();  // as in the nncert executable
  models::MlpConfig c;
  c.widths = {784, 64, 64, 1024, 64, 1};
  c.activation = models::Activation::softplus;
  c.seed = 1;
  const models::Mlp<double> net(c);
  const Index n = 512;
  const MatD X = data::Rng(2).normal_matrix(n, 784, 1.0 / 28.0);
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
  if (!bench::torch_available()) {
    std::cout << "PyTorch: not installed (python3 -c 'import torch' failed); set NNCERT_BENCH_INSTALL=1 to "
                 "apt-get install python3-torch\n";
    return 0;
  }
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("nncert_bench_gd_{}", ::getpid());
  std::filesystem::create_directories(dir);
  data::write_npy(dir / "X.npy", X);
  data::write_npy(dir / "Y.npy", Y);
  data::write_npy_vector(dir / "theta.npy", net.params());
  data::write_npy_vector(dir / "grad.npy", lg.gradient);
  const int rc = bench::run_torch_script(dir, "gd", c.widths, best);
  std::filesystem::remove_all(dir);
  return rc;
}
