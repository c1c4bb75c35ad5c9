#include "nncert/data/matrix_file.hpp"

#include <algorithm>
#include <cctype>

#include "file_error.hpp"
#include "nncert/data/csv.hpp"
#include "nncert/data/npy.hpp"

namespace nncert::data {

MatD read_matrix(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".npy") return read_npy_matrix(path);
  if (ext == ".csv") return read_csv_matrix(path);
  detail::file_error(path, "unsupported matrix file extension '" + ext + "' (expected .npy or .csv)");
}

}  // namespace nncert::data
