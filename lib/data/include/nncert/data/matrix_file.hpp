#pragma once
// A numeric matrix from a file, by extension: ".npy" (read_npy_matrix) or ".csv" (read_csv_matrix),
// case-insensitive. Any other extension is InvalidInput. Every error message starts with the path,
// e.g. "K.npy: truncated: expected 800 bytes of data, found 792".
#include <filesystem>

#include "nncert/numeric/types.hpp"

namespace nncert::data {

MatD read_matrix(const std::filesystem::path& path);

}  // namespace nncert::data
