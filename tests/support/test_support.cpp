#include "test_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <random>

#include <catch2/catch.hpp>

namespace nncert::test {

std::uint64_t seed() { return Catch::rngSeed(); }

int multiplier() {
  const char* m = std::getenv("NNCERT_TEST_MULTIPLIER");
  const int v = m ? std::atoi(m) : 1;
  return v > 0 ? v : 1;
}

std::string source_path(const std::string& relative) {
  const char* root = std::getenv("NNCERT_SOURCE_DIR");
  return (std::filesystem::path(root ? root : NNCERT_SOURCE_DIR) / relative).string();
}

std::string make_temp_dir(const std::string& prefix) {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto dir = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(rd()));
    if (std::filesystem::create_directory(dir)) return dir.string();
  }
  throw std::runtime_error("make_temp_dir: could not create a directory");
}

}  // namespace nncert::test
