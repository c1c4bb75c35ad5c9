#include "nncert/data/npy.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>

#include "file_error.hpp"
#include "nncert/data/admission.hpp"
#include "nncert/data/atomic_file.hpp"
#include "nncert/numeric/memory_policy.hpp"

namespace nncert::data {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the .npy reader converts little-endian data in place; a big-endian port must byte-swap");

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;
// numpy itself refuses headers above 10000 bytes unless told otherwise; we allow more but bound it so
// a corrupt length field cannot make us allocate gigabytes.
constexpr std::uint64_t kMaxHeaderBytes = 1u << 20;
constexpr std::size_t kMaxDims = 64;

std::string shape_string(const std::vector<std::int64_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

// ---- the header: a Python dict literal ------------------------------------------------------

struct Tuple {
  std::vector<std::int64_t> items;
};
struct List {};  // only recognised to give a clear message for structured dtypes
using Value = std::variant<std::string, bool, Tuple, List>;

// Recursive-descent parser for the subset of Python literals numpy writes in a header:
//   dict  := '{' [ string ':' value { ',' string ':' value } [','] ] '}'
//   value := string | 'True' | 'False' | '(' [ int { ',' int } [','] ] ')' | '[' ... ']'
// Strings are quoted with ' or "; ints are decimal, optionally with Python 2's 'L' suffix.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::filesystem::path& path) : s_(text), path_(path) {}

  std::vector<std::pair<std::string, Value>> parse_dict() {
    std::vector<std::pair<std::string, Value>> items;
    expect('{');
    skip_space();
    if (peek() == '}') {
      ++pos_;
    } else {
      for (;;) {
        skip_space();
        if (peek() == '}') {  // trailing comma
          ++pos_;
          break;
        }
        std::string key = parse_string();
        expect(':');
        Value v = parse_value();
        items.emplace_back(std::move(key), std::move(v));
        skip_space();
        const char c = next();
        if (c == '}') break;
        if (c != ',') fail("expected ',' or '}'");
      }
    }
    skip_space();
    if (pos_ != s_.size()) fail("unexpected text after the closing '}'");
    return items;
  }

 private:
  [[noreturn]] void fail(std::string_view what) const {
    detail::file_error(path_, "malformed header dict: " + std::string(what) + " at offset " +
                                  std::to_string(pos_) + " in \"" + printable(s_) + "\"");
  }
  static std::string printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 200)) {
      if (c == '\n') out += "\\n";
      else if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) out += '?';
      else out += c;
    }
    return s.size() > 200 ? out + "..." : out;
  }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' ||
                                s_[pos_] == '\r'))
      ++pos_;
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  char next() {
    if (pos_ >= s_.size()) fail("unexpected end");
    return s_[pos_++];
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string parse_string() {
    skip_space();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a quoted string");
    ++pos_;
    std::string out;
    for (;;) {
      char c = next();
      if (c == quote) break;
      if (c == '\\') c = next();
      out += c;
    }
    return out;
  }
  std::int64_t parse_int() {
    skip_space();
    if (peek() == '-') fail("negative dimension in shape");
    std::int64_t v = 0;
    const char* first = s_.data() + pos_;
    const char* last = s_.data() + s_.size();
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc::result_out_of_range) fail("dimension out of range");
    if (ec != std::errc() || ptr == first) fail("expected a non-negative integer");
    pos_ += static_cast<std::size_t>(ptr - first);
    if (peek() == 'L') ++pos_;
    return v;
  }
  Value parse_value() {
    skip_space();
    const char c = peek();
    if (c == '\'' || c == '"') return parse_string();
    if (s_.substr(pos_).starts_with("True")) {
      pos_ += 4;
      return true;
    }
    if (s_.substr(pos_).starts_with("False")) {
      pos_ += 5;
      return false;
    }
    if (c == '[') {
      // Skip a (possibly nested) list: structured dtypes are rejected by the caller.
      int depth = 0;
      do {
        const char d = next();
        if (d == '[') ++depth;
        if (d == ']') --depth;
      } while (depth > 0);
      return List{};
    }
    if (c == '(') {
      ++pos_;
      Tuple t;
      skip_space();
      if (peek() == ')') {
        ++pos_;
        return t;
      }
      for (;;) {
        t.items.push_back(parse_int());
        if (t.items.size() > kMaxDims) fail("more than 64 dimensions");
        skip_space();
        const char d = next();
        if (d == ')') break;
        if (d != ',') fail("expected ',' or ')' in shape");
        skip_space();
        if (peek() == ')') {
          ++pos_;
          break;
        }
      }
      return t;
    }
    fail("expected a string, True, False or a tuple");
  }

  std::string_view s_;
  const std::filesystem::path& path_;
  std::size_t pos_ = 0;
};

