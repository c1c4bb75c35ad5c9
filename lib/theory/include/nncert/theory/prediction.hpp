#pragma once
// What a theorem promises once its hypotheses are certified, and whether a training run kept the
// promise.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nncert/linalg/enclosure.hpp"
#include "nncert/numeric/interval.hpp"
#include "nncert/theory/finding.hpp"
#include "nncert/theory/theorem.hpp"

namespace nncert::theory {

struct Prediction {
  std::string kind;      // ConclusionSpec::kind
  std::string formula;   // e.g. "L_t <= L_0 * (1 - eta * lambda0 / 2)^t"
  std::string statement;
  bool applicable = false;  // false: some hypothesis is not certified, or a constant is missing
  // An infinite-width theorem whose width condition is not certified for this net: the envelope is
  // computed and compared for information, but decides nothing (applicable stays false).
  bool heuristic = false;
  std::string reason;       // why not applicable (heuristic: why only a heuristic, with the widths)
  Interval rate{0, 0};      // enclosure of the rate expression
  Interval initial_loss{0, 0};
  std::map<std::string, linalg::Enclosure> constants;  // every named quantity used, and "rate"
  double floor = 0;         // losses below floor·L_0 are not compared
  double target = 0;        // global-minimum: final loss <= target·L_0 confirms
  // Upper bound of the number of steps (or flow time) after which the envelope is below 1e-3·L_0;
  // +inf when the envelope never gets there.
  double horizon_1e3 = 0;
  bool vacuous = false;     // certified but useless: horizon_1e3 > 1e9

  // Rigorous upper envelope of the loss at step (or time) t: L_0^up · rate^up^t (linear rate) or
  // L_0^up · exp(−rate^lo · t) (exponential decay), evaluated with outward rounding.
  double envelope(double t) const;
};

// Builds the prediction. `protocol` says whether the training protocol ([train]) was compared with
// the one the conclusion covers (protocol.hpp): unbound or different, the prediction is not
// applicable, with the difference as its reason. `run_quantities` are the run's own exact or enclosed quantities: "eta" (the
// step size), "L0" (initial loss enclosure), "n", ..., and optionally "start_offset" (||θ − θ0|| where
// the compared phase starts: anything but 0 makes the prediction not applicable, unless a certified
// finding reports `phase2_start_offset`, the offset of the point where it certified its constants, and
// the run's offset lies within that enclosure). Every finding's certified constants join them;
// a constant from an uncertified finding makes the prediction not applicable.
Prediction predict(const Theorem& theorem, const std::vector<Finding>& findings,
                   const std::map<std::string, Interval>& run_quantities, const ProtocolBinding& protocol);

// confirmed: the run stayed within the envelope (or reached a rate-free theorem's target);
// violated: the theorem's own prediction was contradicted (only a rate can be contradicted by a run);
// not_reached: the run is too short to compare (a rate-free target not reached, or no compared
// point), which contradicts nothing; not_applicable: no prediction, or a heuristic one.
enum class ConfirmationVerdict { confirmed, violated, not_reached, not_applicable };
std::string_view to_string(ConfirmationVerdict verdict);

struct Confirmation {
  ConfirmationVerdict verdict = ConfirmationVerdict::not_applicable;
  double worst_ratio = 0;                    // max observed / envelope over compared points
  std::optional<double> first_violation;     // step (or time) of the first observed > envelope
  std::size_t points_compared = 0;
  std::string reason;
};

// Compares the losses with the envelope at every given step/time (the caller passes every step of
// the run, not only recorded rows). A loss above the envelope at any compared point is a violation;
// points below floor·L_0 are skipped. A heuristic prediction is compared too, for information: the
// verdict then stays not_applicable and the reason says what the comparison showed.
Confirmation confirm(const Prediction& prediction, const std::vector<double>& steps,
                     const std::vector<double>& losses);

}  // namespace nncert::theory
