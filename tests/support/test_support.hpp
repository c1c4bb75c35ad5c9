#pragma once
// Helpers shared by the test suites.
#include <cstdint>
#include <string>

namespace nncert::test {

// Seed of this run (Catch2's --rng-seed; a fixed default so CI is reproducible).
std::uint64_t seed();

// Scales the number of random trials: NNCERT_TEST_MULTIPLIER (default 1).
int multiplier();

// Absolute path of a file in the source tree, e.g. source_path("tests/data/x.npy").
std::string source_path(const std::string& relative);

// A fresh empty directory under the system temporary directory, removed by the caller if wanted.
std::string make_temp_dir(const std::string& prefix);

}  // namespace nncert::test
