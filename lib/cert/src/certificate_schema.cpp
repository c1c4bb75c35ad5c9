#include "nncert/cert/certificate_schema.hpp"

#include <initializer_list>

#include <fmt/format.h>

#include "nncert/cert/bounded_json.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::cert {
namespace {

using nlohmann::json;

// The JSON types a field may have. `shape_list` is model.shape: an array of integers (widths) or an
// object of named integers (RFF-ResNet dimensions).
enum class Kind { string, integer, number, boolean, object, array, map, shape_list };

struct Shape;
struct Field {
  const char* key;
  const Shape* shape;
  bool nullable = false;
  bool optional = false;
};
// An object lists its fields (closed: nothing else is allowed); an array and a map (an object with
// free keys, e.g. named constants) give the shape of their elements.
struct Shape {
  Kind kind;
  std::vector<Field> fields = {};
  const Shape* element = nullptr;
};

const Shape kString{Kind::string}, kInteger{Kind::integer}, kNumber{Kind::number}, kBoolean{Kind::boolean},
    kShapeList{Kind::shape_list};
const Shape kStrings{Kind::array, {}, &kString};
const Shape kNumbers{Kind::array, {}, &kNumber};
const Shape kStringMap{Kind::map, {}, &kString};

// linalg::Enclosure as json.hpp writes it; a null bound is infinite.
const Shape kEnclosure{Kind::object,
                       {{"lower", &kNumber, true},
                        {"upper", &kNumber, true},
                        {"certified", &kBoolean},
                        {"method", &kString},
                        {"precision_bits", &kInteger}}};
const Shape kEnclosureMap{Kind::map, {}, &kEnclosure};

const Shape kConclusion{Kind::object,
                        {{"kind", &kString},
                         {"statement", &kString},
                         {"rate", &kString, true},
                         {"conditions", &kStrings},
                         {"phase", &kInteger},
                         {"floor", &kNumber},
                         {"target", &kNumber}}};

const Shape kTheorem{Kind::object,
                     {{"id", &kString},
                      {"title", &kString},
                      {"paper", &kString},
                      {"spec", &kString},
                      {"file_sha256", &kString},
                      {"conclusion", &kConclusion}}};

const Shape kProblem{Kind::object, {{"path", &kString}, {"text", &kString}, {"sha256", &kString}}};

const Shape kData{Kind::object,
                  {{"source", &kString},
                   {"name", &kString},
                   {"n", &kInteger},
                   {"d", &kInteger},
                   {"k", &kInteger},
                   {"sha256_x", &kString},
                   {"sha256_y", &kString}}};

const Shape kModel{Kind::object,
                   {{"kind", &kString},
                    {"shape", &kShapeList},
                    {"seed", &kInteger},
                    {"num_params", &kInteger},
                    {"sha256_theta0", &kString}}};

// witness.hpp: which matrix the checker rebuilds; keys depend on the kind of matrix.
const Shape kWitness{Kind::object,
                     {{"matrix", &kString},
                      {"claim", &kString},
                      {"block", &kString, false, true},
                      {"at", &kString, false, true},
                      {"bound", &kNumber, false, true},
                      {"kernel", &kString, false, true},
                      {"scaling", &kString, false, true},
                      {"cntk_depth", &kInteger, false, true},
                      {"filter", &kInteger, false, true},
                      {"fix_first_last", &kBoolean, false, true}}};

const Shape kHypothesis{Kind::object,
                        {{"id", &kString},
                         {"verifier", &kString},
                         {"statement", &kString},
                         {"verdict", &kString},
                         {"quantity", &kString},
                         {"enclosure", &kEnclosure},
                         {"margin", &kNumber},
                         {"method", &kString},
                         {"precision_bits", &kInteger},
                         {"seconds", &kNumber},
                         {"reason", &kString},
                         {"constants", &kEnclosureMap},
                         {"details", &kStringMap},
                         {"witness", &kWitness, true}}};
const Shape kHypotheses{Kind::array, {}, &kHypothesis};

const Shape kPrediction{Kind::object,
                        {{"kind", &kString},
                         {"formula", &kString},
                         {"statement", &kString},
                         {"applicable", &kBoolean},
                         {"heuristic", &kBoolean},
                         {"reason", &kString},
                         {"rate", &kEnclosure},
                         {"initial_loss", &kEnclosure},
                         {"constants", &kEnclosureMap},
                         {"run_quantities", &kEnclosureMap},
                         {"floor", &kNumber},
                         {"target", &kNumber},
                         {"horizon_1e3", &kNumber, true},
                         {"vacuous", &kBoolean},
                         {"phase", &kInteger},
                         {"step_size", &kNumber}}};

// [train] prune_keep: the trained net pruned to `keep` nodes (train/pruning.hpp), one entry per count.
// Informational like the rest of "evaluation", which `check` drops whole (without_informational).
const Shape kPrunedEvaluation{Kind::object,
                              {{"keep", &kInteger},
                               {"train_loss", &kNumber, true},
                               {"train_accuracy", &kNumber, true},
                               {"test_loss", &kNumber, true},
                               {"test_accuracy", &kNumber, true}}};
const Shape kPruning{Kind::array, {}, &kPrunedEvaluation};

// Generalisation observed in the run (informational: never a claim, never compared by `check`).
const Shape kEvaluation{Kind::object,
                        {{"train_accuracy", &kNumber, true},
                         {"test_rows", &kInteger},
                         {"test_loss", &kNumber, true},
                         {"test_accuracy", &kNumber, true},
                         {"pruning", &kPruning, false, true}}};

const Shape kSummary{Kind::object,
                     {{"rows", &kInteger},
                      {"algorithm", &kString},
                      {"block", &kString},
                      {"steps", &kInteger},
                      {"step_size", &kNumber},
                      {"step_size_rule", &kString},
                      {"phase2_step_size", &kNumber, true},
                      {"phase2_step_size_rule", &kString},
                      {"tau", &kInteger},
                      {"gradient_evaluations", &kInteger},
                      {"threads", &kInteger},
                      {"outcome", &kString},
                      {"initial_loss", &kNumber, true},
                      {"final_loss", &kNumber, true},
                      {"notes", &kStrings},
                      {"evaluation", &kEvaluation},
                      {"node_movement", &kNumbers, false, true},
                      {"node_scale", &kNumbers, false, true}}};

const Shape kTrajectory{Kind::object,
                        {{"file", &kString},
                         {"sha256", &kString},
                         {"steps_file", &kString},
                         {"steps_sha256", &kString},
                         {"summary", &kSummary}}};

const Shape kConfirmation{Kind::object,
                          {{"verdict", &kString},
                           {"worst_ratio", &kNumber, true},
                           {"first_violation_step", &kNumber, true},
                           {"points_compared", &kInteger},
                           {"reason", &kString}}};

const Shape kStrength{Kind::object, {{"grade", &kString}, {"reason", &kString}}};

const Shape kEnvironment{Kind::object,
                         {{"version", &kString},
                          {"git", &kString},
                          {"compiler", &kString},
                          {"eigen", &kString},
                          {"boost", &kString},
                          {"blas", &kString},
                          {"threads", &kInteger}}};

const Shape kCertificate{Kind::object,
                         {{"schema", &kString},
                          {"theorem", &kTheorem},
                          {"problem", &kProblem},
                          {"data", &kData},
                          {"model", &kModel},
                          {"hypotheses", &kHypotheses},
                          {"verdict", &kString},
                          {"prediction", &kPrediction},
                          {"trajectory", &kTrajectory},
                          {"confirmation", &kConfirmation},
                          {"strength", &kStrength},
                          {"exit_code", &kInteger},
                          {"environment", &kEnvironment},
                          {"created", &kString}}};

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::string: return "a string";
    case Kind::integer: return "an integer";
    case Kind::number: return "a number";
    case Kind::boolean: return "true or false";
    case Kind::object: return "an object";
    case Kind::array: return "an array";
    case Kind::map: return "an object";
    case Kind::shape_list: return "an array or object of integers";
  }
  return "?";
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

