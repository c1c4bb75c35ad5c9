#pragma once
// A Verifier checks one kind of condition (docs/design.md#layers: one file per condition under verifiers/)
// and returns a Finding. Verifiers register themselves by name:
//
//   namespace { const nncert::theory::VerifierRegistration<MyVerifier> registration; }
//
// Contract: "certified" and "refuted" are proofs about the given data, model and θ (rounding
// included); a numerical failure to decide is "inconclusive", never "refuted"; an assumption of the
// theorem on the data that does not hold is "refuted" with its reason. Bad parameters throw
// InvalidInput naming the hypothesis and the key.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "nncert/data/dataset.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/theory/finding.hpp"
#include "nncert/theory/theorem.hpp"

namespace nncert::theory {

struct VerificationContext {
  const data::ProblemFile& problem;
  const data::Dataset& data;
  const models::ModelConfig& model;
  const HypothesisSpec& hypothesis;
  // The problem's [verify] table (user choices such as `block = "output"`), or an empty table.
  const toml::table& verify_options;
};

class Verifier {
 public:
  virtual ~Verifier() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view description() const = 0;
  // Fills verdict, quantity, enclosure, margin, method, precision_bits, reason, constants, details;
  // the caller fills hypothesis_id, verifier, statement and seconds.
  virtual Finding check(const VerificationContext& context) const = 0;
  // The parameters a problem's [verify] table may set: choices under which the hypothesis still
  // asserts what the theorem needs (which block, which start point, a reported-only constant). Every
  // other parameter is fixed by the theorem file (proofs/); verify() rejects any other [verify] key.
  virtual std::vector<std::string_view> problem_options() const { return {}; }
  // The parameters a theorem file may give this verifier besides problem_options(); verify() rejects
  // any other key of a hypothesis' `params` (a typo would otherwise silently keep a default).
  virtual std::vector<std::string_view> theorem_parameters() const { return {}; }
};

void register_verifier(std::unique_ptr<Verifier> verifier);
// InvalidInput "unknown verifier 'x' (known: ...)" when absent.
const Verifier& find_verifier(std::string_view name);
std::vector<const Verifier*> registered_verifiers();  // sorted by name

template <class V>
struct VerifierRegistration {
  VerifierRegistration() { register_verifier(std::make_unique<V>()); }
};

// A parameter of the hypothesis; the problem's [verify] table overrides it only for the verifier's
// problem_options().
const toml::node* parameter(const VerificationContext& context, std::string_view key);

}  // namespace nncert::theory
