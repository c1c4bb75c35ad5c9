// bench_memory: peak resident memory of the big verifiers beside the size of what their mathematics
// needs to hold ("theoretical size", doubles × 8 bytes; formula printed per row); the cases and the
// forked-child measurement are in verifier_memory_cases.hpp.
//
// Environment: NNCERT_BENCH_SCALE (default 1) multiplies every n (e.g. 0.25 for a quick look).
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "verifier_memory_cases.hpp"

using namespace nncert;
using namespace nncert::bench;

int main() {
  const char* scale_env = std::getenv("NNCERT_BENCH_SCALE");
  const std::vector<Case> cases = memory_cases(scale_env ? std::atof(scale_env) : 1.0);
  std::cout << "| verifier and size | theoretical size | peak RSS growth | ratio | time | verdict |\n|---|---|---|---|---|---|\n";
  for (const Case& c : cases) {
    const Measured m = run_in_child(c);
    const double theory_mib = c.theoretical_doubles * 8 / (1 << 20);
    const double grown_mib = static_cast<double>(m.grown_kb) / 1024;
    std::cout << fmt::format("| {} | {:.1f} MiB ({}) | {:.1f} MiB | {:.1f} | {:.2f} s | {} |\n", c.label, theory_mib, c.formula,
                             grown_mib, grown_mib / theory_mib, m.seconds,
                             m.verdict < 0 ? "failed" : std::string(to_string(static_cast<Verdict>(m.verdict))));
  }
  return 0;
}