// ---- dtype ----------------------------------------------------------------------------------

struct Dtype {
  char kind;        // 'f', 'i', 'u', 'b'
  std::size_t size;  // bytes per element
};

Dtype parse_dtype(const std::string& descr, const std::filesystem::path& path) {
  auto bad = [&](std::string_view why) {
    detail::file_error(path, "unsupported dtype '" + descr + "': " + std::string(why));
  };
  if (descr.size() < 2) bad("not a NumPy type string");
  const char order = descr[0];
  const char kind = descr[1];
  if (kind == 'O') bad("object arrays are not supported");
  if (kind == 'c') bad("complex numbers are not supported");
  if (kind == 'U' || kind == 'S' || kind == 'a' || kind == 'V')
    bad("string / void dtypes are not supported");
  if (kind == 'M' || kind == 'm') bad("datetime dtypes are not supported");
  std::size_t size = 0;
  const auto [ptr, ec] = std::from_chars(descr.data() + 2, descr.data() + descr.size(), size);
  if (ec != std::errc() || ptr != descr.data() + descr.size()) bad("not a NumPy type string");
  const bool ok = (kind == 'f' && (size == 4 || size == 8)) ||
                  ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)) ||
                  (kind == 'b' && size == 1);
  if (!ok) bad("supported: f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1");
  if (order == '>' && size > 1) bad("big-endian data is not supported (convert with astype('<" +
                                    std::string(1, kind) + std::to_string(size) + "'))");
  const bool order_ok = order == '<' || order == '=' || (size == 1 && (order == '|' || order == '>'));
  if (!order_ok) bad("byte order must be '<' ('|' for one-byte types)");
  return {kind, size};
}

// ---- converting the data section ------------------------------------------------------------

template <class T>
void convert(const char* raw, double* out, std::size_t count, const std::filesystem::path& path) {
  for (std::size_t i = 0; i < count; ++i) {
    T v;
    std::memcpy(&v, raw + i * sizeof(T), sizeof(T));
    if constexpr (std::is_integral_v<T> && sizeof(T) == 8) {
      // |v| <= 2^53 guarantees an exact double; beyond that we refuse to round silently.
      constexpr T kLimit = T(1) << 53;
      const bool exact = std::is_signed_v<T> ? (v >= -kLimit && v <= kLimit) : (v <= kLimit);
      if (!exact)
        detail::file_error(path, "integer at flat index " + std::to_string(i) +
                                     " exceeds 2^53 in magnitude and is not exactly a double");
    }
    out[i] = static_cast<double>(v);
  }
}

// Fortran-order data of `shape` -> C order (a transposition of the index).
std::vector<double> fortran_to_c(const std::vector<double>& f, const std::vector<std::int64_t>& shape) {
  const std::size_t nd = shape.size();
  std::vector<double> c(f.size());
  if (f.empty()) return c;
  std::vector<std::int64_t> fstride(nd, 1);  // stride of axis j in the Fortran layout
  for (std::size_t j = 1; j < nd; ++j) fstride[j] = fstride[j - 1] * shape[j - 1];
  std::vector<std::int64_t> idx(nd, 0);
  std::int64_t fpos = 0;
  for (std::size_t cpos = 0; cpos < c.size(); ++cpos) {
    c[cpos] = f[static_cast<std::size_t>(fpos)];
    // Odometer over the C-order multi-index (last axis fastest).
    for (std::size_t j = nd; j-- > 0;) {
      if (++idx[j] < shape[j]) {
        fpos += fstride[j];
        break;
      }
      fpos -= fstride[j] * (shape[j] - 1);
      idx[j] = 0;
    }
  }
  return c;
}

