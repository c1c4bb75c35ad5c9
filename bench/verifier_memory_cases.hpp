#pragma once
// The big verifiers' memory cases, shared by bench_memory (which prints peak RSS beside the theoretical
// size) and tests/theorems/test_verifier_memory.cpp (which bounds it). Each case runs in a forked child
// with the nncert executable's allocator policy (keep_freed_memory_in_process); the figure is the growth
// of VmHWM over VmRSS at the child's start, so the parent's data and code do not count.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "nncert/data/dataset.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/data/random.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/numeric/memory_policy.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verifier.hpp"

namespace nncert::bench {


struct Case {
  std::string label;
  std::string verifier;
  models::ModelConfig model;
  data::Dataset data;
  toml::table params;
  double theoretical_doubles;
  std::string formula;
};

struct Measured {
  long grown_kb = -1;
  double seconds = 0;
  int verdict = -1;
  double enclosure_lower = 0;  // the finding's certified lower end
};

inline Measured run_in_child(const Case& c) {
  int fd[2];
  if (pipe(fd) != 0) return {};
  const pid_t pid = fork();
  if (pid < 0) return {};
  if (pid == 0) {
    close(fd[0]);
    keep_freed_memory_in_process();  // as in the nncert executable
    Measured m;
    const long start_kb = process_status_kb("VmRSS");
    const auto t0 = std::chrono::steady_clock::now();
    {
      const data::ProblemFile problem;
      const theory::HypothesisSpec hypothesis{"h", c.verifier, "bench", c.params};
      const toml::table options;
      const theory::VerificationContext context{problem, c.data, c.model, hypothesis, options};
      const theory::Finding f = theory::find_verifier(c.verifier).check(context);
      m.verdict = static_cast<int>(f.verdict);
      m.enclosure_lower = f.enclosure.lower;
    }
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m.grown_kb = process_status_kb("VmHWM") - start_kb;
    const bool ok = write(fd[1], &m, sizeof m) == static_cast<ssize_t>(sizeof m);
    _exit(ok ? 0 : 1);
  }
  close(fd[1]);
  Measured m;
  const bool got = read(fd[0], &m, sizeof m) == static_cast<ssize_t>(sizeof m);
  close(fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return got ? m : Measured{};
}

// n points on the unit sphere in R^d (seeded), zero targets.
inline data::Dataset sphere(Index n, Index d, std::uint64_t seed) {
  data::Dataset ds;
  ds.X = data::Rng(seed).normal_matrix(n, d, 1.0);
  for (Index i = 0; i < n; ++i) ds.X.row(i).normalize();
  ds.Y = MatD::Zero(n, 1);
  return ds;
}

inline models::MlpConfig mlp(std::vector<Index> widths, models::Activation a) {
  models::MlpConfig c;
  c.widths = std::move(widths);
  c.activation = a;
  c.seed = 3;
  return c;
}

inline double parameters(const models::MlpConfig& c) {
  double p = 0;
  for (std::size_t l = 0; l + 1 < c.widths.size(); ++l) p += static_cast<double>(c.widths[l] * c.widths[l + 1] + c.widths[l + 1]);
  return p;
}

// The four verifiers at `scale` times their full size (n = 1000, 1024, 2000, 256).
inline std::vector<Case> memory_cases(double scale) {
  const auto scaled = [&](Index n) { return std::max<Index>(8, static_cast<Index>(std::lround(scale * static_cast<double>(n)))); };
  const Index d = 784;
  std::vector<Case> cases;
  {
    const Index n = scaled(1000), m = 2000;
    models::ScaledShallowConfig c;
    c.input_dim = d;
    c.width = m;
    c.gamma = 0.5;
    c.alpha = 0.7;
    c.seed = 11;
    const double nn = static_cast<double>(n), mm = static_cast<double>(m), dd = static_cast<double>(d);
    cases.push_back({fmt::format("node_scaling, n = {}, m = {}, d = {}", n, m, d), "node_scaling", c, sphere(n, d, 1), {},
                     nn * mm + nn * nn + nn * dd + mm * dd, "n·m + n² + n·d + m·d"});
  }
  {
    // S = the read-out of the 2048-wide layer (2049 parameters): J_S is n × 2049.
    const Index n = scaled(1024);
    const auto c = mlp({d, 16, 16, 2048, 1}, models::Activation::tanh);
    const double nn = static_cast<double>(n), s = 2049;
    cases.push_back({fmt::format("expressivity, 784-16-16-2048-1 tanh, n = {}, S of 2049 parameters", n), "expressivity", c,
                     sphere(n, d, 2), {}, nn * s + nn * nn + nn * d + parameters(c), "n·s + n² + n·d + p, s = #S"});
  }
  {
    const Index n = scaled(2000);
    const auto c = mlp({d, 1024, 1024, 1}, models::Activation::relu);
    const double nn = static_cast<double>(n);
    toml::table params;
    params.insert("kernel", "ntk");
    cases.push_back({fmt::format("ntk_gram (analytic NTK), 784-1024-1024-1 relu, n = {}", n), "ntk_gram", c, sphere(n, d, 3),
                     params, nn * nn + nn * d, "n² + n·d"});
  }
  {
    // S = W^4, the 1024 → 16 read-out of the wide layer (16384 weights): J_S is n × 16384.
    const Index n = scaled(256);
    const auto c = mlp({d, 16, 16, 1024, 16, 1}, models::Activation::tanh);
    const double nn = static_cast<double>(n), s = 16384;
    cases.push_back({fmt::format("block_local_pl, 784-16-16-1024-16-1 tanh, n = {}, S of 16384 parameters", n), "block_local_pl", c,
                     sphere(n, d, 4), {}, nn * s + nn * nn + nn * (d + 1024) + parameters(c), "n·s + n² + n·(d + m_3) + p, s = #S"});
  }
  return cases;
}

}  // namespace nncert::bench
