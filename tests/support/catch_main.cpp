// Catch2 v2 main. The random seed of a run is printed so that a failing property test can be replayed
// with --rng-seed.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  if (session.configData().rngSeed == 0) session.configData().rngSeed = 20261125u;
  return session.run();
}
