#pragma once
// SHA-256 through OpenSSL's EVP interface (libcrypto). Digests are 64 lower-case hex characters.
#include <filesystem>
#include <string>
#include <string_view>

#include "nncert/numeric/types.hpp"

namespace nncert::data {

std::string sha256_hex(std::string_view bytes);

// Hash of a matrix, independent of Eigen's storage order. The hashed byte string is
//   rows as uint64 little-endian (8 bytes), cols as uint64 little-endian (8 bytes),
//   then every entry as IEEE-754 binary64 little-endian (8 bytes each) in row-major order,
// i.e. exactly the shape followed by the data section of write_npy's '<f8' C-order file.
// Bit patterns are hashed: -0.0 and +0.0 differ.
std::string sha256_hex(const MatD& m);

// Hash of a file's bytes; InvalidInput "F: cannot open file" if it cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace nncert::data
