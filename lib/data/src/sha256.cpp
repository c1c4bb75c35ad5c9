#include "nncert/data/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

#include "file_error.hpp"
#include "nncert/data/admission.hpp"

namespace nncert::data {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the hashed encodings are little-endian; a big-endian port must byte-swap here");

// RAII over EVP_MD_CTX; every call checked (a failing libcrypto is an environment error).
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("sha256: OpenSSL EVP_DigestInit_ex failed");
  }
  void update(const void* data, std::size_t size) {
    if (size > 0 && EVP_DigestUpdate(ctx_.get(), data, size) != 1)
      throw std::runtime_error("sha256: OpenSSL EVP_DigestUpdate failed");
  }
  std::string hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), md.data(), &len) != 1)
      throw std::runtime_error("sha256: OpenSSL EVP_DigestFinal_ex failed");
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * len);
    for (unsigned int i = 0; i < len; ++i) {
      out.push_back(kDigits[md[i] >> 4]);
      out.push_back(kDigits[md[i] & 15]);
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes.data(), bytes.size());
  return h.hex();
}

std::string sha256_hex(const MatD& m) {
  Sha256 h;
  const std::uint64_t shape[2] = {static_cast<std::uint64_t>(m.rows()),
                                  static_cast<std::uint64_t>(m.cols())};
  h.update(shape, sizeof shape);
  std::vector<double> row(static_cast<std::size_t>(m.cols()));
  for (Index i = 0; i < m.rows(); ++i) {
    for (Index j = 0; j < m.cols(); ++j) row[static_cast<std::size_t>(j)] = m(i, j);
    h.update(row.data(), row.size() * sizeof(double));
  }
  return h.hex();
}

std::string sha256_file(const std::filesystem::path& path) {
  require_regular_file(path, kMaxDataFileBytes);  // never /dev/zero, a FIFO or a directory
  std::ifstream in(path, std::ios::binary);
  if (!in) detail::file_error(path, "cannot open file");
  Sha256 h;
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) detail::file_error(path, "read error");
  return h.hex();
}

}  // namespace nncert::data
