#include "nncert/data/fashion_mnist.hpp"

#include <algorithm>
#include <cstdlib>

#include "file_error.hpp"
#include "nncert/data/idx.hpp"

namespace nncert::data {

std::filesystem::path fashion_mnist_dir() {
  const char* env = std::getenv("NNCERT_FASHION_MNIST_DIR");
  if (env != nullptr && *env != '\0') return env;
  return "/usr/share/datasets/fashion-mnist";  // Debian package dataset-fashion-mnist
}

FashionMnist read_fashion_mnist(const std::string& split, const std::filesystem::path& dir) {
  if (split != "train" && split != "test")
    throw InvalidInput("fashion-mnist: unknown split '" + split + "' (expected train or test)");
  const std::string stem = split == "train" ? "train" : "t10k";
  if (!std::filesystem::is_directory(dir))
    detail::file_error(dir, "Fashion-MNIST directory not found (install Debian's dataset-fashion-mnist "
                            "or set NNCERT_FASHION_MNIST_DIR)");
  const auto images_path = dir / (stem + "-images-idx3-ubyte.gz");
  const auto labels_path = dir / (stem + "-labels-idx1-ubyte.gz");
  IdxArray images = read_idx(images_path);
  const IdxArray labels = read_idx(labels_path);
  if (images.type_code != 0x08 || images.shape.size() != 3 || images.shape[1] != FashionMnist::kHeight ||
      images.shape[2] != FashionMnist::kWidth)
    detail::file_error(images_path, "expected ubyte images of shape N x 28 x 28");
  if (labels.type_code != 0x08 || labels.shape.size() != 1)
    detail::file_error(labels_path, "expected a ubyte label vector");
  if (labels.shape[0] != images.shape[0])
    detail::file_error(labels_path, std::to_string(labels.shape[0]) + " labels for " +
                                        std::to_string(images.shape[0]) + " images");
  FashionMnist fm;
  fm.split = split;
  fm.pixels = std::move(images.bytes);
  fm.labels.reserve(labels.bytes.size());
  for (std::size_t i = 0; i < labels.bytes.size(); ++i) {
    if (labels.bytes[i] > 9)
      detail::file_error(labels_path, "label " + std::to_string(labels.bytes[i]) + " at index " +
                                          std::to_string(i) + " is not in 0..9");
    fm.labels.push_back(labels.bytes[i]);
  }
  return fm;
}

MatD FashionMnist::images(const std::vector<Index>& rows) const {
  for (const Index r : rows)
    if (r < 0 || r >= n()) throw InvalidInput("FashionMnist::images: row " + std::to_string(r) + " out of range");
  // Row-major bytes -> column-major doubles. The destination is written strictly sequentially (column
  // by column), which matters when its pages are touched for the first time; the reads stride
  // through the byte array, 8 columns at a time so each source cache line is used 8 times.
  const auto count = static_cast<Index>(rows.size());
  MatD m(count, kPixels);
  constexpr Index kCols = 8;
  static_assert(kPixels % kCols == 0);
  for (Index j0 = 0; j0 < kPixels; j0 += kCols) {
    double* dst[kCols];
    for (Index c = 0; c < kCols; ++c) dst[c] = m.col(j0 + c).data();
    for (Index i = 0; i < count; ++i) {
      const std::uint8_t* src = pixels.data() + rows[static_cast<std::size_t>(i)] * kPixels + j0;
      for (Index c = 0; c < kCols; ++c) dst[c][i] = src[c];
    }
  }
  return m;
}

MatD FashionMnist::images() const {
  std::vector<Index> rows(static_cast<std::size_t>(n()));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<Index>(i);
  return images(rows);
}

Dataset to_dataset(const FashionMnist& fm, const std::vector<Index>& rows) {
  Dataset ds;
  ds.X = fm.images(rows);
  ds.Y.resize(static_cast<Index>(rows.size()), 1);
  ds.labels.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int label = fm.labels[static_cast<std::size_t>(rows[i])];
    ds.labels.push_back(label);
    ds.Y(static_cast<Index>(i), 0) = label;
  }
  ds.name = "fashion-mnist:" + fm.split;
  ds.image = ImageShape{1, FashionMnist::kHeight, FashionMnist::kWidth};
  ds.value_range = std::pair{0.0, 255.0};
  update_hashes(ds);
  return ds;
}

Dataset load_fashion_mnist(const std::string& split, const std::filesystem::path& dir) {
  const FashionMnist fm = read_fashion_mnist(split, dir);
  std::vector<Index> rows(static_cast<std::size_t>(fm.n()));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<Index>(i);
  return to_dataset(fm, rows);
}

}  // namespace nncert::data