std::uint64_t read_le(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// A validated .npy file whose stream stands at the start of the data section: the header parsed, the
// shape's size checked against the file size (nothing allocated for the data yet).
struct OpenedNpy {
  std::ifstream in;
  std::vector<std::int64_t> shape;
  std::string descr;
  Dtype dtype{};
  bool fortran = false;
  std::size_t count = 0;  // number of elements
};

OpenedNpy open_npy(const std::filesystem::path& path, bool whole_file_in_memory = true) {
  const std::uint64_t file_size = require_regular_file(path, kMaxDataFileBytes);
  // The values become doubles: up to 8 bytes per byte of a 1-byte dtype, plus a transposed copy.
  if (whole_file_in_memory) admit(path.string(), {16.0 * static_cast<double>(file_size), 0, "reading the .npy file"});
  OpenedNpy f;
  f.in.open(path, std::ios::binary);
  std::ifstream& in = f.in;
  if (!in) detail::file_error(path, "cannot open file");
  if (file_size == 0) detail::file_error(path, "empty file");

  // Preamble: magic (6), version (2), header length (2 for v1, 4 for v2/v3).
  unsigned char pre[12] = {};
  const std::size_t pre_avail = static_cast<std::size_t>(std::min<std::uint64_t>(file_size, 12));
  in.read(reinterpret_cast<char*>(pre), static_cast<std::streamsize>(pre_avail));
  if (pre_avail < kMagicSize || std::memcmp(pre, kMagic, kMagicSize) != 0)
    detail::file_error(path, "not a .npy file (wrong magic bytes)");
  if (pre_avail < 10) detail::file_error(path, "truncated: file ends inside the .npy preamble");
  const int major = pre[6];
  const int minor = pre[7];
  if (!(major >= 1 && major <= 3 && minor == 0))
    detail::file_error(path, "unsupported .npy format version " + std::to_string(major) + "." +
                                 std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)");
  const int len_bytes = major == 1 ? 2 : 4;
  const std::uint64_t preamble = 8 + static_cast<std::uint64_t>(len_bytes);
  if (file_size < preamble) detail::file_error(path, "truncated: file ends inside the .npy preamble");
  const std::uint64_t header_len = read_le(pre + 8, len_bytes);
  if (header_len > kMaxHeaderBytes)
    detail::file_error(path, "header length " + std::to_string(header_len) + " is implausibly large");
  if (file_size - preamble < header_len)
    detail::file_error(path, "truncated: header announces " + std::to_string(header_len) +
                                 " bytes, file has " + std::to_string(file_size - preamble));

  std::string header(static_cast<std::size_t>(header_len), '\0');
  in.seekg(static_cast<std::streamoff>(preamble));
  in.read(header.data(), static_cast<std::streamsize>(header_len));
  if (!in) detail::file_error(path, "read error in the header");

  HeaderParser parser(header, path);
  const auto items = parser.parse_dict();
  std::optional<std::string> descr;
  std::optional<bool> fortran;
  std::optional<std::vector<std::int64_t>> shape;
  for (const auto& item : items) {
    // Named references, not a structured binding: clang before 16 (the fuzz build) cannot capture
    // a binding in a lambda.
    const auto& key = item.first;
    const auto& value = item.second;
    auto type_error = [&](std::string_view expected) {
      detail::file_error(path, "header key '" + key + "' must be " + std::string(expected));
    };
    auto duplicate = [&](bool seen) {
      if (seen) detail::file_error(path, "header key '" + key + "' appears twice");
    };
    if (key == "descr") {
      duplicate(descr.has_value());
      if (std::holds_alternative<List>(value))
        detail::file_error(path, "structured dtypes are not supported");
      if (!std::holds_alternative<std::string>(value)) type_error("a dtype string");
      descr = std::get<std::string>(value);
    } else if (key == "fortran_order") {
      duplicate(fortran.has_value());
      if (!std::holds_alternative<bool>(value)) type_error("True or False");
      fortran = std::get<bool>(value);
    } else if (key == "shape") {
      duplicate(shape.has_value());
      if (!std::holds_alternative<Tuple>(value)) type_error("a tuple of integers");
      shape = std::get<Tuple>(value).items;
    } else {
      detail::file_error(path, "unexpected header key '" + key +
                                   "' (expected exactly descr, fortran_order, shape)");
    }
  }
  if (!descr || !fortran || !shape)
    detail::file_error(path, std::string("header lacks key '") +
                                 (!descr ? "descr" : !fortran ? "fortran_order" : "shape") + "'");
  f.dtype = parse_dtype(*descr, path);

  // Size from the shape, with overflow checks, compared to the file before any allocation.
  constexpr std::uint64_t kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t count = 1;
  for (const std::int64_t dim : *shape) {
    const auto d = static_cast<std::uint64_t>(dim);
    if (d != 0 && count > kMax / d)
      detail::file_error(path, "shape " + shape_string(*shape) + " is too large");
    count *= d;
  }
  if (count > kMax / f.dtype.size) detail::file_error(path, "shape " + shape_string(*shape) + " is too large");
  const std::uint64_t data_bytes = count * f.dtype.size;
  const std::uint64_t available = file_size - preamble - header_len;
  if (available < data_bytes)
    detail::file_error(path, "truncated: expected " + std::to_string(data_bytes) +
                                 " bytes of data, found " + std::to_string(available));
  if (available > data_bytes)
    detail::file_error(path, "expected " + std::to_string(data_bytes) + " bytes of data, found " +
                                 std::to_string(available) + " (trailing bytes after the array)");
  f.shape = *shape;
  f.descr = *descr;
  f.fortran = *fortran;
  f.count = static_cast<std::size_t>(count);
  return f;
}

// Reads the data section into out[0, count) as doubles, in file order. float64 is read straight into
// `out`; other dtypes go through a bounded staging buffer and are converted exactly.
void read_values(OpenedNpy& f, double* out, const std::filesystem::path& path) {
  if (f.dtype.kind == 'f' && f.dtype.size == 8) {
    f.in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(f.count * sizeof(double)));
    if (!f.in) detail::file_error(path, "read error in the data section");
    return;
  }
  constexpr std::size_t kChunk = std::size_t{1} << 16;  // elements per staging read
  std::vector<char> raw(std::min(f.count, kChunk) * f.dtype.size);
  for (std::size_t done = 0; done < f.count;) {
    const std::size_t m = std::min(kChunk, f.count - done);
    f.in.read(raw.data(), static_cast<std::streamsize>(m * f.dtype.size));
    if (!f.in) detail::file_error(path, "read error in the data section");
    double* dst = out + done;
    const char* src = raw.data();
    switch (f.dtype.kind) {
      case 'f': convert<float>(src, dst, m, path); break;
      case 'b':
        for (std::size_t i = 0; i < m; ++i) dst[i] = src[i] != 0 ? 1.0 : 0.0;
        break;
      case 'i':
        if (f.dtype.size == 1) convert<std::int8_t>(src, dst, m, path);
        if (f.dtype.size == 2) convert<std::int16_t>(src, dst, m, path);
        if (f.dtype.size == 4) convert<std::int32_t>(src, dst, m, path);
        if (f.dtype.size == 8) convert<std::int64_t>(src, dst, m, path);
        break;
      default:  // 'u'
        if (f.dtype.size == 1) convert<std::uint8_t>(src, dst, m, path);
        if (f.dtype.size == 2) convert<std::uint16_t>(src, dst, m, path);
        if (f.dtype.size == 4) convert<std::uint32_t>(src, dst, m, path);
        if (f.dtype.size == 8) convert<std::uint64_t>(src, dst, m, path);
        break;
    }
    done += m;
  }
}

}  // namespace

