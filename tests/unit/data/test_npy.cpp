#include <cmath>
#include <limits>

#include "data_test_util.hpp"
#include "nncert/data/matrix_file.hpp"
#include "nncert/data/npy.hpp"

using nncert::MatD;
using nncert::VecD;
using namespace nncert::data;
using namespace nncert::test;
namespace fs = std::filesystem;

TEST_CASE("write_npy then read_npy_matrix returns the same bits", "[data][npy]") {
  const fs::path dir = make_temp_dir("npy-roundtrip");
  MatD m(3, 4);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) m(i, j) = (i + 1) * 0.1 - j * 1e-300 + (j == 3 ? -0.0 : 0.0);
  m(2, 1) = std::numeric_limits<double>::denorm_min();
  const fs::path p = dir / "m.npy";
  write_npy(p, m);
  const MatD back = read_npy_matrix(p);
  REQUIRE(back.rows() == 3);
  REQUIRE(back.cols() == 4);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) REQUIRE(std::memcmp(&back(i, j), &m(i, j), sizeof(double)) == 0);
  // Header is numpy's: v1.0, '<f8', data aligned to 64 bytes; read_npy reports the shape.
  const NpyArray a = read_npy(p);
  CHECK(a.dtype == "<f8");
  CHECK(a.shape == std::vector<std::int64_t>{3, 4});
  CHECK(fs::file_size(p) == 128 + 12 * 8);
  CHECK(read_matrix(p) == m);
  // No temporary file is left beside the output.
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  CHECK(files == 1);
  fs::remove_all(dir);
}

TEST_CASE("write_npy_vector writes a 1-d array that read_npy_matrix refuses", "[data][npy]") {
  const fs::path dir = make_temp_dir("npy-vec");
  VecD v(5);
  v << 1, 2, 3, 4, 5;
  write_npy_vector(dir / "v.npy", v);
  const NpyArray a = read_npy(dir / "v.npy");
  CHECK(a.shape == std::vector<std::int64_t>{5});
  CHECK(a.data == std::vector<double>{1, 2, 3, 4, 5});
  require_invalid([&] { read_npy_matrix(dir / "v.npy"); }, {"v.npy: ", "2-d", "(5,)"});
  fs::remove_all(dir);
}

TEST_CASE("read_npy accepts format versions 2.0 and 3.0", "[data][npy]") {
  const fs::path dir = make_temp_dir("npy-v23");
  const std::vector<double> vals{1.5, -2.25, 3.0, 4.0, 5.0, 6.0};
  for (int major : {1, 2, 3}) {
    fs::create_directory(dir / std::to_string(major));
    const auto p = write_bytes(dir / std::to_string(major) / "v.npy",
                               npy_bytes(major, dict("<f8", false, "(2, 3)"), raw_bytes(vals)));
    const MatD m = read_npy_matrix(p);
    REQUIRE(m.rows() == 2);
    CHECK(m(0, 0) == 1.5);
    CHECK(m(0, 1) == -2.25);
    CHECK(m(1, 2) == 6.0);
  }
  fs::remove_all(dir);
}

TEST_CASE("read_npy converts Fortran order to C order", "[data][npy]") {
  const fs::path dir = make_temp_dir("npy-fortran");
  // The 2x3 matrix [[1,2,3],[4,5,6]] stored column by column.
  const std::vector<double> f{1, 4, 2, 5, 3, 6};
  const auto p = write_bytes(dir / "f.npy", npy_bytes(1, dict("<f8", true, "(2, 3)"), raw_bytes(f)));
  const MatD m = read_npy_matrix(p);
  MatD expect(2, 3);
  expect << 1, 2, 3, 4, 5, 6;
  CHECK(m == expect);
  // A 3-d array of shape (2,3,4) in Fortran order: value = 100 i + 10 j + k at index (i, j, k).
  std::vector<float> f3;
  for (int k = 0; k < 4; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 2; ++i) f3.push_back(static_cast<float>(100 * i + 10 * j + k));
  const auto p3 = write_bytes(dir / "f3.npy", npy_bytes(1, dict("<f4", true, "(2, 3, 4)"), raw_bytes(f3)));
  const NpyArray a = read_npy(p3);
  REQUIRE(a.data.size() == 24);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) CHECK(a.data[static_cast<std::size_t>(12 * i + 4 * j + k)] == 100 * i + 10 * j + k);
  // The same matrix in C order is read unchanged (the negative twin).
  const auto pc = write_bytes(dir / "c.npy", npy_bytes(1, dict("<f8", false, "(2, 3)"), raw_bytes(f)));
  MatD c_expect(2, 3);
  c_expect << 1, 4, 2, 5, 3, 6;
  CHECK(read_npy_matrix(pc) == c_expect);
  fs::remove_all(dir);
}

