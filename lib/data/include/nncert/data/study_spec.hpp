#pragma once
// The [study] section of a problem file (docs/problem-files.md#study-parameter-sweeps): one or two keys
// of the problem swept over lists of values. Each point of the sweep is the problem file itself with
// those keys replaced, and is checked and loaded exactly as a problem file would be.
//
//   [study]
//   key = "model.widths.1"        # SECTION.KEY, or SECTION.KEY.INDEX for one entry of an array
//   values = [4, 8, 16, 32]
//   key2 = "data.n"               # optional second axis: the points are every pair
//   values2 = [8, 16]
//   train = false                 # also train and confirm at each point (prove)
//   log_x = false                 # the figures' first axis on a log scale
//   claim = "..."                 # what the paper claims, shown beside the outcome in the report
//   verify = true                 # false (with train = true): train only, no hypothesis verified
//   kernel_reference = "ntk"      # or ["ntk", "nngp"]: the kernel's regression accuracy on the same
//                                 # train/test split, once, as a reference line (needs train = true)
//   kernel_reference_gd = false   # also the kernel's gradient descent for the [train] steps and
//                                 # step size: the infinite-width net trained as long
//
// Only [data], [model] and [train] keys may be swept, each must already be in the problem, and every
// value must have its type (an integer may stand for a float): a study is a set of problem files the
// user could have written, never a way past the parsers.
#include <cstddef>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "nncert/data/problem_file.hpp"

namespace nncert::data {

struct StudyAxis {
  std::string key;         // as written: "model.widths.1"
  std::string section;     // "model"
  std::string name;        // "widths"
  long index = -1;         // the array entry, or -1 for the whole value
  toml::array values;      // at least one
};

struct StudySpec {
  std::vector<StudyAxis> axes;  // one or two
  bool train = false;
  bool log_x = false;
  std::string claim;            // the paper's claim in the user's words (shown, never checked)
  // false: the points are trained (train = true) but no hypothesis is verified, for empirical sweeps
  // whose verifiers do not fit the budget (a finite net's Jacobian has n·k rows).
  bool verify = true;
  // Kernels ("ntk", "nngp", "cntk", "cntk-gap") whose kernel-regression test accuracy on the problem's
  // train/test split is computed once and drawn beside the trained nets' accuracies.
  std::vector<std::string> kernel_references;
  // Also each kernel's gradient descent for [train] steps of [train] step_size from f = 0: the
  // infinite-width net trained as long as the finite ones (needs kernel_reference).
  bool kernel_reference_gd = false;
  std::size_t points() const;   // the product of the axes' value counts
};

// The [study] section; InvalidInput "FILE:LINE: [study] ..." naming the key on any problem.
StudySpec parse_study(const ProblemFile& problem);

// Point `point` (0 <= point < spec.points(), the first axis varying fastest): the problem file without
// [study] and with each axis' key set to its value, as the TOML text a user would have written. The
// result keeps the original path, so relative data paths resolve as before; its keys are checked.
ProblemFile study_point(const ProblemFile& problem, const StudySpec& spec, std::size_t point);

// The value of each axis at `point`, as TOML text ("16", "[784, 64, 1]"), and as a number when it is
// one (NaN otherwise).
std::vector<std::string> study_point_values(const StudySpec& spec, std::size_t point);
std::vector<double> study_point_numbers(const StudySpec& spec, std::size_t point);

}  // namespace nncert::data
