// `nncert list`: the theorem catalogue, the registered verifiers and the model kinds.
#include <iostream>

#include <fmt/format.h>

#include "command.hpp"
#include "nncert/theory/theorem.hpp"
#include "nncert/theory/verifier.hpp"

namespace nncert::cli {
namespace {

const CommandRegistration registration{"list", "list theorems, verifiers and models", [](CLI::App&) {
                                         return [] {
                                           std::cout << "theorems:\n";
                                           for (const auto& th : theory::list_theorems())
                                             std::cout << fmt::format("  {:<40} {}\n", th.id, th.title);
                                           std::cout << "verifiers:\n";
                                           for (const auto* v : theory::registered_verifiers())
                                             std::cout << fmt::format("  {:<40} {}\n", v->name(), v->description());
                                           std::cout << "models:\n"
                                                     << "  mlp                                      fully connected net (any widths, 8 activations, standard or NTK parameterisation)\n"
                                                     << "  scaled-shallow                           shallow ReLU net with asymmetrical node scaling\n"
                                                     << "  rff-resnet                               ResNet with random-Fourier-feature residuals\n";
                                           return 0;
                                         };
                                       }};

}  // namespace
}  // namespace nncert::cli
