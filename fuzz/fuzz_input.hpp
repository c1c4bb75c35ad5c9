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

inline std::filesystem::path input_file(const char* extension) {
  static const std::filesystem::path path = [&] {
    // Small budget: admission control must refuse large inputs instead of allocating them.
    data::set_budget(256.0 * 1024 * 1024, 5);
    return std::filesystem::temp_directory_path() /
           ("nncert-fuzz-" + std::to_string(::getpid()) + extension);
  }();
  return path;
}

inline std::filesystem::path write_input(const std::uint8_t* bytes, std::size_t size, const char* extension) {
  const auto path = input_file(extension);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace nncert::fuzz