TEST_CASE("read_npy_matrix reads large square and converted arrays entry for entry", "[data][npy]") {
  // 300x300 = 90000 entries: more than one staging chunk of the converting reader (65536 elements)
  // and many in-place transposition tiles; value = 1000 i + j at (i, j) is exact in float32.
  const fs::path dir = make_temp_dir("npy-large");
  const int n = 300;
  std::vector<float> c4;
  std::vector<double> c8;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      c4.push_back(static_cast<float>(1000 * i + j));
      c8.push_back(1000.0 * i + j);
    }
  const std::string shape = "(300, 300)";
  const auto p4 = write_bytes(dir / "c4.npy", npy_bytes(1, dict("<f4", false, shape), raw_bytes(c4)));
  const auto p8 = write_bytes(dir / "c8.npy", npy_bytes(1, dict("<f8", false, shape), raw_bytes(c8)));
  // The same bytes declared Fortran-ordered are the transpose.
  const auto pf = write_bytes(dir / "f8.npy", npy_bytes(1, dict("<f8", true, shape), raw_bytes(c8)));
  const MatD m4 = read_npy_matrix(p4);
  const MatD m8 = read_npy_matrix(p8);
  const MatD mf = read_npy_matrix(pf);
  int wrong = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      wrong += m4(i, j) != 1000.0 * i + j;
      wrong += m8(i, j) != 1000.0 * i + j;
      wrong += mf(j, i) != 1000.0 * i + j;
    }
  CHECK(wrong == 0);
  // A NaN deep inside a C-ordered square matrix is named by its (row, column).
  c8[static_cast<std::size_t>(123 * n + 45)] = std::nan("");
  const auto pn = write_bytes(dir / "nan.npy", npy_bytes(1, dict("<f8", false, shape), raw_bytes(c8)));
  require_invalid([&] { read_npy_matrix(pn); }, {"nan.npy: ", "NaN at entry (123, 45)"});
  fs::remove_all(dir);
}

template <class T>
void check_int_dtype(const fs::path& dir, const std::string& descr, std::vector<T> vals) {
  const auto p = write_bytes(dir / (descr.substr(1) + ".npy"),
                             npy_bytes(1, dict(descr, false, "(2, 2)"), raw_bytes(vals)));
  INFO(descr);
  const MatD m = read_npy_matrix(p);
  CHECK(m(0, 0) == static_cast<double>(vals[0]));
  CHECK(m(0, 1) == static_cast<double>(vals[1]));
  CHECK(m(1, 0) == static_cast<double>(vals[2]));
  CHECK(m(1, 1) == static_cast<double>(vals[3]));
  CHECK(read_npy(p).dtype == descr);
}

TEST_CASE("read_npy reads every integer dtype, bool and float32 exactly", "[data][npy]") {
  const fs::path dir = make_temp_dir("npy-dtypes");
  check_int_dtype<std::int8_t>(dir, "|i1", {-128, 127, 0, -1});
  check_int_dtype<std::uint8_t>(dir, "|u1", {0, 255, 17, 1});
  check_int_dtype<std::int16_t>(dir, "<i2", {-32768, 32767, 5, -7});
  check_int_dtype<std::uint16_t>(dir, "<u2", {65535, 0, 300, 1});
  check_int_dtype<std::int32_t>(dir, "<i4", {-2147483647 - 1, 2147483647, 9, -9});
  check_int_dtype<std::uint32_t>(dir, "<u4", {4294967295u, 0, 1, 2});
  check_int_dtype<std::int64_t>(dir, "<i8", {-(std::int64_t(1) << 53), std::int64_t(1) << 53, 3, -3});
  check_int_dtype<std::uint64_t>(dir, "<u8", {std::uint64_t(1) << 53, 0, 3, 4});
  check_int_dtype<std::uint8_t>(dir, "|b1", {1, 0, 0, 1});
  // float32 -> double is exact: 0.1f stays 0.1f (not 0.1).
  const std::vector<float> f{0.1f, -3.5f, 1e-40f, 3e38f};
  const auto p = write_bytes(dir / "f4.npy", npy_bytes(1, dict("<f4", false, "(1, 4)"), raw_bytes(f)));
  const MatD m = read_npy_matrix(p);
  CHECK(m(0, 0) == static_cast<double>(0.1f));
  CHECK(m(0, 0) != 0.1);
  CHECK(m(0, 2) == static_cast<double>(1e-40f));
  CHECK(m(0, 3) == static_cast<double>(3e38f));
  // int64 beyond 2^53 would round: refused, naming the index.
  const auto big = write_bytes(dir / "big.npy",
                               npy_bytes(1, dict("<i8", false, "(2,)"),
                                         raw_bytes(std::vector<std::int64_t>{1, (std::int64_t(1) << 53) + 1})));
  require_invalid([&] { read_npy(big); }, {"big.npy: ", "index 1", "2^53"});
  fs::remove_all(dir);
}

