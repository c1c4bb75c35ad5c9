#pragma once
// NumPy .npy files (format versions 1.0, 2.0, 3.0;
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
//
// Reading accepts little-endian ('<', or '|' / '=' for one-byte types) dtypes
//   f4 f8  i1 i2 i4 i8  u1 u2 u4 u8  b1
// in C or Fortran order and returns the values as doubles in C (row-major) order. Every value is
// converted exactly: float32 -> double is exact, and 64-bit integers of magnitude > 2^53 are
// rejected rather than rounded. Rejected with InvalidInput naming the file: wrong magic, unknown
// version, a header that is not the dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}
// (exactly those three keys), object / complex / string / structured / big-endian dtypes, negative
// or overflowing shapes, and a data section whose length differs from the announced shape
// ("truncated: expected N bytes of data, found M"). Shape and size are checked against the file
// size before anything is allocated.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "nncert/numeric/types.hpp"

namespace nncert::data {

struct NpyArray {
  std::vector<std::int64_t> shape;  // () for a 0-d array
  std::vector<double> data;         // C order; data.size() == product of shape
  std::string dtype;                // the descr as written in the file, e.g. "<f8", "|u1"
};

// Any supported array, any number of dimensions. NaN/Inf are passed through.
NpyArray read_npy(const std::filesystem::path& path);

// The shape alone, with every check of read_npy except the conversion of the values (the data
// section's length is checked against the shape; nothing is allocated for the data): for admission
// control before a matrix is read.
std::vector<std::int64_t> read_npy_shape(const std::filesystem::path& path);

// Where the values of a validated file lie, for readers that read parts of it (the distributed
// certify-spd): every check of read_npy_shape, and no admission of the whole file (nothing is read
// into memory here).
struct NpyLayout {
  std::vector<std::int64_t> shape;
  std::string descr;            // e.g. "<f8"
  bool fortran_order = false;
  std::uint64_t data_offset = 0;  // byte offset of the first value
};
NpyLayout read_npy_layout(const std::filesystem::path& path);

// A 2-d array with at least one row and one column, every entry finite. 1-d arrays are rejected
// (the message names the shape); NaN/Inf are rejected naming the first bad entry (row, column).
MatD read_npy_matrix(const std::filesystem::path& path);

// Writes `m` as format 1.0, dtype '<f8', C order, shape (rows, cols); atomically.
void write_npy(const std::filesystem::path& path, const MatD& m);

// Writes `v` as a 1-d '<f8' array of shape (n,); atomically.
void write_npy_vector(const std::filesystem::path& path, const VecD& v);

}  // namespace nncert::data
