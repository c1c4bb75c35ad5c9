// `nncert regress [DIR]`: every theorem on its stored instances (default proofs/instances/). Each
// instance is a problem file naming its theorem (`theorem = "..."`) with the expected verdict in
// `[verify] expect = "certified" | "refuted" | "inconclusive"`. An instance whose expected verdict is
// refuted or inconclusive also names WHICH hypothesis decides it and WHY: `expect_decided_by = "<id>"`
// (that hypothesis must have the expected verdict, and no hypothesis before it in the theorem may
// have it too, so the instance cannot pass for another reason) and `expect_because = "<words>"`
// (a phrase of that finding's reason). Prints one line per instance and a closing
// "N passed, M failed"; exit 0 only when every verdict and its deciding hypothesis match.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/data/problem_file.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verify.hpp"

namespace nncert::cli {
namespace {

std::string expected_verdict(const theory::LoadedProblem& p) {
  const auto* node = p.verify_options.get("expect");
  const auto* s = node ? node->as_string() : nullptr;
  if (!s) throw InvalidInput(p.problem.path.string() + ": a regression instance needs [verify] expect = \"certified\"|\"refuted\"|\"inconclusive\"");
  const std::string v = s->get();
  if (v != "certified" && v != "refuted" && v != "inconclusive")
    throw InvalidInput(fmt::format("{}:{}: [verify].expect must be certified, refuted or inconclusive", p.problem.path.string(), data::line_of(*node)));
  return v;
}

std::optional<std::string> optional_key(const theory::LoadedProblem& p, const char* key) {
  const auto* node = p.verify_options.get(key);
  if (!node) return std::nullopt;
  const auto* s = node->as_string();
  if (!s) throw InvalidInput(fmt::format("{}:{}: [verify].{} must be a string", p.problem.path.string(), data::line_of(*node), key));
  return s->get();
}

// Empty when the deciding hypothesis is as the instance says; else what differs.
std::string deciding_mismatch(const theory::LoadedProblem& p, const theory::VerificationReport& report,
                              const std::string& expect) {
  const auto decided_by = optional_key(p, "expect_decided_by");
  const auto because = optional_key(p, "expect_because");
  if (expect == "certified") return "";
  if (!decided_by || !because)
    throw InvalidInput(p.problem.path.string() + ": a " + expect +
                       " instance names its deciding hypothesis and why: [verify] expect_decided_by = \"<id>\", expect_because = \"<words>\"");
  for (const auto& f : report.findings) {
    if (f.hypothesis_id != *decided_by) {
      if (f.verdict != Verdict::certified && std::string(to_string(f.verdict)) == expect)
        return fmt::format("hypothesis '{}' is {} before '{}' decides", f.hypothesis_id, to_string(f.verdict), *decided_by);
      continue;
    }
    if (std::string(to_string(f.verdict)) != expect)
      return fmt::format("'{}' is {}, expected {}", *decided_by, to_string(f.verdict), expect);
    if (f.reason.find(*because) == std::string::npos)
      return fmt::format("'{}' is {} but for another reason: \"{}\" (expected \"{}\")", *decided_by, expect, f.reason, *because);
    return "";
  }
  return fmt::format("the theorem has no hypothesis '{}'", *decided_by);
}

const CommandRegistration registration{
    "regress", "run every theorem on its stored instances", [](CLI::App& app) {
      auto dir = std::make_shared<std::string>();
      app.add_option("dir", *dir, "directory of instance problem files (default: proofs/instances)");
      return [=] {
        const std::filesystem::path root = dir->empty() ? theory::proofs_dir() / "instances" : std::filesystem::path(*dir);
        std::error_code ec;
        if (!std::filesystem::is_directory(root, ec)) throw InvalidInput(root.string() + ": not a directory");
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(root))
          if (e.path().extension() == ".toml") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        if (files.empty()) throw InvalidInput(root.string() + ": no instance files (*.toml)");
        int passed = 0, failed = 0;
        for (const auto& file : files) {
          const auto start = std::chrono::steady_clock::now();
          const theory::LoadedProblem loaded = theory::load_problem(file);
          const std::string expect = expected_verdict(loaded);
          const std::string id = theory::theorem_named_by(loaded.problem);
          const theory::VerificationReport report = theory::verify(theory::find_theorem(id), loaded);
          const std::string got(to_string(report.verdict));
          const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          const std::string decided = got == expect ? deciding_mismatch(loaded, report, expect) : std::string();
          const bool ok = got == expect && decided.empty();
          (ok ? passed : failed)++;
          std::cout << fmt::format("{} {:<48} {:<38} expected {:<12} got {:<12} {:.2f} s\n", ok ? "PASS" : "FAIL",
                                   file.filename().string(), id, expect, got, seconds);
          if (!decided.empty()) std::cout << fmt::format("     deciding hypothesis: {}\n", decided);
          if (!ok)
            for (const auto& f : report.findings)
              std::cout << fmt::format("     {} {}: {}\n", f.hypothesis_id, to_string(f.verdict), f.reason);
        }
        std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
        return failed == 0 ? 0 : 1;
      };
    }};

}  // namespace
}  // namespace nncert::cli
