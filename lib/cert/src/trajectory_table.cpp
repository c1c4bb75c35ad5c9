#include "nncert/cert/trajectory_table.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"

namespace nncert::cert {
namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::stringstream ss(line);
  while (std::getline(ss, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

double parse_cell(const std::string& cell, const std::string& where, std::size_t line) {
  if (cell == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (cell == "inf") return std::numeric_limits<double>::infinity();
  if (cell == "-inf") return -std::numeric_limits<double>::infinity();
  double v = 0;
  const auto* end = cell.data() + cell.size();
  const auto r = std::from_chars(cell.data(), end, v);
  if (cell.empty() || r.ec != std::errc() || r.ptr != end)
    throw InvalidInput(fmt::format("{}:{}: '{}' is not a number", where, line, cell));
  return v;
}

}  // namespace

bool TrajectoryTable::has(const std::string& name) const {
  for (const auto& c : columns)
    if (c == name) return true;
  return false;
}

std::vector<double> TrajectoryTable::column(const std::string& name) const {
  for (std::size_t j = 0; j < columns.size(); ++j)
    if (columns[j] == name) {
      std::vector<double> out;
      out.reserve(rows.size());
      for (const auto& r : rows) out.push_back(r[j]);
      return out;
    }
  throw InvalidInput(fmt::format("trajectory: no column '{}'", name));
}

TrajectoryTable parse_trajectory_csv(const std::string& text, const std::string& where) {
  TrajectoryTable t;
  std::stringstream in(text);
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto cells = split(line);
    if (t.columns.empty()) {
      t.columns = std::move(cells);
      continue;
    }
    if (cells.size() != t.columns.size())
      throw InvalidInput(fmt::format("{}:{}: {} cells, the header has {}", where, number, cells.size(), t.columns.size()));
    std::vector<double> row;
    row.reserve(cells.size());
    for (const auto& c : cells) row.push_back(parse_cell(c, where, number));
    t.rows.push_back(std::move(row));
  }
  if (t.columns.empty()) throw InvalidInput(where + ": empty trajectory");
  for (const char* required : {"step", "time", "phase", "loss"})
    if (!t.has(required)) throw InvalidInput(fmt::format("{}: no column '{}'", where, required));
  return t;
}

ComparedSeries compared_series(const TrajectoryTable& table, const theory::ConclusionSpec& conclusion) {
  ComparedSeries s;
  const auto steps = table.column("step"), times = table.column("time"), phases = table.column("phase"),
             losses = table.column("loss");
  bool started = false;
  for (std::size_t i = 0; i < losses.size(); ++i) {
    if (conclusion.phase != 0 && phases[i] != conclusion.phase) continue;
    if (!started) {
      s.first_step = steps[i];
      s.first_time = times[i];
      s.start_offset = table.has("distance_from_init") ? table.column("distance_from_init")[i] : std::nan("");
      started = true;
    }
    // Exponential decay speaks about flow time; the other kinds about GD steps.
    s.steps.push_back(conclusion.kind == "exponential-decay" ? times[i] - s.first_time : steps[i] - s.first_step);
    s.losses.push_back(losses[i]);
    s.absolute_steps.push_back(steps[i]);
    s.absolute_times.push_back(times[i]);
  }
  return s;
}

}  // namespace nncert::cert
