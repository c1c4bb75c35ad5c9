#include "nncert/data/fashion_mnist.hpp"

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
  using RowU8 = Eigen::Matrix<std::uint8_t, 1, kPixels>;
  MatD m(static_cast<Index>(rows.size()), kPixels);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] < 0 || rows[i] >= n())
      throw InvalidInput("FashionMnist::images: row " + std::to_string(rows[i]) + " out of range");
    m.row(static_cast<Index>(i)) =
        Eigen::Map<const RowU8>(pixels.data() + rows[i] * kPixels).cast<double>();
  }
  return m;
}

MatD FashionMnist::images() const {
  using RowMajorU8 = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return Eigen::Map<const RowMajorU8>(pixels.data(), n(), kPixels).cast<double>();
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
