#include "nncert/data/csv.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <system_error>

#include "file_error.hpp"
#include "nncert/data/admission.hpp"
#include "nncert/data/atomic_file.hpp"

namespace nncert::data {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_cells(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    cells.push_back(trim(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return cells;
}

enum class CellKind { number, not_a_number, empty, non_finite, out_of_range };

CellKind parse_cell(std::string_view cell, double& value) {
  if (cell.empty()) return CellKind::empty;
  if (cell.front() == '+') cell.remove_prefix(1);
  const char* first = cell.data();
  const char* last = first + cell.size();
  const auto [ptr, ec] = std::from_chars(first, last, value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range) return CellKind::out_of_range;
  if (ec != std::errc() || ptr != last) return CellKind::not_a_number;
  if (!std::isfinite(value)) return CellKind::non_finite;
  return CellKind::number;
}

}  // namespace

MatD read_csv_matrix(const std::filesystem::path& path) {
  const std::uint64_t size = require_regular_file(path, kMaxDataFileBytes);
  // The text, the line index and the matrix: at most about three times the file.
  admit(path.string(), {3.0 * static_cast<double>(size), 0, "reading the CSV file"});
  std::ifstream in(path, std::ios::binary);
  if (!in) detail::file_error(path, "cannot open file");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) detail::file_error(path, "read error");

  // Lines, without the trailing blank ones.
  std::vector<std::string_view> lines;
  {
    std::string_view rest(text);
    while (!rest.empty()) {
      const std::size_t nl = rest.find('\n');
      lines.push_back(rest.substr(0, nl));
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
    while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  }
  if (lines.empty()) detail::file_error(path, "empty file (no rows)");

  auto where = [&](std::size_t line, std::size_t col) {
    return std::to_string(line + 1) + ":" + std::to_string(col + 1) + ": ";
  };

  // Header: a first line none of whose cells is a number.
  std::size_t first_data = 0;
  {
    const auto cells = split_cells(lines[0]);
    bool any_number = false;
    for (const auto cell : cells) {
      double v = 0;
      const CellKind k = parse_cell(cell, v);
      any_number = any_number || k == CellKind::number || k == CellKind::non_finite ||
                   k == CellKind::out_of_range;
    }
    if (!any_number) first_data = 1;
  }
  if (first_data >= lines.size()) detail::file_error(path, "no data rows (only a header line)");

  const std::size_t cols = split_cells(lines[0]).size();
  const std::size_t rows = lines.size() - first_data;
  MatD m(static_cast<Index>(rows), static_cast<Index>(cols));
  for (std::size_t li = first_data; li < lines.size(); ++li) {
    const auto cells = split_cells(lines[li]);
    if (cells.size() == 1 && cells[0].empty())
      detail::file_error(path, where(li, 0) + "blank line inside the data");
    if (cells.size() != cols)
      detail::file_error(path, where(li, std::min(cells.size(), cols)) + "ragged row: " +
                                   std::to_string(cells.size()) + " cells, expected " +
                                   std::to_string(cols));
    for (std::size_t c = 0; c < cols; ++c) {
      double v = 0;
      switch (parse_cell(cells[c], v)) {
        case CellKind::number: break;
        case CellKind::empty: detail::file_error(path, where(li, c) + "empty cell");
        case CellKind::non_finite:
          detail::file_error(path, where(li, c) + "non-finite value " + detail::quoted(cells[c]));
        case CellKind::out_of_range:
          detail::file_error(path, where(li, c) + "number out of range " + detail::quoted(cells[c]));
        case CellKind::not_a_number:
          detail::file_error(path, where(li, c) + "not a number: " + detail::quoted(cells[c]));
      }
      m(static_cast<Index>(li - first_data), static_cast<Index>(c)) = v;
    }
  }
  return m;
}

void write_csv(const std::filesystem::path& path, const MatD& m,
               const std::vector<std::string>& header) {
  if (!header.empty() && static_cast<Index>(header.size()) != m.cols())
    detail::file_error(path, "header has " + std::to_string(header.size()) + " names for " +
                                 std::to_string(m.cols()) + " columns");
  write_file_atomically(path, [&](std::ostream& os) {
    if (!header.empty()) {
      for (std::size_t j = 0; j < header.size(); ++j) os << (j > 0 ? "," : "") << header[j];
      os << '\n';
    }
    char buf[64];
    std::string line;
    for (Index i = 0; i < m.rows(); ++i) {
      line.clear();
      for (Index j = 0; j < m.cols(); ++j) {
        if (j > 0) line += ',';
        // 17 significant digits: enough for every double to read back exactly.
        const auto res = std::to_chars(buf, buf + sizeof buf, m(i, j), std::chars_format::general, 17);
        line.append(buf, res.ptr);
      }
      line += '\n';
      os << line;
    }
  });
}

}  // namespace nncert::data
