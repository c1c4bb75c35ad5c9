#pragma once
// Private: the one way this layer reports bad files ("PATH: problem").
#include <filesystem>
#include <string>
#include <string_view>

#include "nncert/numeric/errors.hpp"

namespace nncert::data::detail {

[[noreturn]] inline void file_error(const std::filesystem::path& path, std::string_view problem) {
  throw InvalidInput(path.string() + ": " + std::string(problem));
}

}  // namespace nncert::data::detail
