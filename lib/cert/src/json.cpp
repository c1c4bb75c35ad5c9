#include "nncert/cert/json.hpp"

#include <cmath>

#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::cert {
namespace {
// Printed exactly: 0 and integers below 2^53 are written by the serializer as their exact decimal.
bool prints_exactly(double x) { return x == 0 || (std::abs(x) < 0x1p53 && std::trunc(x) == x); }

double bound_from_json(const nlohmann::json& j, const char* key, double if_null, const std::string& where) {
  if (!j.contains(key)) throw InvalidInput(fmt::format("{}: missing field '{}'", where, key));
  const auto& v = j.at(key);
  if (v.is_null()) return if_null;
  if (!v.is_number()) throw InvalidInput(fmt::format("{}: field '{}' must be a number or null", where, key));
  return v.get<double>();
}
}  // namespace

// Why next_down(L) is safe to print for a lower bound L. nlohmann-json writes the shortest decimal d
// that reads back to v = next_down(L) (round-trip; Grisu2 with a fallback, so d always parses to v).
// Reading d back rounds to nearest, so d lies within the rounding interval of v, whose upper end is
// the midpoint (v + L)/2 < L (a tie at that midpoint goes to the even neighbour, still <= it).
// Hence d < L, and d is a valid lower bound of whatever L bounds. Symmetric for upper bounds.
double printable_lower(double x) {
  if (!std::isfinite(x) || prints_exactly(x)) return x;
  return next_down(x);
}

double printable_upper(double x) {
  if (!std::isfinite(x) || prints_exactly(x)) return x;
  return next_up(x);
}

nlohmann::json to_json(const linalg::Enclosure& e) {
  nlohmann::json j;
  const double lo = printable_lower(e.lower), hi = printable_upper(e.upper);
  j["lower"] = std::isfinite(lo) ? nlohmann::json(lo) : nlohmann::json(nullptr);
  j["upper"] = std::isfinite(hi) ? nlohmann::json(hi) : nlohmann::json(nullptr);
  j["certified"] = e.certified;
  j["method"] = e.method;
  j["precision_bits"] = e.precision_bits;
  return j;
}

linalg::Enclosure enclosure_from_json(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) throw InvalidInput(where + ": an enclosure must be an object");
  linalg::Enclosure e;
  e.lower = bound_from_json(j, "lower", -kInf, where);
  e.upper = bound_from_json(j, "upper", kInf, where);
  if (!j.contains("certified") || !j.at("certified").is_boolean())
    throw InvalidInput(where + ": field 'certified' must be true or false");
  e.certified = j.at("certified").get<bool>();
  if (j.contains("method") && j.at("method").is_string()) e.method = j.at("method").get<std::string>();
  if (j.contains("precision_bits") && j.at("precision_bits").is_number_integer())
    e.precision_bits = j.at("precision_bits").get<int>();
  return e;
}

Interval interval_from_json(const nlohmann::json& j, const std::string& where) {
  const linalg::Enclosure e = enclosure_from_json(j, where);
  return Interval(e.lower, e.upper);
}

nlohmann::json to_json(const theory::Finding& f) {
  nlohmann::json constants = nlohmann::json::object();
  for (const auto& [name, e] : f.constants) constants[name] = to_json(e);
  return {{"id", f.hypothesis_id},
          {"verifier", f.verifier},
          {"statement", f.statement},
          {"verdict", std::string(to_string(f.verdict))},
          {"quantity", f.quantity},
          {"enclosure", to_json(f.enclosure)},
          {"margin", f.margin},
          {"method", f.method},
          {"precision_bits", f.precision_bits},
          {"seconds", f.seconds},
          {"reason", f.reason},
          {"constants", constants},
          {"details", f.details}};
}

nlohmann::json to_json(const theory::VerificationReport& r) {
  nlohmann::json hyps = nlohmann::json::array();
  for (const auto& f : r.findings) hyps.push_back(to_json(f));
  return {{"theorem", r.theorem.id}, {"verdict", std::string(to_string(r.verdict))}, {"hypotheses", hyps}};
}

}  // namespace nncert::cert
