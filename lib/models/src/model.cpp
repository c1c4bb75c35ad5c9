#include "nncert/numeric/eigen_multiprecision.hpp"
#include "model_impl.hpp"

#include <sstream>

namespace nncert::models {

std::vector<std::string> split_block_list(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream ss(list);
  for (std::string name; std::getline(ss, name, ',');)
    if (!name.empty()) names.push_back(name);
  return names;
}

template class Model<double>;
template class Model<Float128>;
template class Model<MpfrFloat>;
}  // namespace nncert::models
