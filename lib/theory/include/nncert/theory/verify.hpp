#pragma once
// Checks every hypothesis of a theorem on the problem file's data and model (docs/design.md#data-flow-of-nncert-prove).
#include <functional>
#include <string>
#include <vector>

#include "nncert/data/dataset.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/models/model_config.hpp"
#include "nncert/theory/finding.hpp"
#include "nncert/theory/theorem.hpp"

namespace nncert::theory {

// The problem file's data and model, loaded once and shared by verification, training and checking.
struct LoadedProblem {
  data::ProblemFile problem;
  data::Dataset data;
  models::ModelConfig model;
  toml::table verify_options;  // the [verify] table, or empty
};

// Reads the problem file; InvalidInput names the file and the problem.
LoadedProblem load_problem(const std::filesystem::path& problem_file);
// The same for a problem file already read (a study's point: data::study_point).
LoadedProblem load_problem(data::ProblemFile problem);

struct VerificationReport {
  Theorem theorem;
  std::vector<Finding> findings;  // one per hypothesis, in the theorem's order
  Verdict verdict = Verdict::inconclusive;  // certified iff all are; refuted iff one is
};

// Runs each hypothesis' verifier. A verifier that throws InvalidInput stops everything (bad input);
// any other exception becomes an inconclusive finding that says what happened.
// `progress`, when set, is told before each hypothesis which one starts (index from 0, total, id).
using VerifyProgress = std::function<void(std::size_t index, std::size_t total, const std::string& hypothesis_id)>;
VerificationReport verify(const Theorem& theorem, const LoadedProblem& problem, const VerifyProgress& progress = {});

// The theorem named by the problem file's top-level `theorem = "..."`; InvalidInput if absent.
std::string theorem_named_by(const data::ProblemFile& problem);

}  // namespace nncert::theory
