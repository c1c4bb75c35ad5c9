// Empirical NTK Gram J Jᵀ of the 784-64-64-1024-64-1 softplus MLP (p = 186,625), n = 512, float64,
// computed structurally (per-layer (s² H Hᵀ + 1) ⊙ (Δ Δᵀ), J never formed), against PyTorch functorch
// (vmap of jacrev, then J Jᵀ) on the same weights and inputs when `import torch` works.
// NNCERT_BENCH_INSTALL=1 lets the bench `apt-get install -y python3-torch` first.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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
  double flops = 0;  // SYRK lower halves of H Hᵀ and Δ Δᵀ per layer, plus forward and backward GEMMs
  for (std::size_t l = 1; l < c.widths.size(); ++l) {
    flops += static_cast<double>(n) * (n + 1) * static_cast<double>(c.widths[l - 1] + c.widths[l]);
    flops += 4.0 * n * static_cast<double>(c.widths[l - 1] * c.widths[l]);
  }
  MatD K;
  double best = 1e300;
  for (int rep = 0; rep < 5; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    K = net.ntk_gram(X);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::cout << fmt::format("nncert ntk_gram ({} threads): p = {}, n = {}, best of 5: {:.4f} s, {:.1f} GFLOP/s ({:.2f} GFLOP)\n",
                           Eigen::nbThreads(), net.num_params(), n, best, flops / best * 1e-9, flops * 1e-9);
  // Self-check on the first 32 samples against an explicit J Jᵀ.
  const MatD Xs = X.topRows(32);
  const MatD Js = net.jacobian(Xs);
  const MatD Ks = Js * Js.transpose();
  std::cout << fmt::format("  max |K - J Jᵀ| / max |K| on 32 samples: {:.2e}\n",
                           (K.topLeftCorner(32, 32) - Ks).cwiseAbs().maxCoeff() / Ks.cwiseAbs().maxCoeff());

  if (!bench::torch_available()) return 0;
  return bench::run_torch_baseline("entk", c.widths, best, [&](const std::filesystem::path& dir) {
    data::write_npy(dir / "X.npy", X);
    data::write_npy_vector(dir / "theta.npy", net.params());
    data::write_npy(dir / "K.npy", K);
    data::write_npy(dir / "Js.npy", Js);
  });
}
