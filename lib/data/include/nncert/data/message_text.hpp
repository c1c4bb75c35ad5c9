#pragma once
// Text that goes into a one-line error message: whatever the input held, the message stays one
// printable line of bounded length.
#include <cstddef>
#include <string>
#include <string_view>

namespace nncert::data {

// `value` with control bytes (and DEL) written as \n, \t, \r or \xNN and, when longer than
// `max_chars`, its middle replaced by "...(N bytes elided)...".
std::string printable_excerpt(std::string_view value, std::size_t max_chars);

// A whole error message made safe to print as one line: control bytes escaped, every quoted
// ('...') stretch longer than 200 characters elided, and the whole capped at 1000 characters.
std::string one_line_message(std::string_view message);

}  // namespace nncert::data
