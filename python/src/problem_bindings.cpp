// verify, prove, check, theorems, and the model's Jacobian and eNTK Gram at θ0: the library calls
// behind `nncert verify|prove|check|list|jacobian|kernel entk`, on a problem given as a file or as TOML
// text (the Python layer turns a dict into TOML text, python/nncert/__init__.py).
#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "interruptible_call.hpp"
#include "results.hpp"
#include "nncert/cert/check.hpp"
#include "nncert/cert/json.hpp"
#include "nncert/cert/prove.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/output_set.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/data/problem_keys.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verify.hpp"

namespace py = pybind11;

namespace nncert::python {
namespace {

// As the command line's naming_file (verifiers/cli/command.hpp): every message names the problem.
[[noreturn]] void rethrow_naming(const std::string& file, const InvalidInput& e) {
  const std::string message = e.what();
  if (message.find(file) != std::string::npos) throw e;
  throw InvalidInput(file + ": " + message);
}

// `text` set: TOML held in memory, relative paths resolving against the directory of `path` (which
// need not exist); else the file `path`. Every section's keys are checked, as read_problem_file does.
theory::LoadedProblem load(const std::optional<std::string>& text, const std::string& path) {
  try {
    data::ProblemFile problem = text ? data::parse_problem_text(*text, path) : data::read_problem_file(path);
    if (text) data::check_problem_keys(problem);
    data::Dataset dataset = data::load_dataset(problem);
    models::ModelConfig model =
        models::parse_model_config(data::require_section(problem, "model"), dataset.d(), dataset.k(), problem.path.string(), dataset.image);
    toml::table verify_options;
    if (const toml::table* v = data::optional_section(problem, "verify")) verify_options = *v;
    return {std::move(problem), std::move(dataset), std::move(model), std::move(verify_options)};
  } catch (const InvalidInput& e) {
    rethrow_naming(path, e);
  }
}

std::string theorem_id(const std::string& theorem, const theory::LoadedProblem& loaded) {
  return theorem.empty() ? theory::theorem_named_by(loaded.problem) : theorem;
}

py::object verify(const std::optional<std::string>& text, const std::string& path, const std::string& theorem) {
  auto loaded = std::make_shared<const theory::LoadedProblem>(load(text, path));
  const theory::Theorem chosen = theory::find_theorem(theorem_id(theorem, *loaded));
  const nlohmann::json report = interruptible_call([loaded, chosen] {
    const theory::VerificationReport r = theory::verify(chosen, *loaded);
    nlohmann::json j = cert::to_json(r);
    j["exit_code"] = exit_code(r.verdict);
    return j;
  });
  return to_python(report);
}

py::object prove(const std::optional<std::string>& text, const std::string& path, const std::string& out,
                 const std::string& theorem, bool force) {
  auto loaded = std::make_shared<const theory::LoadedProblem>(load(text, path));
  (void)theory::find_theorem(theorem_id(theorem, *loaded));
  // Set when the call was interrupted: the abandoned run then never publishes its output.
  auto abandoned = std::make_shared<std::atomic<bool>>(false);
  try {
    const nlohmann::json summary = interruptible_call([loaded, path, out, theorem, force, abandoned] {
      data::OutputSet set(out, force);
      cert::ProveOptions options;
      options.theorem = theorem;
      options.problem = loaded->problem.path;
      options.out = set.staging();
      options.loaded = loaded.get();
      cert::ProveOutcome r;
      try {
        r = cert::prove(options);
      } catch (const InvalidInput& e) {
        rethrow_naming(path, e);
      }
      if (abandoned->load()) return nlohmann::json();
      set.publish();
      const auto published = [&](const std::filesystem::path& staged) { return (set.target() / staged.filename()).string(); };
      const auto& c = r.certificate;
      return nlohmann::json{{"theorem", c["theorem"]["id"]},   {"verdict", c["verdict"]},
                            {"prediction", c["prediction"]},   {"confirmation", c["confirmation"]},
                            {"strength", c["strength"]},       {"exit_code", r.exit_code},
                            {"certificate_file", published(r.certificate_file)},
                            {"report_html", published(r.report_html)}, {"report_md", published(r.report_md)},
                            {"certificate", c}};
    });
    return to_python(summary);
  } catch (const py::error_already_set&) {
    abandoned->store(true);
    throw;
  }
}

py::object check(const std::string& certificate, bool replay, const std::string& data_root) {
  cert::CheckOptions options;
  options.replay = replay;
  options.data_root = data_root;
  const nlohmann::json result = interruptible_call([certificate, options] {
    cert::CheckResult r;
    try {
      r = cert::check_certificate(certificate, options);
    } catch (const InvalidInput& e) {
      rethrow_naming(certificate, e);
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : r.items)
      items.push_back({{"claim", i.claim}, {"route", i.route}, {"passed", i.passed}, {"skipped", i.skipped}, {"detail", i.detail}});
    return nlohmann::json{{"valid", r.valid()},
                          {"exit_code", r.valid() ? 0 : 1},
                          {"replayed", r.replayed},
                          {"items", items},
                          {"not_rederived", r.not_rederived}};
  });
  return to_python(result);
}

py::list theorems() {
  py::list out;
  for (const theory::Theorem& t : theory::list_theorems()) {
    py::list hypotheses;
    for (const auto& h : t.hypotheses)
      hypotheses.append(py::dict(py::arg("id") = h.id, py::arg("verifier") = h.verifier, py::arg("statement") = h.statement));
    out.append(py::dict(py::arg("id") = t.id, py::arg("title") = t.title, py::arg("paper") = t.paper,
                        py::arg("hypotheses") = hypotheses));
  }
  return out;
}

// J (block `block`), θ0, X and f(X), as `nncert jacobian` writes them.
py::dict jacobian(const std::optional<std::string>& text, const std::string& path, const std::string& block) {
  auto loaded = std::make_shared<const theory::LoadedProblem>(load(text, path));
  struct Computed {
    MatD J, f;
    VecD theta;
  };
  const Computed c = interruptible_call([loaded, block, path] {
    try {
      const auto model = models::build_model<double>(loaded->model);
      return Computed{model->jacobian_block(loaded->data.X, block), model->forward(loaded->data.X), model->params()};
    } catch (const InvalidInput& e) {
      rethrow_naming(path, e);
    }
  });
  py::dict d;
  d["J"] = to_numpy(c.J);
  d["theta"] = to_numpy(c.theta);
  d["X"] = to_numpy(loaded->data.X);
  d["Y"] = to_numpy(loaded->data.Y);
  d["f"] = to_numpy(c.f);
  return d;
}

// The empirical NTK Gram J_S J_Sᵀ at θ0, formed structurally (`nncert kernel entk`).
py::array entk(const std::optional<std::string>& text, const std::string& path, const std::string& block) {
  auto loaded = std::make_shared<const theory::LoadedProblem>(load(text, path));
  const MatD gram = interruptible_call([loaded, block, path] {
    try {
      return MatD(models::build_model<double>(loaded->model)->ntk_gram_block(loaded->data.X, block));
    } catch (const InvalidInput& e) {
      rethrow_naming(path, e);
    }
  });
  return to_numpy(gram);
}

}  // namespace

void add_problem_bindings(py::module_& m) {
  m.def("verify", &verify, py::arg("text"), py::arg("path"), py::arg("theorem"));
  m.def("prove", &prove, py::arg("text"), py::arg("path"), py::arg("out"), py::arg("theorem"), py::arg("force"));
  m.def("check", &check, py::arg("certificate"), py::arg("replay"), py::arg("data_root"));
  m.def("theorems", &theorems);
  m.def("jacobian", &jacobian, py::arg("text"), py::arg("path"), py::arg("block"));
  m.def("entk", &entk, py::arg("text"), py::arg("path"), py::arg("block"));
}

}  // namespace nncert::python
