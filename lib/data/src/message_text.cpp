#include "nncert/data/message_text.hpp"

#include <cstdio>

namespace nncert::data {
namespace {

constexpr std::size_t kMaxQuotedChars = 200;
constexpr std::size_t kMaxMessageChars = 1000;

std::string escape_controls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

// Elides the middle of `s` (already escaped) so that it has about `max_chars` characters.
std::string elide(const std::string& s, std::size_t max_chars) {
  if (s.size() <= max_chars) return s;
  const std::size_t keep_head = max_chars * 3 / 4;
  const std::size_t keep_tail = max_chars - keep_head;
  // Cut on byte boundaries that are not inside a UTF-8 sequence or an escape, roughly: step back
  // over continuation bytes so that no multi-byte character is split.
  std::size_t head = keep_head;
  while (head > 0 && (static_cast<unsigned char>(s[head]) & 0xC0) == 0x80) --head;
  std::size_t tail = s.size() - keep_tail;
  while (tail < s.size() && (static_cast<unsigned char>(s[tail]) & 0xC0) == 0x80) ++tail;
  return s.substr(0, head) + "...(" + std::to_string(tail - head) + " bytes elided)..." + s.substr(tail);
}

}  // namespace

std::string printable_excerpt(std::string_view value, std::size_t max_chars) {
  return elide(escape_controls(value), max_chars);
}

std::string one_line_message(std::string_view message) {
  const std::string text = escape_controls(message);
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('\'', i);
    if (open == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    const std::size_t close = text.find('\'', open + 1);
    if (close == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, open + 1 - i);
    out += elide(text.substr(open + 1, close - open - 1), kMaxQuotedChars);
    out += '\'';
    i = close + 1;
  }
  return elide(out, kMaxMessageChars);
}

}  // namespace nncert::data
