// bench_cntk_gap: CNTK-GAP pairs per second, in all and per core (all threads), on 28×28 and 14×14 single-channel images
// (uniform [0,1) pixels, seeded), q = 3, at several depths (paper convention: conv layers + 1).
// Arguments: [images per size] [depths...].
#include <chrono>
#include <cstdlib>
#include <random>
#include <vector>

#include <omp.h>

#include <fmt/format.h>

#include "nncert/kernels/cntk.hpp"

using namespace nncert;

int main(int argc, char** argv) {
  const Index n = argc > 1 ? std::atol(argv[1]) : 12;
  std::vector<int> depths;
  for (int a = 2; a < argc; ++a) depths.push_back(std::atoi(argv[a]));
  if (depths.empty()) depths = {3, 6, 11};
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (Index side : {28, 14}) {
    MatD X(n, side * side);
    for (Index i = 0; i < X.size(); ++i) X.data()[i] = u(rng);
    for (int depth : depths) {
      kernels::CntkSpec spec;
      spec.depth = depth;
      spec.readout = kernels::CntkReadout::gap;
      const auto t0 = std::chrono::steady_clock::now();
      const MatD K = kernels::cntk_gram(X, {1, side, side}, spec);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double pairs = static_cast<double>(n * (n + 1) / 2);
      fmt::print("CNTK-GAP {}x{} depth {:2d} ({} conv layers): {} pairs in {:.3f} s = {:.1f} pairs/s, {:.1f} per core on {} (K(0,0) = {:.6g})\n",
                 side, side, depth, depth - 1, pairs, s, pairs / s, pairs / s / omp_get_max_threads(), omp_get_max_threads(),
                 K(0, 0));
    }
  }
  return 0;
}
