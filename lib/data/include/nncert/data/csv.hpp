#pragma once
// Comma-separated numeric matrices.
//
// Format read: one row per line ('\n' or "\r\n"), cells separated by ',', surrounding blanks ignored,
// numbers in the syntax of std::from_chars (general format; a leading '+' is accepted). The first
// line may be a header of names: it is one when none of its cells is a number, and it must have as
// many cells as the data rows. Blank lines are allowed only at the end of the file. Rejected with
// InvalidInput "F.csv:LINE:COL: <problem>" (LINE and COL 1-based, COL counts cells): ragged rows,
// non-numeric or empty cells, NaN, Inf, out-of-range numbers, a file without data rows.
#include <filesystem>
#include <string>
#include <vector>

#include "nncert/numeric/types.hpp"

namespace nncert::data {

MatD read_csv_matrix(const std::filesystem::path& path);

// Writes `m` with 17 significant digits (round-trips every double exactly), optionally preceded by
// a header line (its size must equal m.cols()); atomically.
void write_csv(const std::filesystem::path& path, const MatD& m,
               const std::vector<std::string>& header = {});

}  // namespace nncert::data
