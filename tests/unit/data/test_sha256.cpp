#include <cstring>

#include "data_test_util.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/data/sha256.hpp"

using nncert::MatD;
using namespace nncert::data;
namespace fs = std::filesystem;

TEST_CASE("sha256_hex matches the FIPS 180-2 test vectors", "[data][sha256]") {
  // FIPS 180-2, Appendix B.1 ("abc") and the well-known digest of the empty string.
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // FIPS 180-2, Appendix B.2.
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("abd") != sha256_hex("abc"));
}

TEST_CASE("sha256_hex(MatD) hashes shape then row-major little-endian doubles", "[data][sha256]") {
  MatD m(2, 3);
  m << 1, 2, 3, 4, 5, 6.5;
  std::string bytes;
  const std::uint64_t shape[2] = {2, 3};
  bytes.append(reinterpret_cast<const char*>(shape), 16);
  for (double v : {1.0, 2.0, 3.0, 4.0, 5.0, 6.5}) bytes.append(reinterpret_cast<const char*>(&v), 8);
  CHECK(sha256_hex(m) == sha256_hex(bytes));
  // Negative twins: the transpose (same values, other shape and order), a sign of zero.
  CHECK(sha256_hex(MatD(m.transpose())) != sha256_hex(m));
  MatD z = MatD::Zero(2, 2);
  MatD nz = z;
  nz(1, 1) = -0.0;
  CHECK(sha256_hex(z) != sha256_hex(nz));
  // Storage order does not matter.
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = m;
  CHECK(sha256_hex(MatD(rm)) == sha256_hex(m));
}

TEST_CASE("sha256_file hashes the file's bytes", "[data][sha256]") {
  const fs::path dir = nncert::test::make_temp_dir("sha-file");
  const auto p = nncert::test::write_bytes(dir / "f.bin", "abc");
  CHECK(sha256_file(p) == sha256_hex("abc"));
  nncert::test::require_invalid([&] { sha256_file(dir / "none.bin"); }, {"none.bin: ", "cannot open"});
  fs::remove_all(dir);
}
