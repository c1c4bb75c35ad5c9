// `nncert list [--json]`: the theorem catalogue, the registered verifiers and the model kinds.
#include <iostream>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verifier.hpp"

namespace nncert::cli {
namespace {

const std::vector<std::pair<std::string, std::string>> kModels{
    {"mlp", "fully connected net (any widths, 8 activations, standard or NTK parameterisation)"},
    {"scaled-shallow", "shallow ReLU net with asymmetrical node scaling"},
    {"rff-resnet", "ResNet with random-Fourier-feature residuals"}};

const CommandRegistration registration{"list", "list theorems, verifiers and models", [](CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  app.add_flag("--json", *json, "print one JSON object on stdout");
  return [=] {
    const auto theorems = theory::list_theorems();
    const auto verifiers = theory::registered_verifiers();
    if (*json) {
      nlohmann::json out = {{"theorems", nlohmann::json::array()}, {"verifiers", nlohmann::json::array()}, {"models", nlohmann::json::array()}};
      for (const auto& th : theorems) out["theorems"].push_back({{"id", th.id}, {"title", th.title}, {"paper", th.paper}});
      for (const auto* v : verifiers) out["verifiers"].push_back({{"name", v->name()}, {"description", v->description()}});
      for (const auto& [kind, what] : kModels) out["models"].push_back({{"kind", kind}, {"description", what}});
      std::cout << out.dump() << '\n';
      return 0;
    }
    std::cout << "theorems:\n";
    for (const auto& th : theorems) std::cout << fmt::format("  {:<40} {}\n", th.id, th.title);
    std::cout << "verifiers:\n";
    for (const auto* v : verifiers) std::cout << fmt::format("  {:<40} {}\n", v->name(), v->description());
    std::cout << "models:\n";
    for (const auto& [kind, what] : kModels) std::cout << fmt::format("  {:<40} {}\n", kind, what);
    return 0;
  };
}};

}  // namespace
}  // namespace nncert::cli
