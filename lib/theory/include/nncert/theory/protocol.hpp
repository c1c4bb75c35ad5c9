#pragma once
// A conclusion is a theorem about one training protocol: the dynamics (GD, gradient flow, a
// two-phase recipe), the parameters that move in each phase, and where the compared phase starts.
// The theorem file states the protocol its conclusion covers ([conclusion.protocol]); the run states
// the protocol it trained ([train]). A prediction is made only when the two agree; any difference
// makes it "not applicable", with the difference in words (issue #16, class 1).
//
//   [conclusion.protocol]
//   algorithms = ["kawaguchi-sun-two-phase", "alignment-framework"]   # accepted [train].algorithm
//   trained = "hypothesis:expressivity"   # or "all": the parameters the compared phases may move
//
// "hypothesis:ID" names the hypothesis whose verifier certified its constants for a block S: the
// compared phases must move exactly S (the finding's detail `certified_block`, a block list such as
// "output,output.bias" or "layer:2"), every other parameter frozen.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "nncert/numeric/types.hpp"
#include "nncert/theory/finding.hpp"

namespace nncert::theory {

struct ProtocolSpec {
  bool present = false;                // the theorem file has a [conclusion.protocol]
  std::vector<std::string> algorithms; // accepted [train].algorithm values
  std::string trained = "all";         // "all" or "hypothesis:<id>"
};

// Sorted, disjoint, merged half-open index ranges [begin, end) of θ.
using ParameterSet = std::vector<std::pair<Index, Index>>;

// Parameter indices of a block list ("a,b" or "a+b"); InvalidInput for an unknown block.
using BlockResolver = std::function<ParameterSet(const std::string& block_list)>;

struct TrainedPhase {
  int phase = 0;               // the trajectory's phase column: 0 single-phase, 1 and 2 two-phase
  Index steps = 0;             // steps taken (gradient flow: steps·η is the integration time)
  std::string block;           // the block list as configured ("all", "output", "wide", ...)
  double step_size = 0;        // η of this phase
};

// What [train] trains, phase by phase.
struct TrainedProtocol {
  std::string algorithm;                // [train].algorithm
  std::vector<TrainedPhase> phases;
  bool perturbed = false;               // a switch perturbation may move θ between phase 1 and 2
  std::string perturbation;             // in words, when perturbed
};

// Parses [conclusion.protocol]; `file` prefixes errors.
ProtocolSpec parse_protocol_spec(const toml::table& table, const std::string& file);

// nullopt when the run trains what the conclusion covers; else the first difference in words.
// `phase` is the conclusion's phase (0: the whole run). The compared phases' start is checked
// elsewhere (start_offset against the certified start); here: the algorithm, the parameters moved
// in every compared phase with steps, one step size across them, and no perturbation inside the
// compared run.
std::optional<std::string> protocol_mismatch(const ProtocolSpec& spec, int phase, const std::vector<Finding>& findings,
                                             const TrainedProtocol& run, const BlockResolver& resolve);

// Whether predict() may trust that the conclusion's protocol was compared with the run.
struct ProtocolBinding {
  bool bound = false;          // false: nobody compared the protocol (the prediction is not applicable)
  std::optional<std::string> mismatch;  // bound and different: why
};

}  // namespace nncert::theory
