// Data sources must be regular files of bounded size; messages stay one printable line; the budget
// refuses absurd estimates with the estimate named.
#include <sys/stat.h>

#include <string>

#include "data_test_util.hpp"
#include "nncert/data/admission.hpp"
#include "nncert/data/csv.hpp"
#include "nncert/data/message_text.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/data/problem_file.hpp"

using namespace nncert::data;
using namespace nncert::test;
namespace fs = std::filesystem;

TEST_CASE("readers refuse directories, devices and FIFOs before reading", "[data][hostile]") {
  const fs::path dir = make_temp_dir("hostile-files");
  fs::create_directory(dir / "d.csv");
  require_invalid([&] { read_csv_matrix(dir / "d.csv"); }, {"d.csv: ", "not a regular file (it is a directory)"});
  require_invalid([&] { read_npy(dir / "d.csv"); }, {"d.csv: ", "not a regular file"});
  require_invalid([&] { read_problem_file(dir / "d.csv"); }, {"d.csv: ", "not a regular file"});
  require_invalid([&] { read_csv_matrix("/dev/zero"); }, {"/dev/zero: ", "not a regular file (a device"});
  REQUIRE(::mkfifo((dir / "f.csv").c_str(), 0600) == 0);
  // Opening a FIFO for reading would block until a writer appears: the check must not open it.
  require_invalid([&] { read_csv_matrix(dir / "f.csv"); }, {"f.csv: ", "not a regular file"});
  // Negative twin: a regular file of the same name shape is read.
  write_bytes(dir / "ok.csv", "1,2\n3,4\n");
  CHECK(read_csv_matrix(dir / "ok.csv").rows() == 2);
}

TEST_CASE("a problem file above the size limit is refused unread", "[data][hostile]") {
  const fs::path dir = make_temp_dir("hostile-size");
  write_bytes(dir / "big.toml", "# " + std::string(kMaxProblemFileBytes, 'x') + "\n");
  require_invalid([&] { read_problem_file(dir / "big.toml"); }, {"big.toml: ", "above the limit"});
  write_bytes(dir / "small.toml", "# " + std::string(1000, 'x') + "\n[data]\nsource = \"x\"\n");
  CHECK(read_problem_file(dir / "small.toml").text.size() > 1000);
}

TEST_CASE("a CSV cell with control bytes or 10 MB of text gives a short printable message", "[data][hostile]") {
  const fs::path dir = make_temp_dir("hostile-cells");
  write_bytes(dir / "ctl.csv", "1,2\n3,a\x01\x1b[31mb\n");
  try {
    read_csv_matrix(dir / "ctl.csv");
    FAIL("expected InvalidInput");
  } catch (const nncert::InvalidInput& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.find("\\x01") != std::string::npos);
    CHECK(msg.find("\\x1b") != std::string::npos);
    for (const char c : msg) CHECK(static_cast<unsigned char>(c) >= 0x20);
  }
  write_bytes(dir / "long.csv", "1,2\n3," + std::string(10u << 20, 'z') + "\n");
  try {
    read_csv_matrix(dir / "long.csv");
    FAIL("expected InvalidInput");
  } catch (const nncert::InvalidInput& e) {
    const std::string msg = e.what();
    INFO(msg.substr(0, 400));
    CHECK(msg.size() < 400);
    CHECK(msg.find("bytes elided") != std::string::npos);
  }
}

TEST_CASE("one_line_message escapes controls and elides long quoted values", "[data][hostile]") {
  CHECK(one_line_message("a\nb\tc\x7f") == "a\\nb\\tc\\x7f");
  const std::string quoted_long = "f.toml: bad value '" + std::string(5000, 'q') + "' here";
  const std::string m = one_line_message(quoted_long);
  CHECK(m.size() < 300);
  CHECK(m.starts_with("f.toml: bad value '"));
  CHECK(m.ends_with("' here"));
  CHECK(one_line_message(std::string(5000, 'u')).size() < 1100);
  // Short messages are unchanged.
  CHECK(one_line_message("p.toml:3: unknown key 'x'") == "p.toml:3: unknown key 'x'");
}

TEST_CASE("sizes parse with units; admit refuses above the budget and names the estimate", "[data][admission]") {
  CHECK(parse_size("1000", "--max-memory") == 1000);
  CHECK(parse_size("2k", "--max-memory") == 2048);
  CHECK(parse_size("1.5GiB", "--max-memory") == 1.5 * 1024 * 1024 * 1024);
  CHECK(parse_size("8G", "--max-memory") == 8.0 * 1024 * 1024 * 1024);
  require_invalid([] { parse_size("lots", "--max-memory"); }, {"--max-memory", "'lots'"});
  require_invalid([] { parse_size("-5G", "--max-memory"); }, {"--max-memory"});
  CHECK(available_memory_bytes() > 0);  // Linux: /proc/meminfo

  set_budget(1e6, 10);
  require_invalid([] { admit("p.toml", {2e6, 1, "a Gram matrix"}); },
                  {"p.toml: a Gram matrix needs an estimated 2.0 MB of memory", "budget of 1.0 MB", "--max-memory"});
  require_invalid([] { admit("p.toml", {1, 1e7, "training"}); }, {"p.toml: training needs an estimated", "--max-seconds"});
  admit("p.toml", {5e5, 5, "a small job"});  // within the budget: admitted and remembered
  CHECK(last_admitted().find("a small job") != std::string::npos);
  set_budget(available_memory_bytes(), kDefaultMaxSeconds);
}
