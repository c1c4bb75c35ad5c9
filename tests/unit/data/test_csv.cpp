#include <cmath>
#include <limits>

#include "data_test_util.hpp"
#include "nncert/data/csv.hpp"
#include "nncert/data/matrix_file.hpp"

using nncert::MatD;
using namespace nncert::data;
using namespace nncert::test;
namespace fs = std::filesystem;

TEST_CASE("write_csv then read_csv_matrix round-trips every double exactly", "[data][csv]") {
  const fs::path dir = make_temp_dir("csv-roundtrip");
  MatD m(3, 3);
  m << 0.1, -1.0 / 3.0, 1e-300, std::numeric_limits<double>::denorm_min(), 1.7976931348623157e308, -0.0,
      2.0, 3.0, 123456789.123456789;
  write_csv(dir / "m.csv", m);
  const MatD back = read_csv_matrix(dir / "m.csv");
  REQUIRE(back.rows() == 3);
  REQUIRE(back.cols() == 3);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) CHECK(back(i, j) == m(i, j));
  // With a header, and through read_matrix.
  write_csv(dir / "h.csv", m, {"a", "b", "c"});
  CHECK(read_matrix(dir / "h.csv") == m);
  require_invalid([&] { write_csv(dir / "x.csv", m, {"a", "b"}); }, {"x.csv: ", "2 names for 3 columns"});
  CHECK_FALSE(fs::exists(dir / "x.csv"));
  fs::remove_all(dir);
}

TEST_CASE("read_csv_matrix accepts headers, blanks, CRLF and '+'", "[data][csv]") {
  const fs::path dir = make_temp_dir("csv-ok");
  const auto p = write_bytes(dir / "ok.csv", "x1, x2 ,y\r\n 1, +2.5 ,-3e2\r\n4,5,6\r\n\r\n\n");
  const MatD m = read_csv_matrix(p);
  MatD expect(2, 3);
  expect << 1, 2.5, -300, 4, 5, 6;
  CHECK(m == expect);
  // Without header: the first line is data.
  const auto q = write_bytes(dir / "nohdr.csv", "1,2\n3,4");
  CHECK(read_csv_matrix(q).rows() == 2);
  fs::remove_all(dir);
}

TEST_CASE("read_csv_matrix rejects bad files naming file, line and column", "[data][csv]") {
  const fs::path dir = make_temp_dir("csv-bad");
  auto bad = [&](const std::string& name, const std::string& text, std::vector<std::string> frags) {
    const auto p = write_bytes(dir / name, text);
    frags.insert(frags.begin(), name + ":");
    require_invalid([&] { read_csv_matrix(p); }, frags);
  };
  require_invalid([&] { read_csv_matrix(dir / "missing.csv"); }, {"missing.csv: ", "cannot open"});
  bad("empty.csv", "", {"empty file"});
  bad("blank.csv", "\n\n  \n", {"empty file"});
  bad("header-only.csv", "a,b,c\n", {"no data rows"});
  bad("ragged.csv", "1,2,3\n4,5\n", {"2:3: ragged row: 2 cells, expected 3"});
  bad("ragged2.csv", "1,2\n4,5,6\n", {"2:3: ragged row: 3 cells, expected 2"});
  bad("word.csv", "1,2\n3,abc\n", {"2:2: not a number: 'abc'"});
  bad("trailing.csv", "1,2\n3,4x\n", {"2:2: not a number"});
  bad("nan.csv", "1,2\nnan,4\n", {"2:1: non-finite"});
  bad("inf.csv", "1,2\n3,-inf\n", {"2:2: non-finite"});
  bad("range.csv", "1,2\n3,1e999\n", {"2:2: number out of range"});
  bad("cell.csv", "1,,2\n", {"1:2: empty cell"});
  bad("hole.csv", "1,2\n\n3,4\n", {"2:1: blank line"});
  bad("header2.csv", "1,2\na,b\n", {"2:1: not a number: 'a'"});
  bad("mixed-header.csv", "a,2\n1,2\n", {"1:1: not a number: 'a'"});
  fs::remove_all(dir);
}