TEST_CASE("read_npy accepts numpy header spellings", "[data][npy]") {
  const fs::path dir = make_temp_dir("npy-spell");
  const std::string data = raw_bytes(std::vector<double>{1, 2});
  // Key order, double quotes, no trailing comma, Python 2 'L' suffix, spaces.
  for (const std::string d : {"{'shape': (1, 2), 'fortran_order': False, 'descr': '<f8'}",
                              "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (1,2)}",
                              "{'descr':'<f8','fortran_order':False,'shape':(1L, 2L),}"}) {
    INFO(d);
    const auto p = write_bytes(dir / "s.npy", npy_bytes(1, d, data));
    CHECK(read_npy_matrix(p)(0, 1) == 2.0);
  }
  // 0-d array: shape (), one value.
  const auto p0 = write_bytes(dir / "z.npy", npy_bytes(1, dict("<f8", false, "()"), raw_bytes(std::vector<double>{7})));
  const NpyArray z = read_npy(p0);
  CHECK(z.shape.empty());
  CHECK(z.data == std::vector<double>{7});
  require_invalid([&] { read_npy_matrix(p0); }, {"z.npy: ", "2-d", "()"});
  fs::remove_all(dir);
}

TEST_CASE("read_npy rejects malformed files with a message naming file and problem", "[data][npy]") {
  const fs::path dir = make_temp_dir("npy-bad");
  const std::string d6 = raw_bytes(std::vector<double>{1, 2, 3, 4, 5, 6});
  auto bad = [&](const std::string& name, const std::string& bytes, std::vector<std::string> frags) {
    const auto p = write_bytes(dir / name, bytes);
    frags.insert(frags.begin(), name + ": ");
    require_invalid([&] { read_npy_matrix(p); }, frags);
  };
  require_invalid([&] { read_npy(dir / "missing.npy"); }, {"missing.npy: ", "cannot open"});
  require_invalid([&] { read_npy(dir); }, {"not a regular file"});
  bad("empty.npy", "", {"empty file"});
  bad("magic.npy", "\x93NUMPZ\x01\x00\x10\x00{}", {"wrong magic"});
  bad("short.npy", "\x93NUM", {"wrong magic"});
  bad("preamble.npy", std::string("\x93NUMPY\x01\x00", 8), {"truncated"});
  bad("version.npy", npy_bytes(4, dict("<f8", false, "(2, 3)"), d6), {"version 4.0"});
  {
    std::string b = npy_bytes(1, dict("<f8", false, "(2, 3)"), d6);
    b[7] = 1;  // minor version 1
    bad("minor.npy", b, {"version 1.1"});
  }
  {
    std::string b = npy_bytes(1, dict("<f8", false, "(2, 3)"), "");
    b[8] = '\xff';
    b[9] = '\xff';  // header length 65535 > file
    bad("hlen.npy", b, {"truncated", "header"});
  }
  bad("trunc.npy", npy_bytes(1, dict("<f8", false, "(2, 3)"), d6.substr(0, 40)),
      {"truncated: expected 48 bytes of data, found 40"});
  bad("trail.npy", npy_bytes(1, dict("<f8", false, "(2, 3)"), d6 + "xx"), {"expected 48 bytes of data, found 50"});
  bad("object.npy", npy_bytes(1, dict("|O", false, "(2, 3)"), d6), {"object"});
  bad("complex.npy", npy_bytes(1, dict("<c16", false, "(1, 3)"), d6), {"complex"});
  bad("bigend.npy", npy_bytes(1, dict(">f8", false, "(2, 3)"), d6), {"big-endian"});
  bad("half.npy", npy_bytes(1, dict("<f2", false, "(2, 3)"), d6), {"unsupported dtype '<f2'"});
  bad("str.npy", npy_bytes(1, dict("<U4", false, "(2, 3)"), d6), {"string"});
  bad("struct.npy", npy_bytes(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (6,)}", d6),
      {"structured"});
  bad("absurd.npy", npy_bytes(1, dict("<f8", false, "(4294967296, 4294967296)"), d6), {"too large"});
  bad("overflow.npy", npy_bytes(1, dict("<f8", false, "(99999999999999999999, 1)"), d6), {"out of range"});
  bad("huge.npy", npy_bytes(1, dict("<f8", false, "(1000000, 1000000)"), d6),
      {"truncated: expected 8000000000000 bytes of data, found 48"});
  bad("neg.npy", npy_bytes(1, dict("<f8", false, "(-2, 3)"), d6), {"negative"});
  bad("syntax1.npy", npy_bytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)", d6),
      {"malformed header"});
  bad("syntax2.npy", npy_bytes(1, "{'descr' '<f8', 'fortran_order': False, 'shape': (2, 3)}", d6),
      {"malformed header"});
  bad("syntax3.npy", npy_bytes(1, "{'descr': '<f8', 'fortran_order': false, 'shape': (2, 3)}", d6),
      {"malformed header"});
  bad("syntax4.npy", npy_bytes(1, dict("<f8", false, "(2, 3)") + " junk", d6), {"after the closing"});
  bad("syntax5.npy", npy_bytes(1, dict("<f8", false, "(2; 3)"), d6), {"malformed header"});
  bad("nokey.npy", npy_bytes(1, "{'descr': '<f8', 'shape': (2, 3)}", d6), {"lacks key 'fortran_order'"});
  bad("extra.npy", npy_bytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", d6),
      {"malformed header"});
  bad("extra2.npy", npy_bytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'x': True}", d6),
      {"unexpected header key 'x'"});
  bad("dup.npy", npy_bytes(1, "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}", d6),
      {"twice"});
  bad("type.npy", npy_bytes(1, "{'descr': '<f8', 'fortran_order': 'no', 'shape': (2, 3)}", d6),
      {"fortran_order", "True or False"});
  bad("zero-rows.npy", npy_bytes(1, dict("<f8", false, "(0, 3)"), ""), {"empty matrix", "(0, 3)"});
  bad("zero-cols.npy", npy_bytes(1, dict("<f8", false, "(3, 0)"), ""), {"empty matrix", "(3, 0)"});
  bad("nan.npy", npy_bytes(1, dict("<f8", false, "(2, 3)"),
                           raw_bytes(std::vector<double>{1, 2, 3, 4, std::nan(""), 6})),
      {"NaN at entry (1, 1)"});
  bad("inf.npy", npy_bytes(1, dict("<f4", false, "(2, 2)"),
                           raw_bytes(std::vector<float>{1, -std::numeric_limits<float>::infinity(), 3, 4})),
      {"Inf at entry (0, 1)"});
  fs::remove_all(dir);
}

TEST_CASE("read_matrix dispatches on the extension", "[data][npy]") {
  const fs::path dir = make_temp_dir("matrix-file");
  MatD m(2, 2);
  m << 1, 2, 3, 4;
  write_npy(dir / "a.NPY", m);
  CHECK(read_matrix(dir / "a.NPY") == m);
  write_bytes(dir / "a.txt", "1,2\n3,4\n");
  require_invalid([&] { read_matrix(dir / "a.txt"); }, {"a.txt: ", "unsupported matrix file extension"});
  fs::remove_all(dir);
}

TEST_CASE("write_npy to an unwritable place throws InvalidInput and leaves nothing", "[data][npy]") {
  const fs::path dir = make_temp_dir("npy-unwritable");
  MatD m = MatD::Identity(2, 2);
  require_invalid([&] { write_npy(dir / "no-such-dir" / "m.npy", m); }, {"m.npy: ", "cannot write"});
  // Writing over an existing file replaces it completely.
  write_npy(dir / "m.npy", MatD::Ones(5, 5));
  write_npy(dir / "m.npy", m);
  CHECK(read_npy_matrix(dir / "m.npy") == m);
  fs::remove_all(dir);
}
