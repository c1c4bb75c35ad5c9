#pragma once
// Private: the one way this layer reports bad files ("PATH: problem").
#include <filesystem>
#include <string>
#include <string_view>

#include "nncert/numeric/errors.hpp"
#include "nncert/data/message_text.hpp"

namespace nncert::data::detail {

// A value from the file, quoted for a message: control bytes escaped, long values elided.
inline std::string quoted(std::string_view value) { return "'" + printable_excerpt(value, 200) + "'"; }

[[noreturn]] inline void file_error(const std::filesystem::path& path, std::string_view problem) {
  throw InvalidInput(path.string() + ": " + std::string(problem));
}

}  // namespace nncert::data::detail
