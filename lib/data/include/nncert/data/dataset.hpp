#pragma once
// A data set as every later layer sees it: inputs X (n x d, one example per row), targets Y (n x k),
// optional class labels, provenance (name) and SHA-256 hashes of X and Y (sha256_hex(MatD) encoding)
// that certificates record and `nncert check` compares.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nncert/numeric/types.hpp"

namespace nncert::data {

// Layout of one row of X when it is an image: channel-major, then rows, then columns, i.e. pixel
// (c, y, x) is column (c * height + y) * width + x.
struct ImageShape {
  Index channels = 1, height = 0, width = 0;
  Index size() const { return channels * height * width; }
  friend bool operator==(const ImageShape&, const ImageShape&) = default;
};

// The held-out test rows of a data set ([data] test_n): drawn disjointly from the same source, and
// transformed and encoded exactly as the training rows (a transform that depends on the data, such
// as standardise, uses the training rows' statistics).
struct HeldOut {
  MatD X;                   // m x d
  MatD Y;                   // m x k (the same k as the training targets)
  std::vector<int> labels;  // class of each row, or empty
  Index n() const { return X.rows(); }
};

struct Dataset {
  MatD X;                   // n x d
  MatD Y;                   // n x k (k may be 0 when a source has no targets)
  std::vector<int> labels;  // class of each row, or empty (regression / unlabelled)
  std::string name;         // e.g. "fashion-mnist:train", "synthetic:sphere"
  std::string sha256_x, sha256_y;
  std::optional<ImageShape> image;  // set while rows are images (d == image->size())
  // Known range of the raw values, e.g. [0, 255] for 8-bit images; scale01 maps it onto [0, 1].
  std::optional<std::pair<double, double>> value_range;
  std::optional<HeldOut> test;  // the test split, when [data] test_n asks for one

  Index n() const { return X.rows(); }
  Index d() const { return X.cols(); }
  Index k() const { return Y.cols(); }
};

// Recomputes sha256_x and sha256_y from X and Y.
void update_hashes(Dataset& ds);

}  // namespace nncert::data