NpyArray read_npy(const std::filesystem::path& path) {
  OpenedNpy f = open_npy(path);
  NpyArray out;
  out.shape = f.shape;
  out.dtype = f.descr;
  out.data.resize(f.count);
  read_values(f, out.data.data(), path);
  if (f.fortran && out.shape.size() >= 2) out.data = fortran_to_c(out.data, out.shape);
  return out;
}

std::vector<std::int64_t> read_npy_shape(const std::filesystem::path& path) { return open_npy(path).shape; }

NpyLayout read_npy_layout(const std::filesystem::path& path) {
  OpenedNpy f = open_npy(path, false);
  NpyLayout layout;
  layout.shape = f.shape;
  layout.descr = f.descr;
  layout.fortran_order = f.fortran;
  layout.data_offset = static_cast<std::uint64_t>(f.in.tellg());
  return layout;
}

MatD read_npy_matrix(const std::filesystem::path& path) {
  OpenedNpy f = open_npy(path);
  if (f.shape.size() != 2)
    detail::file_error(path, "expected a 2-d array, got shape " + shape_string(f.shape));
  if (f.shape[0] == 0 || f.shape[1] == 0)
    detail::file_error(path, "empty matrix of shape " + shape_string(f.shape));
  const Index rows = f.shape[0];
  const Index cols = f.shape[1];
  // In file order the data section is A column-major (Fortran order) or Aᵀ column-major (C order):
  // read it straight into the matrix's storage, then transpose in place where needed. One buffer,
  // advised onto huge pages before its first touch.
  MatD m = f.fortran ? uninitialised_matrix(rows, cols) : uninitialised_matrix(cols, rows);
  read_values(f, m.data(), path);
  for (Index j = 0; j < m.cols(); ++j) {
    for (Index i = 0; i < m.rows(); ++i) {
      const double v = m(i, j);
      if (std::isfinite(v)) continue;
      const Index r = f.fortran ? i : j;
      const Index c = f.fortran ? j : i;
      detail::file_error(path, std::string(std::isnan(v) ? "NaN" : "Inf") + " at entry (" + std::to_string(r) +
                                   ", " + std::to_string(c) + ")");
    }
  }
  if (f.fortran) return m;
  if (rows == cols) {
    m.transposeInPlace();
    return m;
  }
  MatD t = uninitialised_matrix(rows, cols);
  t = m.transpose();
  return t;
}

