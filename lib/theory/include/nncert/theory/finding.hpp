#pragma once
// The outcome of checking one hypothesis.
#include <map>
#include <string>

#include "nncert/linalg/enclosure.hpp"
#include "nncert/numeric/verdict.hpp"

namespace nncert::theory {

struct Finding {
  std::string hypothesis_id;
  std::string verifier;
  std::string statement;
  Verdict verdict = Verdict::inconclusive;
  std::string quantity;         // what the enclosure bounds, e.g. "lambda_min(Theta(X,X))"
  linalg::Enclosure enclosure;  // of `quantity`
  // Certified distance from the hypothesis' threshold (e.g. the lower end of λ_min for "λ_min > 0");
  // negative when refuted, 0 when there is nothing to measure.
  double margin = 0;
  std::string method;
  int precision_bits = 53;
  double seconds = 0;
  std::string reason;  // why this verdict, in words (always set for refuted and inconclusive)
  // Named constants the conclusion may use (e.g. "lambda0", "mu"), each an enclosure. Only certified
  // enclosures may feed a certified prediction.
  std::map<std::string, linalg::Enclosure> constants;
  // Diagnostics shown in the report (e.g. condition numbers, per-layer ranks).
  std::map<std::string, std::string> details;
};

}  // namespace nncert::theory
