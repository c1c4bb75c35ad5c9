#pragma once
// IDX files (the MNIST format, http://yann.lecun.com/exdb/mnist/): 4-byte magic {0, 0, type, ndim},
// ndim big-endian uint32 dimensions, then the values big-endian in C order. Read through zlib's
// gzread, which inflates gzip files and passes plain files through unchanged, so "x.gz" and "x" both
// work. Types: 0x08 ubyte, 0x09 sbyte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
// Rejected with InvalidInput naming the file: wrong magic, unknown type, 0 or > 16 dimensions,
// total size above 2^34 bytes, a truncated data section, trailing bytes, corrupt gzip streams.
// Memory grows only with data actually read, so a corrupt header cannot trigger a huge allocation.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace nncert::data {

struct IdxArray {
  std::vector<std::int64_t> shape;
  std::uint8_t type_code = 0x08;
  std::vector<std::uint8_t> bytes;  // the values when type_code == 0x08 (ubyte), else empty
  std::vector<double> values;       // the values for every other type, else empty

  std::int64_t size() const;  // product of the shape
  double value(std::int64_t flat_index) const;  // either storage, as a double
};

IdxArray read_idx(const std::filesystem::path& path);

}  // namespace nncert::data
