#include "nncert/cert/bounded_json.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"

namespace nncert::cert {
namespace {

using nlohmann::json;

std::string full_path(const std::filesystem::path& file) {
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(file, ec);
  return (ec ? file : absolute).lexically_normal().string();
}

// Builds the document while the parser reads it (SAX), so that depth is refused before it is built and
// a number out of range is reported with the field it belongs to.
class BoundedBuilder : public nlohmann::json_sax<json> {
 public:
  BoundedBuilder(std::string where, const JsonLimits& limits) : where_(std::move(where)), limits_(limits) {}

  json take() { return std::move(root_); }

  bool null() override { return put(nullptr); }
  bool boolean(bool v) override { return put(v); }
  bool number_integer(number_integer_t v) override { return put(v); }
  bool number_unsigned(number_unsigned_t v) override { return put(v); }
  bool number_float(number_float_t v, const string_t&) override { return put(v); }
  bool string(string_t& v) override { return put(std::move(v)); }
  bool binary(binary_t&) override { throw InvalidInput(where_ + ": binary values are not JSON text"); }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    Frame& f = frames_.back();
    if (f.container->contains(k)) {
      f.key = k;  // path() then names the repeated field itself
      throw InvalidInput(fmt::format("{}: field {} appears twice", where_, elided_for_message(path())));
    }
    f.key = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string& token, const json::exception& e) override {
    if (e.id == 406)  // out_of_range.406: the number does not fit a double (1e999, 400-digit integers)
      throw InvalidInput(fmt::format("{}: field {}: number {} is outside the range of a double", where_,
                                     path().empty() ? "(top level)" : path(), elided_for_message(token, 40)));
    throw InvalidInput(fmt::format("{}: not valid JSON at byte {} ({})", where_, position, elided_for_message(e.what(), 160)));
  }

 private:
  struct Frame {
    json* container;
    std::string key;  // objects: the key whose value comes next
  };

  // The field the next value belongs to, e.g. "hypotheses[0].enclosure.lower".
  std::string path() const {
    std::string p;
    for (const Frame& f : frames_) {
      if (f.container->is_object())
        p += (p.empty() ? "" : ".") + f.key;
      else
        p += fmt::format("[{}]", f.container->size());
    }
    return p;
  }

  json* insert(json v) {
    if (frames_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Frame& f = frames_.back();
    if (f.container->is_object()) return &((*f.container)[f.key] = std::move(v));
    f.container->push_back(std::move(v));
    return &f.container->back();
  }
  bool put(json v) {
    insert(std::move(v));
    return true;
  }
  // A child pointer stays valid while it is open: nothing is added to its parent until it closes.
  bool open(json v) {
    if (static_cast<int>(frames_.size()) >= limits_.max_depth)
      throw InvalidInput(fmt::format("{}: field {}: nested deeper than {} levels", where_, path().empty() ? "(top level)" : path(), limits_.max_depth));
    frames_.push_back({insert(std::move(v)), ""});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }

  std::string where_;
  JsonLimits limits_;
  json root_;
  std::vector<Frame> frames_;
};

}  // namespace

std::string read_bounded_regular_file(const std::filesystem::path& file, std::size_t max_bytes, const std::string& what) {
  const std::string shown = full_path(file);
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) throw InvalidInput(fmt::format("{}: {} is missing (no such file)", shown, what));
  if (!std::filesystem::is_regular_file(status)) throw InvalidInput(fmt::format("{}: {} must be a regular file", shown, what));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput(fmt::format("{}: cannot open {}", shown, what));
  // Read at most max_bytes + 1 bytes, whatever the file system says its size is, in chunks: a
  // buffer of the limit itself would be zero-filled (hundreds of MiB of page faults) for every file.
  std::string bytes;
  constexpr std::size_t kChunk = std::size_t(1) << 16;
  while (bytes.size() <= max_bytes) {
    const std::size_t at = bytes.size();
    bytes.resize(at + std::min(kChunk, max_bytes + 1 - at));
    in.read(bytes.data() + at, static_cast<std::streamsize>(bytes.size() - at));
    if (in.bad()) throw InvalidInput(fmt::format("{}: cannot read {}", shown, what));
    bytes.resize(at + static_cast<std::size_t>(in.gcount()));
    if (in.eof()) break;
  }
  if (bytes.size() > max_bytes)
    throw InvalidInput(fmt::format("{}: {} is larger than the limit of {} bytes", shown, what, max_bytes));
  return bytes;
}

json parse_bounded_json(const std::string& text, const std::string& where, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) throw InvalidInput(fmt::format("{}: larger than the limit of {} bytes", where, limits.max_bytes));
  BoundedBuilder builder(where, limits);
  json::sax_parse(text, &builder);
  return builder.take();
}

std::string elided_for_message(const std::string& text, std::size_t max_chars) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= max_chars) return out + fmt::format("... ({} bytes in all)", text.size());
    const auto ch = static_cast<unsigned char>(text[i]);
    out += ch < 0x20 || ch == 0x7f ? fmt::format("\\x{:02x}", ch) : std::string(1, static_cast<char>(ch));
  }
  return out;
}

}  // namespace nncert::cert
