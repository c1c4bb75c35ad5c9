// The seeds of the data fuzzers (fuzz/corpus/{csv,npy,idx,problem_toml}/) are valid files of each
// format, so that the fuzzers start inside the accepted language: every one must read.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "nncert/data/csv.hpp"
#include "nncert/data/idx.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/data/problem_file.hpp"
#include "test_support.hpp"

using namespace nncert;

namespace {

template <class Read>
int read_every_seed(const std::string& fuzzer, Read read) {
  int seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("fuzz/corpus/" + fuzzer))) {
    INFO(entry.path().string());
    CHECK_NOTHROW(read(entry.path()));
    ++seeds;
  }
  return seeds;
}

}  // namespace

TEST_CASE("fuzz seeds: every committed data seed reads") {
  CHECK(read_every_seed("csv", [](const auto& p) { return data::read_csv_matrix(p); }) >= 3);
  CHECK(read_every_seed("npy", [](const auto& p) { return data::read_npy(p); }) >= 5);
  CHECK(read_every_seed("idx", [](const auto& p) { return data::read_idx(p); }) >= 4);
  CHECK(read_every_seed("problem_toml", [](const auto& p) { return data::read_problem_file(p); }) >= 9);
}
