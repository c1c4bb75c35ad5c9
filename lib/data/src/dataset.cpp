#include "nncert/data/dataset.hpp"

#include "nncert/data/sha256.hpp"

namespace nncert::data {

void update_hashes(Dataset& ds) {
  ds.sha256_x = sha256_hex(ds.X);
  ds.sha256_y = sha256_hex(ds.Y);
}

}  // namespace nncert::data
