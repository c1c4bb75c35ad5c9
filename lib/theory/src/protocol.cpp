#include "nncert/theory/protocol.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "nncert/data/section_reader.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::theory {
namespace {

std::string describe(const ParameterSet& set) {
  std::string out;
  Index count = 0;
  for (const auto& [b, e] : set) {
    out += fmt::format("{}[{}, {})", out.empty() ? "" : " ", b, e);
    count += e - b;
  }
  return fmt::format("{} parameters {}", count, out);
}

}  // namespace

ProtocolSpec parse_protocol_spec(const toml::table& table, const std::string& file) {
  const data::SectionReader r(table, "conclusion.protocol", file);
  r.allow_only({"algorithms", "trained"});
  ProtocolSpec spec;
  spec.present = true;
  spec.algorithms = r.optional_string_array("algorithms").value_or(std::vector<std::string>{});
  if (spec.algorithms.empty()) r.fail("algorithms", "must list at least one [train].algorithm");
  spec.trained = r.optional_string("trained").value_or("all");
  if (spec.trained != "all" && spec.trained.rfind("hypothesis:", 0) != 0)
    r.fail("trained", "must be \"all\" or \"hypothesis:<id>\", got \"" + spec.trained + "\"");
  return spec;
}

std::optional<std::string> protocol_mismatch(const ProtocolSpec& spec, int phase, const std::vector<Finding>& findings,
                                             const TrainedProtocol& run, const BlockResolver& resolve) {
  if (!spec.present) return "the theorem file states no [conclusion.protocol]: its conclusion covers no stated training protocol";
  if (std::find(spec.algorithms.begin(), spec.algorithms.end(), run.algorithm) == spec.algorithms.end()) {
    std::string accepted;
    for (const auto& a : spec.algorithms) accepted += (accepted.empty() ? "" : ", ") + a;
    return fmt::format("the conclusion covers [train].algorithm {}, but the run trains with \"{}\"", accepted, run.algorithm);
  }
  // The parameters the certified constants speak about.
  std::string certified_name = "all";
  if (spec.trained != "all") {
    const std::string id = spec.trained.substr(std::string("hypothesis:").size());
    const auto f = std::find_if(findings.begin(), findings.end(), [&](const Finding& x) { return x.hypothesis_id == id; });
    if (f == findings.end()) return fmt::format("the protocol names hypothesis '{}', which the theorem does not have", id);
    const auto d = f->details.find("certified_block");
    if (d == f->details.end()) return fmt::format("hypothesis '{}' does not report which block it certified", id);
    certified_name = d->second;
  }
  const ParameterSet certified = resolve(certified_name);
  std::optional<double> eta;
  bool compared_any = false;
  for (const auto& p : run.phases) {
    if (phase != 0 && p.phase != phase) continue;
    if (p.steps == 0) continue;  // moves nothing
    compared_any = true;
    const ParameterSet trained = resolve(p.block);
    if (trained != certified)
      return fmt::format("the constants are certified for the block '{}' ({}), but {} trains '{}' ({})", certified_name,
                         describe(certified), p.phase == 0 ? "the run" : fmt::format("phase {}", p.phase), p.block,
                         describe(trained));
    if (eta && *eta != p.step_size)
      return fmt::format("the compared phases use different step sizes ({} and {})", *eta, p.step_size);
    eta = p.step_size;
  }
  if (!compared_any)
    return phase == 0 ? std::string("the run takes no step") : fmt::format("the run takes no step in phase {}", phase);
  // A phase-2 conclusion starts after the switch: the start offset check covers the perturbed start.
  // A whole-run conclusion is one uninterrupted run from θ0: a perturbation inside it is not covered.
  if (phase == 0 && run.perturbed)
    return fmt::format("the conclusion is about one uninterrupted run from theta_0, but {} moves theta inside it",
                       run.perturbation);
  return std::nullopt;
}

}  // namespace nncert::theory
