#pragma once
// Every item of the floating-point environment check, with what was observed, for `nncert env`: the
// assumptions of docs/floating-point.md as this process finds them. check_fp_environment() gives the
// one-line verdict; this gives the evidence behind it.
#include <string>
#include <vector>

namespace nncert {

struct FpEnvironmentItem {
  std::string name;      // e.g. "rounding mode"
  bool ok = false;       // what a certificate needs
  std::string observed;  // what this process found, in words
};

std::vector<FpEnvironmentItem> describe_fp_environment();

}  // namespace nncert
