#include "nncert/theory/verify.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "nncert/data/data_spec.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/fp_environment.hpp"
#include "nncert/theory/verifier.hpp"

namespace nncert::theory {

LoadedProblem load_problem(const std::filesystem::path& problem_file) {
  return load_problem(data::read_problem_file(problem_file));
}

LoadedProblem load_problem(data::ProblemFile problem) {
  data::Dataset dataset = data::load_dataset(problem);
  const toml::table& model_section = data::require_section(problem, "model");
  models::ModelConfig model =
      models::parse_model_config(model_section, dataset.d(), dataset.k(), problem.path.string(), dataset.image);
  toml::table verify_options;
  if (const toml::table* v = data::optional_section(problem, "verify")) verify_options = *v;
  return {std::move(problem), std::move(dataset), std::move(model), std::move(verify_options)};
}

namespace {
// A [verify] key must be an option that some hypothesis of this theorem lets the problem choose
// (Verifier::problem_options), or one of the regression suite's expectations (`expect`,
// `expect_decided_by`, `expect_because`: what `nncert regress` compares, never read by a verifier). Anything else would either be ignored silently or change what a hypothesis asserts.
// Every key of a hypothesis' params is one its verifier reads: a typo in a theorem file is an error,
// not a silently kept default.
void check_theorem_parameters(const Theorem& theorem) {
  for (const auto& hypothesis : theorem.hypotheses) {
    const Verifier& verifier = find_verifier(hypothesis.verifier);
    std::vector<std::string> known;
    for (const auto k : verifier.theorem_parameters()) known.emplace_back(k);
    for (const auto k : verifier.problem_options()) known.emplace_back(k);
    std::sort(known.begin(), known.end());
    for (const auto& [key, node] : hypothesis.params)
      if (!std::binary_search(known.begin(), known.end(), std::string(key.str())))
        throw InvalidInput(fmt::format("{}:{}: hypothesis '{}': '{}' is not a parameter of verifier '{}' (known: {})",
                                       theorem.file.string(), data::line_of(node), hypothesis.id, key.str(), hypothesis.verifier,
                                       known.empty() ? std::string("none") : fmt::format("{}", fmt::join(known, ", "))));
  }
}

void check_verify_options(const Theorem& theorem, const LoadedProblem& loaded) {
  std::vector<std::string> allowed{"expect", "expect_because", "expect_decided_by"};
  for (const auto& hypothesis : theorem.hypotheses)
    for (const auto option : find_verifier(hypothesis.verifier).problem_options())
      if (std::find(allowed.begin(), allowed.end(), option) == allowed.end()) allowed.emplace_back(option);
  std::sort(allowed.begin(), allowed.end());
  for (const auto& [key, node] : loaded.verify_options)
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
      throw InvalidInput(fmt::format("{}:{}: [verify] key '{}' is not an option of theorem '{}': its hypotheses are "
                                     "fixed by the theorem file (a problem may set: {})",
                                     loaded.problem.path.string(), data::line_of(node), key.str(), theorem.id,
                                     fmt::join(allowed, ", ")));
}
}  // namespace

VerificationReport verify(const Theorem& theorem, const LoadedProblem& loaded, const VerifyProgress& progress) {
  // No theorem of the catalogue is about a convolutional net: its verifiers would silently treat it as
  // another model family, so the problem is refused before any hypothesis runs.
  if (std::holds_alternative<models::CnnConfig>(loaded.model))
    throw InvalidInput(fmt::format("{}: theorem '{}' has no verifier for [model] kind = \"cnn\" (train, kernel "
                                   "cntk|cntk-gap and study with verify = false support it)",
                                   loaded.problem.path.string(), theorem.id));
  check_theorem_parameters(theorem);
  check_verify_options(theorem, loaded);
  require_sound_fp_environment();
  VerificationReport report{theorem, {}, Verdict::certified};
  for (const auto& hypothesis : theorem.hypotheses) {
    if (progress) progress(report.findings.size(), theorem.hypotheses.size(), hypothesis.id);
    const Verifier& verifier = find_verifier(hypothesis.verifier);
    const VerificationContext context{loaded.problem, loaded.data, loaded.model, hypothesis, loaded.verify_options};
    const auto start = std::chrono::steady_clock::now();
    Finding finding;
    try {
      finding = verifier.check(context);
    } catch (const InvalidInput&) {
      throw;
    } catch (const std::bad_alloc&) {
      finding.verdict = Verdict::inconclusive;
      finding.reason = "out of memory while checking this hypothesis";
    } catch (const std::exception& e) {
      finding.verdict = Verdict::inconclusive;
      finding.reason = fmt::format("the verifier stopped: {}", e.what());
    }
    finding.hypothesis_id = hypothesis.id;
    finding.verifier = hypothesis.verifier;
    finding.statement = hypothesis.statement;
    finding.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // A refuted or inconclusive hypothesis must say why.
    if (finding.verdict != Verdict::certified && finding.reason.empty()) finding.reason = "no reason given";
    report.verdict = combine(report.verdict, finding.verdict);
    report.findings.push_back(std::move(finding));
  }
  return report;
}

std::string theorem_named_by(const data::ProblemFile& problem) {
  const auto* node = problem.table.get("theorem");
  if (!node) throw InvalidInput(problem.path.string() + ": no THEOREM given and the problem file names none (add theorem = \"...\")");
  const auto* s = node->as_string();
  if (!s) throw InvalidInput(fmt::format("{}:{}: theorem must be a string", problem.path.string(), data::line_of(*node)));
  return s->get();
}

}  // namespace nncert::theory
