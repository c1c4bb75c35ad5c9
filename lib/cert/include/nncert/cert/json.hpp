#pragma once
// JSON of enclosures and findings, shared by the command line (`--json`) and the certificate
// (docs/certificates.md#reading-a-certificate-claims-and-information). Bounds are printed so that the decimal text, read back, is still a bound on the
// same side (see json.cpp for the argument).
#include <nlohmann/json.hpp>

#include "nncert/linalg/enclosure.hpp"
#include "nncert/numeric/interval.hpp"
#include "nncert/theory/finding.hpp"
#include "nncert/theory/verify.hpp"

namespace nncert::cert {

// A decimal-safe lower bound: next_down(x) unless x is 0 or an integer of magnitude < 2^53.
double printable_lower(double x);
// A decimal-safe upper bound: next_up(x) unless x is 0 or an integer of magnitude < 2^53.
double printable_upper(double x);

// {"lower", "upper", "certified", "method", "precision_bits"}; infinite bounds print as null.
nlohmann::json to_json(const linalg::Enclosure& e);
// Reads the same shape back (null -> ∓inf); InvalidInput naming `where` on a missing or mistyped field.
linalg::Enclosure enclosure_from_json(const nlohmann::json& j, const std::string& where);
// An Interval [lower, upper] read from an enclosure object.
Interval interval_from_json(const nlohmann::json& j, const std::string& where);

// The finding as `verify --json` prints it: id, verifier, statement, verdict, quantity, enclosure,
// margin, method, precision_bits, seconds, reason, constants, details.
nlohmann::json to_json(const theory::Finding& finding);
// {"theorem", "verdict", "hypotheses": [finding...]}
nlohmann::json to_json(const theory::VerificationReport& report);

}  // namespace nncert::cert