class Validator {
 public:
  explicit Validator(std::string where) : where_(std::move(where)) {}

  void value(const json& v, const Shape& s, const std::string& path) const {
    if (!has_kind(v, s.kind)) fail(path, fmt::format("must be {}, found {}", kind_name(s.kind), v.is_null() ? "null" : v.type_name()));
    if (s.kind == Kind::object) {
      for (const auto& [key, item] : v.items())
        if (!declared(s, key)) fail(join(path, elided_for_message(key, 40)), "is not a field of the certificate schema");
      for (const Field& f : s.fields) {
        const std::string p = join(path, f.key);
        if (!v.contains(f.key)) {
          if (!f.optional) fail(p, "is missing");
          continue;
        }
        const json& item = v.at(f.key);
        if (item.is_null() && f.nullable) continue;
        value(item, *f.shape, p);
      }
    } else if (s.kind == Kind::array) {
      for (std::size_t i = 0; i < v.size(); ++i) value(v[i], *s.element, fmt::format("{}[{}]", path, i));
    } else if (s.kind == Kind::map) {
      for (const auto& [key, item] : v.items()) value(item, *s.element, join(path, elided_for_message(key, 40)));
    } else if (s.kind == Kind::shape_list) {
      for (const auto& [key, item] : v.items())
        if (!item.is_number_integer()) fail(join(path, key), fmt::format("must be an integer, found {}", item.type_name()));
    }
  }

