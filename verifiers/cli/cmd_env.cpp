// `nncert env`: what the floating-point environment check found, item by item, and the build and
// linear-algebra libraries certificates are produced with. Exit 0 when sound, 3 otherwise.
#include <algorithm>
#include <cstdlib>
#include <iostream>

#include <Eigen/Core>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "nncert/cert/certificate.hpp"
#include "nncert/linalg/factorization.hpp"
#include "nncert/numeric/fp_environment_report.hpp"


namespace nncert::cli {
namespace {
const CommandRegistration registration{
    "env", "show the floating-point environment, BLAS and build that certificates rely on", [](CLI::App& app) {
      auto json = std::make_shared<bool>(false);
      app.add_flag("--json", *json, "print one JSON object on stdout");
      return [=] {
        const auto items = describe_fp_environment();
        // The last item is check_fp_environment() itself; every item must hold.
        const bool sound = std::all_of(items.begin(), items.end(), [](const FpEnvironmentItem& i) { return i.ok; });
        const nlohmann::json build = cert::environment_json(Eigen::nbThreads());
        const char* omp = std::getenv("OMP_NUM_THREADS");
        const std::string blas_threads = fmt::format("{} {} thread(s); OMP_NUM_THREADS {}", linalg::blas_backend().name,
                                                     linalg::blas_thread_count(), omp != nullptr ? omp : "unset (one thread per core)");
        // Advice, not a check: a slow BLAS core changes no bound.
        const std::string advice = linalg::blas_core_advice();
        if (*json) {
          nlohmann::json checks = nlohmann::json::array();
          for (const auto& i : items) checks.push_back({{"name", i.name}, {"ok", i.ok}, {"observed", i.observed}});
          nlohmann::json out = {{"verdict", sound ? "sound" : "unsound"}, {"checks", checks}, {"build", build},
                                {"flags", cert::build_flags()}, {"threads", blas_threads}};
          if (!advice.empty()) out["advice"] = advice;
          std::cout << out.dump() << '\n';
        } else {
          for (const auto& i : items) std::cout << fmt::format("  [{}] {}: {}\n", i.ok ? "ok" : "FAIL", i.name, i.observed);
          std::cout << fmt::format("  linear algebra: {}\n  threads: {}\n  compiler: {}\n  flags: {}\n  nncert {} ({}), Eigen {}, Boost {}\n",
                                   build["blas"].get<std::string>(), blas_threads, build["compiler"].get<std::string>(),
                                   cert::build_flags(), build["version"].get<std::string>(), build["git"].get<std::string>(),
                                   build["eigen"].get<std::string>(), build["boost"].get<std::string>());
          if (!advice.empty()) std::cout << "  advice: " << advice << '\n';
          std::cout << (sound ? "sound" : "unsound") << '\n';
        }
        return sound ? 0 : 3;
      };
    }};
}  // namespace
}  // namespace nncert::cli