namespace {

// Format 1.0 file: magic, version, uint16 header length, header padded with spaces and a final
// '\n' so that the data starts at a multiple of 64 bytes (as numpy writes it).
std::string npy_preamble(const std::string& shape) {
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
  const std::size_t unpadded = kMagicSize + 2 + 2 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  std::string out(kMagic, kMagicSize);
  out += '\x01';
  out += '\x00';
  const std::size_t len = dict.size();
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>((len >> 8) & 0xff);
  return out + dict;
}

void write_rows(std::ostream& os, const MatD& m) {
  std::vector<double> row(static_cast<std::size_t>(m.cols()));
  for (Index i = 0; i < m.rows(); ++i) {
    for (Index j = 0; j < m.cols(); ++j) row[static_cast<std::size_t>(j)] = m(i, j);
    os.write(reinterpret_cast<const char*>(row.data()),
             static_cast<std::streamsize>(row.size() * sizeof(double)));
  }
}

}  // namespace

void write_npy(const std::filesystem::path& path, const MatD& m) {
  const std::string pre = npy_preamble(shape_string({m.rows(), m.cols()}));
  write_file_atomically(path, [&](std::ostream& os) {
    os.write(pre.data(), static_cast<std::streamsize>(pre.size()));
    write_rows(os, m);
  });
}

void write_npy_vector(const std::filesystem::path& path, const VecD& v) {
  const std::string pre = npy_preamble(shape_string({v.size()}));
  write_file_atomically(path, [&](std::ostream& os) {
    os.write(pre.data(), static_cast<std::streamsize>(pre.size()));
    os.write(reinterpret_cast<const char*>(v.data()),
             static_cast<std::streamsize>(v.size() * static_cast<Index>(sizeof(double))));
  });
}

}  // namespace nncert::data