 private:
  static bool has_kind(const json& v, Kind k) {
    switch (k) {
      case Kind::string: return v.is_string();
      case Kind::integer: return v.is_number_integer();
      case Kind::number: return v.is_number();
      case Kind::boolean: return v.is_boolean();
      case Kind::object:
      case Kind::map: return v.is_object();
      case Kind::array: return v.is_array();
      case Kind::shape_list: return v.is_array() || v.is_object();
    }
    return false;
  }
  static bool declared(const Shape& s, const std::string& key) {
    for (const Field& f : s.fields)
      if (key == f.key) return true;
    return false;
  }
  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw InvalidInput(fmt::format("{}: field {} {}", where_, path, what));
  }

  std::string where_;
};

}  // namespace

const std::vector<std::string>& informational_fields() {
  static const std::vector<std::string> fields = {"created",
                                                  "environment.blas",
                                                  "environment.boost",
                                                  "environment.compiler",
                                                  "environment.eigen",
                                                  "environment.git",
                                                  "environment.threads",
                                                  "environment.version",
                                                  "hypotheses[].seconds",
                                                  "problem.path",
                                                  "trajectory.summary.evaluation.test_accuracy",
                                                  "trajectory.summary.evaluation.test_loss",
                                                  "trajectory.summary.evaluation.test_rows",
                                                  "trajectory.summary.evaluation.train_accuracy",
                                                  "trajectory.summary.threads"};
  return fields;
}

void validate_certificate(const json& c, const std::string& where) {
  if (!c.is_object()) throw InvalidInput(where + ": a certificate must be a JSON object");
  if (!c.contains("schema") || !c["schema"].is_string())
    throw InvalidInput(fmt::format("{}: field schema is missing or not a string (expected '{}')", where, kCertificateSchema));
  if (c["schema"] != kCertificateSchema)
    throw InvalidInput(fmt::format("{}: schema is '{}', expected '{}'", where, elided_for_message(c["schema"].get<std::string>(), 40), kCertificateSchema));
  Validator(where).value(c, kCertificate, "");
}

json without_informational(json c) {
  c.erase("created");
  c.erase("environment");
  if (c.contains("hypotheses") && c["hypotheses"].is_array())
    for (auto& h : c["hypotheses"])
      if (h.is_object()) h.erase("seconds");
  if (c.contains("problem") && c["problem"].is_object()) c["problem"].erase("path");
  if (c.contains("trajectory") && c["trajectory"].is_object() && c["trajectory"].contains("summary") &&
      c["trajectory"]["summary"].is_object()) {
    c["trajectory"]["summary"].erase("threads");
    c["trajectory"]["summary"].erase("evaluation");
  }
  return c;
}

}  // namespace nncert::cert
