#pragma once
// Fashion-MNIST (Xiao, Rasul, Vollgraf 2017) from the IDX files that Debian's dataset-fashion-mnist
// installs: {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "nncert/data/dataset.hpp"

namespace nncert::data {

// $NNCERT_FASHION_MNIST_DIR if set and non-empty, else /usr/share/datasets/fashion-mnist.
std::filesystem::path fashion_mnist_dir();

// The raw split: 8-bit pixels, kept compact (47 MB for "train") until rows are chosen.
struct FashionMnist {
  static constexpr Index kHeight = 28, kWidth = 28, kPixels = 28 * 28;
  std::string split;                  // "train" or "test"
  std::vector<std::uint8_t> pixels;   // n x 784, row-major
  std::vector<int> labels;            // n, each in 0..9
  Index n() const { return static_cast<Index>(labels.size()); }
  // Rows `rows` (in that order) as doubles 0..255.
  MatD images(const std::vector<Index>& rows) const;
  MatD images() const;  // every row
};

// split = "train" (60000 images) or "test" (10000 images, files t10k-*). InvalidInput for another
// split, a missing directory or file, or images and labels that disagree in count or shape.
FashionMnist read_fashion_mnist(const std::string& split,
                                const std::filesystem::path& dir = fashion_mnist_dir());

// The whole split as a Dataset: X n x 784 (0..255), Y the labels as an n x 1 column, labels,
// image 1 x 28 x 28, value_range [0, 255], name "fashion-mnist:<split>", hashes filled.
Dataset to_dataset(const FashionMnist& fm, const std::vector<Index>& rows);
Dataset load_fashion_mnist(const std::string& split,
                           const std::filesystem::path& dir = fashion_mnist_dir());

}  // namespace nncert::data
