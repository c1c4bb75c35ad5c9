#include <zlib.h>

#include <algorithm>

#include "data_test_util.hpp"
#include "fashion_fixture.hpp"
#include "nncert/data/idx.hpp"

using namespace nncert::data;
using namespace nncert::test;
namespace fs = std::filesystem;

namespace {

std::string idx_header(std::uint8_t type, const std::vector<std::uint32_t>& dims) {
  std::string s{'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (const auto d : dims)
    for (int b = 3; b >= 0; --b) s += static_cast<char>((d >> (8 * b)) & 0xff);
  return s;
}

fs::path write_gz(const fs::path& p, const std::string& bytes) {
  gzFile f = gzopen(p.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
  gzclose(f);
  return p;
}

}  // namespace

TEST_CASE("read_idx reads a hand-made ubyte array, gzip-compressed or plain", "[data][idx]") {
  const fs::path dir = make_temp_dir("idx");
  const std::string bytes = idx_header(0x08, {2, 3}) + std::string{1, 2, 3, 4, 5, static_cast<char>(255)};
  for (const fs::path& p : {write_gz(dir / "a.idx.gz", bytes), write_bytes(dir / "a.idx", bytes)}) {
    INFO(p);
    const IdxArray a = read_idx(p);
    CHECK(a.shape == std::vector<std::int64_t>{2, 3});
    CHECK(a.type_code == 0x08);
    CHECK(a.bytes == std::vector<std::uint8_t>{1, 2, 3, 4, 5, 255});
    CHECK(a.size() == 6);
    CHECK(a.value(5) == 255.0);
  }
  CHECK(read_bytes(dir / "a.idx.gz") != bytes);  // really compressed
  fs::remove_all(dir);
}

TEST_CASE("read_idx decodes the big-endian types 0x09 0x0B 0x0C 0x0D 0x0E", "[data][idx]") {
  const fs::path dir = make_temp_dir("idx-types");
  struct Case {
    std::uint8_t type;
    std::string data;
    std::vector<double> expect;
  };
  const std::vector<Case> cases{
      {0x09, std::string{'\xff', '\x7f'}, {-1, 127}},
      {0x0B, std::string{'\xff', '\xfe', '\x01', '\x00'}, {-2, 256}},
      {0x0C, std::string{'\xff', '\xff', '\xff', '\xfd', '\x00', '\x01', '\x00', '\x00'}, {-3, 65536}},
      {0x0D, std::string{'\x3f', '\xc0', '\x00', '\x00', '\xc1', '\x20', '\x00', '\x00'}, {1.5, -10}},
      {0x0E, std::string{'\x3f', '\xf0', '\0', '\0', '\0', '\0', '\0', '\0', '\xc0', '\0', '\0', '\0', '\0', '\0', '\0', '\0'}, {1, -2}},
  };
  for (const auto& c : cases) {
    INFO("type " << int(c.type));
    const IdxArray a = read_idx(write_gz(dir / "t.gz", idx_header(c.type, {2}) + c.data));
    REQUIRE(a.size() == 2);
    CHECK(a.value(0) == c.expect[0]);
    CHECK(a.value(1) == c.expect[1]);
  }
  fs::remove_all(dir);
}

TEST_CASE("read_idx rejects malformed files naming file and problem", "[data][idx]") {
  const fs::path dir = make_temp_dir("idx-bad");
  const std::string good = idx_header(0x08, {2, 3}) + std::string(6, '\1');
  auto bad = [&](const std::string& name, const fs::path& p, std::vector<std::string> frags) {
    frags.insert(frags.begin(), name + ": ");
    require_invalid([&] { read_idx(p); }, frags);
  };
  bad("none.gz", dir / "none.gz", {"cannot open"});
  bad("empty", write_bytes(dir / "empty", ""), {"empty file"});
  std::string wrong_magic = good;
  wrong_magic[0] = '\x01';
  bad("magic.gz", write_gz(dir / "magic.gz", wrong_magic), {"wrong magic"});
  bad("type.gz", write_gz(dir / "type.gz", idx_header(0x0A, {2}) + "ab"), {"unknown IDX type code 10"});
  bad("ndim.gz", write_gz(dir / "ndim.gz", idx_header(0x08, {})), {"dimension count 0"});
  bad("dims.gz", write_gz(dir / "dims.gz", good.substr(0, 9)), {"inside the IDX dimensions"});
  bad("trunc.gz", write_gz(dir / "trunc.gz", good.substr(0, good.size() - 2)),
      {"truncated: expected 6 bytes of data, found 4"});
  bad("trunc", write_bytes(dir / "trunc", good.substr(0, good.size() - 1)), {"truncated: expected 6 bytes"});
  bad("trail.gz", write_gz(dir / "trail.gz", good + "x"), {"trailing bytes"});
  bad("absurd.gz", write_gz(dir / "absurd.gz", idx_header(0x0E, {0xffffffff, 0xffffffff, 0xffffffff})),
      {"implausibly large"});
  bad("big.gz", write_gz(dir / "big.gz", idx_header(0x08, {100000, 100000})),
      {"truncated: expected 10000000000 bytes of data, found 0"});
  // A gzip stream cut in half, and one whose compressed body is garbage.
  std::string big = idx_header(0x08, {1000, 100});
  for (int i = 0; i < 100000; ++i) big += static_cast<char>((i * 7919) % 251);
  write_gz(dir / "full.gz", big);
  const std::string gz = read_bytes(dir / "full.gz");
  bad("half.gz", write_bytes(dir / "half.gz", gz.substr(0, gz.size() / 2)), {"truncated"});
  std::string garbage = gz.substr(0, 10);
  garbage.append(200, '\x5a');
  bad("garbage.gz", write_bytes(dir / "garbage.gz", garbage), {"gzip"});
  fs::remove_all(dir);
}

TEST_CASE("Fashion-MNIST train split: 60000 images of 28x28 bytes, labels 0..9", "[data][idx][fashion]") {
  const auto& f = fashion_train();
  const FashionMnist& fm = f.data;
  WARN("read_fashion_mnist(\"train\") took " << f.seconds << " s");
  REQUIRE(fm.n() == 60000);
  REQUIRE(fm.pixels.size() == 60000u * 784u);
  // First training label: 9 (ankle boot), read from train-labels-idx1-ubyte.gz byte 8 with Python's gzip.
  CHECK(fm.labels[0] == 9);
  CHECK(fm.labels[1] == 0);
  CHECK(*std::min_element(fm.labels.begin(), fm.labels.end()) == 0);
  CHECK(*std::max_element(fm.labels.begin(), fm.labels.end()) == 9);
  // 6000 images per class.
  for (int c = 0; c < 10; ++c) CHECK(std::count(fm.labels.begin(), fm.labels.end(), c) == 6000);
  CHECK(*std::min_element(fm.pixels.begin(), fm.pixels.end()) == 0);
  CHECK(*std::max_element(fm.pixels.begin(), fm.pixels.end()) == 255);
  const nncert::MatD first = fm.images({0, 1});
  REQUIRE(first.cols() == 784);
  // Sum of the first image's pixels (76247), from the same Python check.
  CHECK(first.row(0).sum() == 76247.0);
  CHECK(first.minCoeff() >= 0.0);
  CHECK(first.maxCoeff() <= 255.0);
  CHECK_THROWS_AS(fm.images({60000}), nncert::InvalidInput);
}

TEST_CASE("Fashion-MNIST test split and bad splits or directories", "[data][idx][fashion]") {
  const FashionMnist t = read_fashion_mnist("test");
  CHECK(t.n() == 10000);
  CHECK(t.labels[0] == 9);  // t10k-labels byte 8, Python's gzip
  CHECK(t.labels[1] == 2);
  require_invalid([] { read_fashion_mnist("validation"); }, {"unknown split 'validation'"});
  const fs::path dir = make_temp_dir("fm-missing");
  require_invalid([&] { read_fashion_mnist("train", dir); }, {"train-images-idx3-ubyte.gz: ", "cannot open"});
  require_invalid([&] { read_fashion_mnist("train", dir / "nope"); }, {"nope: ", "directory not found"});
  fs::remove_all(dir);
}
