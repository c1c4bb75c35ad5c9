#pragma once
// Reading untrusted JSON (a certificate handed to `nncert check` or `nncert report`): bounded in size
// and nesting depth, numbers within double range, and every message naming the file and the field.
#include <cstddef>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace nncert::cert {

struct JsonLimits {
  std::size_t max_bytes = std::size_t{64} << 20;  // 64 MiB: a certificate is kilobytes
  int max_depth = 32;                             // the schema nests 5 levels deep
};

// The bytes of `file`, which must be a regular file (devices, FIFOs and directories are refused before
// anything is read) of at most `max_bytes` bytes. `what` says what the file is, for messages
// ("the certificate", "the certificate's trajectory"). InvalidInput naming the full path otherwise.
std::string read_bounded_regular_file(const std::filesystem::path& file, std::size_t max_bytes, const std::string& what);

// Parses `text`; InvalidInput "WHERE: ..." for invalid JSON, a number outside double range (named by
// its field path, e.g. hypotheses[0].margin), nesting deeper than the limit, or a duplicate key.
nlohmann::json parse_bounded_json(const std::string& text, const std::string& where, const JsonLimits& limits = {});

// A value as it may appear in a one-line message: control characters escaped, at most `max_chars`.
std::string elided_for_message(const std::string& text, std::size_t max_chars = 80);

}  // namespace nncert::cert
