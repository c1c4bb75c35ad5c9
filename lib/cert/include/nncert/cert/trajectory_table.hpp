#pragma once
// The trajectory as written to trajectory.csv (train::write_trajectory_csv), read back by name. The
// certificate binds these bytes by hash; the confirmation is recomputed from them.
#include <filesystem>
#include <string>
#include <vector>

#include "nncert/theory/theorem.hpp"

namespace nncert::cert {

struct TrajectoryTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;  // "nan" cells are NaN

  bool has(const std::string& column) const;
  // InvalidInput when the column is absent.
  std::vector<double> column(const std::string& name) const;
};

// Parses the CSV text; `where` prefixes messages ("DIR/trajectory.csv:LINE: ...").
TrajectoryTable parse_trajectory_csv(const std::string& text, const std::string& where);

// The points a theorem's conclusion is compared on: rows of its phase (0: every row; 2: rows with
// phase == 2), steps (linear-rate) or times (exponential-decay) counted from the phase's first row.
struct ComparedSeries {
  std::vector<double> steps;   // relative step or time
  std::vector<double> losses;
  double first_step = 0;       // absolute step of the first compared row
  double first_time = 0;       // absolute time of the first compared row
  std::vector<double> absolute_steps;
  std::vector<double> absolute_times;
  // ||θ − θ0|| at the first compared row (NaN when not recorded): the verifiers certify constants at
  // θ0, so a phase that starts elsewhere (after phase 1 or a perturbation) is not covered by them.
  double start_offset = 0;
};
ComparedSeries compared_series(const TrajectoryTable& table, const theory::ConclusionSpec& conclusion);

}  // namespace nncert::cert
