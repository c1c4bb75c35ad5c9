#pragma once
// Shared by the fuzzers: the readers take a path, so each input is written to one private file.
// A reader may throw InvalidInput (the documented answer to bad input, exit code 2); any other
// exception escapes and libFuzzer reports it as a crash: it would be an "internal error".
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "nncert/data/admission.hpp"

namespace nncert::fuzz {

// Removes the input file when the process exits normally (libFuzzer ends with exit()).
struct RemovedAtExit {
  std::filesystem::path path;
  ~RemovedAtExit() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

inline std::filesystem::path input_file(const char* extension) {
  static const RemovedAtExit file{[&] {
    // Small budget: admission control must refuse large inputs instead of allocating them. 16 MiB
    // keeps a synthetic [data] source to about a million values, well inside libFuzzer's per-input
    // timeout under ASan (256 MiB let "n = 3, d = 4404022" draw 13 million normals: over 10 s).
    data::set_budget(16.0 * 1024 * 1024, 5);
    // tmpfs when there is one: rewriting a file on ext4 flushes it to disk (auto_da_alloc), which
    // measured ~5 ms per input, most of a data fuzzer's time.
    std::error_code ec;
    const std::filesystem::path dir =
        std::filesystem::is_directory("/dev/shm", ec) ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path();
    return dir / ("nncert-fuzz-" + std::to_string(::getpid()) + extension);
  }()};
  return file.path;
}

inline std::filesystem::path write_input(const std::uint8_t* bytes, std::size_t size, const char* extension) {
  const auto path = input_file(extension);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace nncert::fuzz
