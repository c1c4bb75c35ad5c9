// libFuzzer target: reading a certificate (what `nncert check` and `nncert report` do before any
// replay): the bounded JSON reader, the closed typed schema, the informational-field stripping, and
// the file names it gives for its trajectory and step losses.
//
// Besides libFuzzer's byte mutations (guided by certificate_json.dict), a custom mutator makes
// typed-field and number-range mutations on inputs that parse: one value anywhere in the document is
// replaced by a value of another type or by an extreme number written as raw text (1e999, a 400-digit
// integer, -0, 5e-324, 2^64, ...), or a field is removed or an undeclared one added. These reach
// the schema's type checks and the reader's number-range checks, which byte flips rarely do.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nncert/cert/bounded_json.hpp"
#include "nncert/cert/certificate_files.hpp"
#include "nncert/cert/certificate_schema.hpp"
#include "nncert/numeric/errors.hpp"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

using nlohmann::json;

// Where the certificate is said to be: a directory that does not exist, so that the files it names
// are looked up (and found missing) without anything being read.
const std::filesystem::path kCertificateFile = "/nonexistent-nncert-fuzz/certificate.json";

void read_certificate_text(const std::string& text) {
  const json c = nncert::cert::parse_bounded_json(text, kCertificateFile.string());
  nncert::cert::validate_certificate(c, kCertificateFile.string());
  (void)nncert::cert::without_informational(c).dump();
  // trajectory.file may only name a file beside the certificate.
  if (nncert::cert::trajectory_path(kCertificateFile, c).parent_path() != kCertificateFile.parent_path()) std::abort();
  try {
    (void)nncert::cert::read_trajectory_bytes(kCertificateFile, c);
  } catch (const nncert::InvalidInput&) {
  }
  (void)nncert::cert::read_steps_bytes(kCertificateFile, c);  // InvalidInput: missing or not a plain name
}

// Raw JSON text put in place of one value: other types, and numbers at and beyond the edges of double.
const std::vector<std::string>& replacements() {
  static const std::vector<std::string> values = {
      "null", "true", "false", "\"\"", "\"1\"", "[]", "{}", "[[[]]]", "[null]", "{\"\":null}", "0", "-0",
      "-0.0", "1", "-1", "0.5", "1e999", "-1e999", "1e-999", "5e-324", "2.2250738585072014e-308",
      "1.7976931348623157e308", "1.7976931348623159e308", "9223372036854775807", "-9223372036854775808",
      "-9223372036854775809", "18446744073709551615", "18446744073709551616", std::string(400, '9'),
      "-" + std::string(400, '9'), "1" + std::string(400, '0') + ".0", "0." + std::string(400, '0') + "1",
      "\"" + std::string(300, 'x') + "\"", "\"nncert/certificate/1\"", "\"certified\""};
  return values;
}

// Every value of the document, depth first, as JSON pointers.
void collect(const json& v, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
  out.push_back(at);
  if (v.is_object())
    for (const auto& [key, item] : v.items()) collect(item, at / key, out);
  else if (v.is_array())
    for (std::size_t i = 0; i < v.size(); ++i) collect(v[i], at / i, out);
}

std::size_t typed_mutation(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed) {
  json doc;
  try {
    doc = nncert::cert::parse_bounded_json(std::string(reinterpret_cast<const char*>(data), size), "mutator");
  } catch (const nncert::InvalidInput&) {
    return 0;
  }
  std::vector<json::json_pointer> values;
  collect(doc, json::json_pointer(), values);
  std::mt19937 rng(seed);
  const json::json_pointer at = values[rng() % values.size()];
  const char* marker = "\x01nncert-fuzz-marker\x01";
  std::string raw;
  switch (rng() % 4) {
    case 0:  // remove the field or element (not the root)
      if (at.empty()) return 0;
      if (doc[at.parent_pointer()].is_object())
        doc[at.parent_pointer()].erase(at.back());
      else
        doc[at.parent_pointer()].erase(std::stoul(at.back()));
      break;
    case 1:  // add an undeclared field to the enclosing object
      if (!doc[at].is_object()) return 0;
      doc[at]["undeclared"] = marker;
      raw = replacements()[rng() % replacements().size()];
      break;
    default:  // replace the value by another type or an extreme number
      doc[at] = marker;
      raw = replacements()[rng() % replacements().size()];
  }
  std::string text = doc.dump(-1, ' ', false, json::error_handler_t::replace);
  if (!raw.empty()) {
    const std::string quoted = json(marker).dump();
    if (const auto pos = text.find(quoted); pos != std::string::npos) text.replace(pos, quoted.size(), raw);
  }
  if (text.size() > max_size) return 0;
  std::memcpy(data, text.data(), text.size());
  return text.size();
}

}  // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  // Half the time a typed mutation (when the input parses), otherwise libFuzzer's own.
  if (seed % 2 == 0)
    if (const std::size_t n = typed_mutation(data, size, max_size, seed / 2); n != 0) return n;
  return LLVMFuzzerMutate(data, size, max_size);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  try {
    read_certificate_text(std::string(reinterpret_cast<const char*>(bytes), size));
  } catch (const nncert::InvalidInput&) {
  }
  return 0;
}
