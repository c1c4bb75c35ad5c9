#pragma once
// Whole-file outputs that appear complete or not at all: the bytes go to a temporary name in the
// destination directory, which is then renamed over the destination (rename(2) is atomic within one
// file system). No fsync: the guarantee is "no half-written file", not durability across power loss.
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string_view>

namespace nncert::data {

// Writes `bytes` to `path` atomically. On failure the temporary file is removed and InvalidInput is
// thrown, its message starting with the path ("out.npy: cannot write: No space left on device").
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// Same, with the content produced by `writer` into a binary stream. If `writer` throws, the temporary
// file is removed and the exception propagates unchanged; a stream failure becomes InvalidInput.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer);

}  // namespace nncert::data
