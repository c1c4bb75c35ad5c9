// Catch2 v2 main. The random seed of a run is printed so that a failing property test can be replayed
// with --rng-seed.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "nncert/numeric/memory_policy.hpp"

int main(int argc, char* argv[]) {
  // As in the nncert executables: freed blocks stay in the process, so tests that train for many steps
  // do not pay fresh page faults at every step (a 5·10⁴-step GD loop: minutes of system time without).
  nncert::keep_freed_memory_in_process();
  Catch::Session session;
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  if (session.configData().rngSeed == 0) session.configData().rngSeed = 20261125u;
  return session.run();
}
