#pragma once
// One shared load of Fashion-MNIST's training split per test process (it inflates 26 MB of gzip).
#include <chrono>

#include "nncert/data/fashion_mnist.hpp"

namespace nncert::test {

struct FashionTrain {
  nncert::data::FashionMnist data;
  double seconds = 0;
};

inline const FashionTrain& fashion_train() {
  static const FashionTrain loaded = [] {
    const auto t0 = std::chrono::steady_clock::now();
    FashionTrain f{nncert::data::read_fashion_mnist("train"), 0};
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return f;
  }();
  return loaded;
}

}  // namespace nncert::test
