#pragma once
// PyTorch baselines for bench_entk_gram and bench_gd_step: the same MLP (softplus, θ in nn.Linear
// order) rebuilt in float64 from theta.npy / X.npy written by the bench, timed in the same run.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <Eigen/Core>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "nncert/data/random.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/numeric/types.hpp"
#include "python_baseline.hpp"

namespace nncert::bench {

// The issue's benchmark network, 784-64-64-1024-64-1 softplus (p = 186,625), and its n inputs.
inline models::MlpConfig benchmark_mlp() {
  models::MlpConfig c;
  c.widths = {784, 64, 64, 1024, 64, 1};
  c.activation = models::Activation::softplus;
  c.seed = 1;
  return c;
}
inline MatD benchmark_inputs(Index n) { return data::Rng(2).normal_matrix(n, 784, 1.0 / 28.0); }

// Says why the baseline is skipped when PyTorch cannot be imported.
inline bool torch_available() {
  if (python_module_available("torch", "python3-torch")) return true;
  std::cout << fmt::format("PyTorch: `{} -c 'import torch'` failed; set NNCERT_BENCH_INSTALL=1 to apt-get install "
                           "python3-torch\n", python_interpreter());
  return false;
}

inline const char* kTorchScript = R"PY(
import sys, time, numpy as np, torch
try:
    from torch.func import vmap, jacrev, functional_call
except ImportError:  # torch 1.13 (Debian 12): functorch ships beside it
    from functorch import vmap, jacrev
    from torch.nn.utils.stateless import functional_call
mode, d = sys.argv[1], sys.argv[2]
widths = [int(w) for w in sys.argv[3].split(',')]
torch.set_num_threads(int(sys.argv[4]))
t_nncert = float(sys.argv[5])
torch.set_default_dtype(torch.float64)
X = torch.from_numpy(np.load(d + '/X.npy'))
theta = torch.from_numpy(np.load(d + '/theta.npy'))
layers = []
for a, b in zip(widths[:-1], widths[1:]):
    layers += [torch.nn.Linear(a, b), torch.nn.Softplus()]
net = torch.nn.Sequential(*layers[:-1])
torch.nn.utils.vector_to_parameters(theta, net.parameters())
params = {k: v.detach() for k, v in net.named_parameters()}
print(f"  torch {torch.__version__}, threads {torch.get_num_threads()}")
if mode == 'entk':
    def f(p, x):
        return functional_call(net, p, (x.unsqueeze(0),)).squeeze(0)
    def gram():
        jac = vmap(jacrev(f), (None, 0))(params, X)
        J = torch.cat([j.reshape(X.shape[0] * widths[-1], -1) for j in jac.values()], dim=1)
        return J @ J.T, J
    gram()
    best = 1e300
    for _ in range(3):
        t0 = time.perf_counter(); K, J = gram(); best = min(best, time.perf_counter() - t0)
    Kn = torch.from_numpy(np.load(d + '/K.npy'))
    Js = torch.from_numpy(np.load(d + '/Js.npy'))
    print(f"PyTorch functorch vmap(jacrev) + J J^T: best of 3: {best:.4f} s")
    print(f"  max |K_nncert - K_torch| / max |K|: {((Kn - K).abs().max() / K.abs().max()).item():.2e}")
    print(f"  max |J_nncert - J_torch| / max |J| (32 samples): {((Js - J[:Js.shape[0]]).abs().max() / J.abs().max()).item():.2e}")
    print(f"  speed-up functorch / nncert = {best / t_nncert:.1f}x")
else:
    Y = torch.from_numpy(np.load(d + '/Y.npy'))
    def step():
        net.zero_grad()
        r = net(X) - Y
        loss = 0.5 * (r ** 2).sum() / X.shape[0]
        loss.backward()
        return loss
    step()
    best = 1e300
    for _ in range(20):
        t0 = time.perf_counter(); loss = step(); best = min(best, time.perf_counter() - t0)
    g = torch.nn.utils.parameters_to_vector([p.grad for p in net.parameters()])
    gn = torch.from_numpy(np.load(d + '/grad.npy'))
    print(f"PyTorch forward+backward: best of 20: {best * 1e3:.3f} ms")
    print(f"  ratio nncert / PyTorch = {t_nncert / best:.2f}")
    print(f"  max |grad_nncert - grad_torch| / max |grad|: {((gn - g).abs().max() / g.abs().max()).item():.2e}")
)PY";

// Runs the baseline in a fresh temporary folder into which write_arrays(dir) puts the job's .npy files,
// with as many threads as nncert's own GEMMs use, so the ratio compares like with like.
// nncert_seconds: nncert's own time for the same job, for the printed ratio.
template <class WriteArrays>
int run_torch_baseline(const std::string& mode, const std::vector<Index>& widths, double nncert_seconds,
                       WriteArrays write_arrays) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("nncert_bench_{}_{}", mode, ::getpid());
  std::filesystem::create_directories(dir);
  write_arrays(dir);
  const auto script = dir / "baseline.py";
  std::ofstream(script) << kTorchScript;
  const std::string cmd = fmt::format("'{}' '{}' {} '{}' {} {} {}", python_interpreter(), script.string(), mode,
                                      dir.string(), fmt::join(widths, ","), Eigen::nbThreads(), nncert_seconds);
  std::cout.flush();  // keep nncert's lines before the baseline's when stdout is a pipe
  std::fflush(stdout);
  const int rc = std::system(cmd.c_str()) == 0 ? 0 : 1;
  std::filesystem::remove_all(dir);
  return rc;
}

}  // namespace nncert::bench
