#pragma once
// A theorem is data: its hypotheses (each checked by a named verifier with parameters) and its
// conclusion (the envelope it predicts once every hypothesis is certified). Theorems live in
// proofs/<paper>-<theorem>.toml beside a Markdown statement; the id "arora-2019/ntk-gram" names the
// file proofs/arora-2019-ntk-gram.toml.
//
//   id = "arora-2019/ntk-gram"
//   title = "..."; paper = "..."; spec = "docs/theorems/arora-2019-ntk-gram.md"; statement = "arora-2019-ntk-gram.md"
//   [[hypothesis]]  id = "..."  verifier = "ntk_gram"  statement = "..."  [hypothesis.params] ...
//   [conclusion]    kind = "linear-rate"  rate = "1 - eta * lambda0 / 2"  statement = "..."
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "nncert/theory/expression.hpp"
#include "nncert/theory/protocol.hpp"

namespace nncert::theory {

struct HypothesisSpec {
  std::string id;         // unique within the theorem
  std::string verifier;   // registered verifier name (verifier.hpp)
  std::string statement;  // the condition in words and symbols
  toml::table params;     // verifier parameters from the theorem file
};

// What the theorem promises for the training loss once every hypothesis is certified.
//   linear-rate:       L_t <= L_0 · rate^t for GD steps t (rate an expression over the findings' constants)
//   exponential-decay: L(t) <= L_0 · exp(-rate · t) for gradient-flow time t
//   global-minimum:    no rate; every limit point is a global minimum (only reported)
struct ConclusionSpec {
  std::string kind = "global-minimum";
  std::string statement;
  std::optional<Expression> rate;
  std::map<std::string, Expression> constants;  // extra named constants reported with the prediction
  // Losses below floor·L_0 are not compared (rounding noise dominates there, docs/theorems/arora-2019-ntk-gram.md).
  double floor = 1e-20;
  // Side conditions of the rate on the run (e.g. a step-size limit), each an expression that must be
  // certified >= 0, such as "n / lambda_max_G - eta". Otherwise the prediction is not applicable.
  std::vector<Expression> conditions;
  // Training phase the conclusion speaks about (0: the whole run; 2: phase 2 of a two-phase recipe,
  // with steps counted from the phase's first recorded step).
  int phase = 0;
  // global-minimum: the run confirms the theorem's promise when its final loss is <= target·L_0.
  double target = 1e-6;
  // The training protocol the conclusion covers ([conclusion.protocol], protocol.hpp).
  ProtocolSpec protocol;
  // An infinite-width theorem (regime = "infinite-width") speaks about a finite net only above a
  // width: `width_required` (an expression over the run's quantities, e.g. "n^6 / lambda0^4") times
  // a constant the paper leaves unspecified unless width_constant_known. Where the width condition is
  // not certified (width >= required, with a known constant) the prediction is only a HEURISTIC: it
  // is shown, with the required and the actual width, but decides nothing (issue #16, class 3).
  std::string regime = "finite";
  std::optional<Expression> width_required;
  bool width_constant_known = false;
  // Conditions along the run that the conclusion's derivation needs and that no verifier certifies
  // (e.g. "lambda_min(H(W_t)) >= lambda_min(H(W_0))/2 for every t"), in words. A conclusion that
  // assumes anything is a HEURISTIC for the run, like an uncertified width condition: its envelope is
  // shown, with the assumption, and decides nothing.
  std::vector<std::string> assumes;
};

struct Theorem {
  std::string id;
  std::string title;
  std::string paper;
  std::string spec;            // docs page the theorem is encoded from
  std::string statement_file;  // the Markdown statement beside the .toml
  std::vector<HypothesisSpec> hypotheses;
  ConclusionSpec conclusion;
  std::filesystem::path file;
};

// Parses one theorem file; InvalidInput naming the file, key and line on any error.
Theorem load_theorem(const std::filesystem::path& file);

// The catalogue directory: $NNCERT_PROOFS_DIR; else PREFIX/share/nncert/proofs beside an installed
// executable; else the source tree's proofs/; else the configured install location.
std::filesystem::path proofs_dir();

// A theorem id ("arora-2019/ntk-gram") or a path to a .toml file; InvalidInput "unknown theorem"
// listing the known ids otherwise.
Theorem find_theorem(const std::string& id_or_path);

// Every theorem of the catalogue, sorted by id.
std::vector<Theorem> list_theorems();

}  // namespace nncert::theory
