// `nncert regress [DIR]`: every theorem on its stored instances (default proofs/instances/). Each
// instance is a problem file naming its theorem (`theorem = "..."`) with the expected verdict in
// `[verify] expect = "certified" | "refuted" | "inconclusive"`. Prints one line per instance and a
// closing "N passed, M failed"; exit 0 only when every verdict matches.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

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
          const bool ok = got == expect;
          (ok ? passed : failed)++;
          std::cout << fmt::format("{} {:<48} {:<38} expected {:<12} got {:<12} {:.2f} s\n", ok ? "PASS" : "FAIL",
                                   file.filename().string(), id, expect, got, seconds);
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
