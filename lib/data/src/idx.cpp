#include "nncert/data/idx.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

#include "file_error.hpp"
#include "nncert/data/admission.hpp"

namespace nncert::data {
namespace {

constexpr std::uint64_t kMaxBytes = std::uint64_t(1) << 34;  // 16 GiB: far above any IDX data set
constexpr int kMaxDims = 16;
// Bytes read (and zero-filled before the read) at a time: small, so that a header that promises more
// than the file holds costs at most this much beyond the bytes actually present.
constexpr unsigned kChunk = 1u << 16;

std::size_t element_size(std::uint8_t type) {
  switch (type) {
    case 0x08: case 0x09: return 1;
    case 0x0B: return 2;
    case 0x0C: case 0x0D: return 4;
    case 0x0E: return 8;
    default: return 0;
  }
}

std::uint64_t be(const unsigned char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

class GzFile {
 public:
  explicit GzFile(const std::filesystem::path& path) : path_(path), f_(gzopen(path.c_str(), "rb")) {
    if (f_ == nullptr) detail::file_error(path, "cannot open file");
    gzbuffer(f_, 1 << 20);
  }
  ~GzFile() { gzclose(f_); }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  // Reads up to n bytes; returns how many were read (< n only at the end of the data).
  std::size_t read(void* dst, unsigned n) {
    const int got = gzread(f_, dst, n);
    int err = Z_OK;
    const char* msg = gzerror(f_, &err);
    if (got < 0 || (err != Z_OK && err != Z_BUF_ERROR))
      detail::file_error(path_, std::string("corrupt or unreadable gzip data: ") + (msg ? msg : "?"));
    if (err == Z_BUF_ERROR)  // zlib: "unexpected end of file" inside a compressed stream
      detail::file_error(path_, "truncated gzip stream");
    return static_cast<std::size_t>(got);
  }

 private:
  const std::filesystem::path& path_;
  gzFile f_;
};

std::string shape_string(const std::vector<std::int64_t>& shape) {
  std::string s;
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? " x " : "") + std::to_string(shape[i]);
  return s;
}

}  // namespace

std::int64_t IdxArray::size() const {
  std::int64_t n = 1;
  for (const auto d : shape) n *= d;
  return n;
}

double IdxArray::value(std::int64_t i) const {
  return type_code == 0x08 ? static_cast<double>(bytes[static_cast<std::size_t>(i)])
                           : values[static_cast<std::size_t>(i)];
}

IdxArray read_idx(const std::filesystem::path& path) {
  require_regular_file(path, kMaxDataFileBytes);
  GzFile f(path);
  unsigned char magic[4];
  const std::size_t got = f.read(magic, 4);
  if (got == 0) detail::file_error(path, "empty file");
  if (got < 4 || magic[0] != 0 || magic[1] != 0)
    detail::file_error(path, "not an IDX file (wrong magic bytes)");
  IdxArray out;
  out.type_code = magic[2];
  const std::size_t esize = element_size(magic[2]);
  if (esize == 0) detail::file_error(path, "unknown IDX type code " + std::to_string(magic[2]));
  const int ndim = magic[3];
  if (ndim < 1 || ndim > kMaxDims)
    detail::file_error(path, "IDX dimension count " + std::to_string(ndim) + " outside 1..16");
  unsigned char dims[4 * kMaxDims];
  if (f.read(dims, static_cast<unsigned>(4 * ndim)) < static_cast<std::size_t>(4 * ndim))
    detail::file_error(path, "truncated: file ends inside the IDX dimensions");
  std::uint64_t count = 1;
  bool too_large = false;
  for (int i = 0; i < ndim; ++i) {
    const std::uint64_t d = be(dims + 4 * i, 4);
    out.shape.push_back(static_cast<std::int64_t>(d));
    if (d != 0 && count > kMaxBytes / d) too_large = true;  // count * d would exceed the bound
    if (!too_large) count *= d;
  }
  if (too_large || count > kMaxBytes / esize)
    detail::file_error(path, "IDX shape " + shape_string(out.shape) + " is implausibly large");
  const std::uint64_t nbytes = count * esize;
  // The raw bytes, then (for non-byte types) the values as doubles.
  admit(path.string(), {static_cast<double>(nbytes) * (esize == 1 ? 1.0 : 1.0 + 8.0 / static_cast<double>(esize)), 0,
                        "IDX data of shape " + shape_string(out.shape)});

  // Grow with the data actually read, never trusting the header for one big allocation.
  std::vector<std::uint8_t> raw;
  raw.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(nbytes, kChunk)));
  while (raw.size() < nbytes) {
    const auto want = static_cast<unsigned>(std::min<std::uint64_t>(kChunk, nbytes - raw.size()));
    const std::size_t old = raw.size();
    raw.resize(old + want);
    const std::size_t n = f.read(raw.data() + old, want);
    raw.resize(old + n);
    if (n < want)
      detail::file_error(path, "truncated: expected " + std::to_string(nbytes) + " bytes of data, found " +
                                   std::to_string(raw.size()));
  }
  unsigned char extra;
  if (f.read(&extra, 1) != 0)
    detail::file_error(path, "trailing bytes after the " + std::to_string(nbytes) + " bytes of data");

  if (out.type_code == 0x08) {
    out.bytes = std::move(raw);
    return out;
  }
  out.values.resize(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < out.values.size(); ++i) {
    const unsigned char* p = raw.data() + i * esize;
    const std::uint64_t u = be(p, esize);
    switch (out.type_code) {
      case 0x09: out.values[i] = static_cast<std::int8_t>(u); break;
      case 0x0B: out.values[i] = static_cast<std::int16_t>(u); break;
      case 0x0C: out.values[i] = static_cast<std::int32_t>(u); break;
      case 0x0D: {
        const auto b = static_cast<std::uint32_t>(u);
        float v;
        std::memcpy(&v, &b, 4);
        out.values[i] = v;
        break;
      }
      default: {
        double v;
        std::memcpy(&v, &u, 8);
        out.values[i] = v;
        break;
      }
    }
  }
  return out;
}

}  // namespace nncert::data
