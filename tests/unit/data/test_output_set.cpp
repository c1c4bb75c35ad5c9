// OutputSet: staged, locked, published in one rename; never a mix of two runs' files.
#include <fstream>
#include <set>
#include <string>

#include "data_test_util.hpp"
#include "nncert/data/atomic_file.hpp"
#include "nncert/data/output_set.hpp"

using namespace nncert::data;
using namespace nncert::test;
namespace fs = std::filesystem;

namespace {

}  // namespace

TEST_CASE("an output set appears only when published, and replaces the previous set whole", "[data][output_set]") {
  const fs::path root = make_temp_dir("output-set");
  const fs::path out = root / "runs" / "a";
  {
    OutputSet set(out, false);
    write_file_atomically(set.staging() / "one.txt", "first");
    write_file_atomically(set.staging() / "two.txt", "first");
    CHECK_FALSE(fs::exists(out));  // nothing visible before publish
    set.publish();
  }
  CHECK(read_bytes(out / "one.txt") == "first");
  CHECK(fs::exists(out / kOutputSetManifest));
  {
    OutputSet set(out, false);  // a previous output set may be replaced
    write_file_atomically(set.staging() / "one.txt", "second");
    CHECK(read_bytes(out / "one.txt") == "first");
    set.publish();
  }
  CHECK(read_bytes(out / "one.txt") == "second");
  CHECK_FALSE(fs::exists(out / "two.txt"));  // not a mix: the old set's other file is gone
  // Nothing else beside the target: no staging directory, no lock file, no old set.
  CHECK(names_in(root / "runs") == std::set<std::string>{"a"});
}

TEST_CASE("an unpublished output set leaves the target untouched and no debris", "[data][output_set]") {
  const fs::path root = make_temp_dir("output-set-abandon");
  const fs::path out = root / "a";
  {
    OutputSet set(out, false);
    write_file_atomically(set.staging() / "one.txt", "old");
    set.publish();
  }
  try {
    OutputSet set(out, false);
    write_file_atomically(set.staging() / "one.txt", "new");
    throw std::runtime_error("the command failed half way");
  } catch (const std::runtime_error&) {
  }
  CHECK(read_bytes(out / "one.txt") == "old");
  CHECK(names_in(root) == std::set<std::string>{"a"});
}

TEST_CASE("a second run on a locked target is refused at once", "[data][output_set]") {
  const fs::path root = make_temp_dir("output-set-lock");
  OutputSet first(root / "a", false);
  require_invalid([&] { OutputSet second(root / "a", false); }, {"another nncert run is writing this output"});
  // Negative twin: another target is independent.
  OutputSet other(root / "b", false);
  CHECK(fs::is_directory(other.staging()));
}

TEST_CASE("a non-empty directory that is not an output set needs force", "[data][output_set]") {
  const fs::path root = make_temp_dir("output-set-force");
  fs::create_directories(root / "mine");
  write_bytes(root / "mine" / "notes.txt", "keep me");
  require_invalid([&] { OutputSet set(root / "mine", false); }, {"mine: ", "not an nncert output set", "--force"});
  CHECK(read_bytes(root / "mine" / "notes.txt") == "keep me");
  write_bytes(root / "file", "x");
  require_invalid([&] { OutputSet set(root / "file", true); }, {"not a directory"});
  {
    OutputSet set(root / "mine", true);
    write_file_atomically(set.staging() / "r.txt", "r");
    set.publish();
  }
  CHECK_FALSE(fs::exists(root / "mine" / "notes.txt"));
  CHECK(fs::exists(root / "mine" / "r.txt"));
  // An empty directory is accepted without force.
  fs::create_directories(root / "empty");
  CHECK_NOTHROW(OutputSet(root / "empty", false));
}

TEST_CASE("staging directories left by a killed run are removed by the next run", "[data][output_set]") {
  const fs::path root = make_temp_dir("output-set-stale");
  fs::create_directories(root / ".a.nncert-stage-dead01");
  write_bytes(root / ".a.nncert-stage-dead01" / "certificate.json", "{}");
  fs::create_directories(root / ".b.nncert-stage-other");  // another target's: not touched
  {
    OutputSet set(root / "a", false);
    CHECK_FALSE(fs::exists(root / ".a.nncert-stage-dead01"));
  }
  CHECK(fs::exists(root / ".b.nncert-stage-other"));
}
