// OutputFile: one output file, staged beside its target, locked, published by one rename.
#include <fstream>
#include <set>
#include <string>

#include "data_test_util.hpp"
#include "nncert/data/atomic_file.hpp"
#include "nncert/data/output_file.hpp"

using namespace nncert::data;
using namespace nncert::test;
namespace fs = std::filesystem;

namespace {

const std::string kOld = std::string(kNpyMagic) + "old";
const std::string kNew = std::string(kNpyMagic) + "new";

}  // namespace

TEST_CASE("an output file appears only when published and replaces a previous output", "[data][output_file]") {
  const fs::path root = make_temp_dir("output-file");
  write_bytes(root / "K.npy", kOld);
  {
    OutputFile out(root / "K.npy", false, kNpyMagic);
    write_file_atomically(out.staging(), kNew);
    CHECK(read_bytes(root / "K.npy") == kOld);  // staged, not yet published
    out.publish();
  }
  CHECK(read_bytes(root / "K.npy") == kNew);
  CHECK(names_in(root) == std::set<std::string>{"K.npy"});
  // Destroyed without publish (an error, or a verdict that writes nothing): nothing changes.
  {
    OutputFile out(root / "K.npy", false, kNpyMagic);
    write_file_atomically(out.staging(), kOld);
  }
  CHECK(read_bytes(root / "K.npy") == kNew);
  CHECK(names_in(root) == std::set<std::string>{"K.npy"});
}

TEST_CASE("an output file is locked, and refuses what is not a previous output", "[data][output_file]") {
  const fs::path root = make_temp_dir("output-file-refusals");
  {
    OutputFile first(root / "K.npy", false, kNpyMagic);
    require_invalid([&] { OutputFile second(root / "K.npy", false, kNpyMagic); },
                    {"another nncert run is writing this output"});
    OutputFile other(root / "L.npy", false, kNpyMagic);  // negative twin: another target is independent
  }
  fs::create_directories(root / "dir.npy");
  require_invalid([&] { OutputFile out(root / "dir.npy", true, kNpyMagic); }, {"dir.npy: ", "is a directory"});
  write_bytes(root / "notes.npy", "my notes");
  require_invalid([&] { OutputFile out(root / "notes.npy", false, kNpyMagic); }, {"notes.npy: ", "--force"});
  CHECK(read_bytes(root / "notes.npy") == "my notes");
  {
    OutputFile out(root / "notes.npy", true, kNpyMagic);
    write_file_atomically(out.staging(), kNew);
    out.publish();
  }
  CHECK(read_bytes(root / "notes.npy") == kNew);
}

TEST_CASE("a staging directory left by a killed run is removed by the next run", "[data][output_file]") {
  const fs::path root = make_temp_dir("output-file-stale");
  fs::create_directories(root / ".K.npy.nncert-stage-dead01");
  write_bytes(root / ".K.npy.nncert-stage-dead01" / "K.npy", "half");
  {
    OutputFile out(root / "K.npy", false, kNpyMagic);
    CHECK_FALSE(fs::exists(root / ".K.npy.nncert-stage-dead01"));
  }
  CHECK(names_in(root).empty());
}
