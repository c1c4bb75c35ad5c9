#pragma once
// Helpers for the data-layer tests: write raw bytes, build .npy files by hand, check messages.
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "nncert/numeric/errors.hpp"
#include "test_support.hpp"

namespace nncert::test {

inline std::filesystem::path write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p;
}

// Every byte of a file.
inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The names of a directory's entries (what a test expects to find beside an output).
inline std::set<std::string> names_in(const std::filesystem::path& dir) {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

// A .npy file of format `major`.0 with the given header dict (padded as numpy pads it) and data.
inline std::string npy_bytes(int major, const std::string& dict, const std::string& data) {
  const std::size_t len_bytes = major == 1 ? 2 : 4;
  std::string header = dict;
  const std::size_t unpadded = 8 + len_bytes + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  const std::uint64_t n = header.size();
  for (std::size_t i = 0; i < len_bytes; ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
  return out + header + data;
}

template <class T>
std::string raw_bytes(const std::vector<T>& v) {
  std::string s(v.size() * sizeof(T), '\0');
  if (!v.empty()) std::memcpy(s.data(), v.data(), s.size());
  return s;
}

inline std::string dict(const std::string& descr, bool fortran, const std::string& shape) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
         ", 'shape': " + shape + ", }";
}

// Runs f, requires InvalidInput whose message contains every fragment.
template <class F>
void require_invalid(F&& f, const std::vector<std::string>& fragments) {
  try {
    f();
  } catch (const nncert::InvalidInput& e) {
    const std::string msg = e.what();
    INFO("message: " << msg);
    for (const auto& frag : fragments) CHECK(msg.find(frag) != std::string::npos);
    return;
  }
  FAIL("expected InvalidInput containing '" << (fragments.empty() ? "" : fragments[0]) << "'");
}

}  // namespace nncert::test
