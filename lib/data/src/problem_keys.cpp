#include "nncert/data/problem_keys.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace nncert::data {
namespace {

// Each parser's allowed keys, in the order its documentation lists them.
constexpr std::string_view kTopLevel[] = {"theorem", "data", "model", "kernel", "train", "verify", "prove", "study"};
constexpr std::string_view kData[] = {"source", "split",     "classes", "n",     "test_n",       "d",
                                      "seed",   "transform", "targets", "noise", "teacher_width"};
constexpr std::string_view kMlp[] = {"kind", "widths",  "activation", "parameterization", "bias",
                                     "seed", "sigma_w", "sigma_b",    "leaky_slope", "theta"};
constexpr std::string_view kScaledShallow[] = {"kind", "width", "activation", "gamma", "alpha", "seed", "weight_std", "theta"};
constexpr std::string_view kRffResNet[] = {"kind",      "depth", "hidden",      "features",
                                           "bandwidth", "seed",  "feature_map", "residual_scale", "theta"};
constexpr std::string_view kCnn[] = {"kind", "channels", "depth", "filter", "readout", "output_scale", "seed", "theta"};
constexpr std::string_view kTrain[] = {"algorithm",     "step_size",  "steps",   "loss", "record_every",
                                       "block",         "tau",        "perturbation_scale", "perturb",
                                       "seed",          "certify_every", "gram_every", "threads", "rtol", "atol",
                                       "prune_keep"};
constexpr std::string_view kKernel[] = {"scaling", "activation", "depth", "filter", "fix_first_last"};
constexpr std::string_view kStudy[] = {"key", "values", "key2", "values2", "train", "log_x", "claim",
                                        "verify", "kernel_reference", "kernel_reference_gd"};

const std::array<SectionKeys, 10> kRegistry{{
    {"", "", kTopLevel},
    {"data", "", kData},
    {"model", "mlp", kMlp},
    {"model", "scaled-shallow", kScaledShallow},
    {"model", "rff-resnet", kRffResNet},
    {"model", "cnn", kCnn},
    {"kernel", "", kKernel},
    {"train", "", kTrain},
    // [prove] is reserved for options of `nncert prove`; none exist yet, so any key in it is a typo.
    {"prove", "", {}},
    {"study", "", kStudy},
}};

const SectionKeys* find(std::string_view section, std::string_view variant) {
  for (const auto& entry : kRegistry)
    if (entry.section == section && entry.variant == variant) return &entry;
  return nullptr;
}

}  // namespace

std::span<const SectionKeys> problem_file_keys() { return kRegistry; }

std::span<const std::string_view> section_keys(std::string_view section, std::string_view variant) {
  const SectionKeys* entry = find(section, variant);
  if (entry == nullptr)
    throw std::logic_error("no key list for [" + std::string(section) + "] " + std::string(variant));
  return entry->keys;
}

bool section_has_key_list(std::string_view section) {
  return std::any_of(kRegistry.begin(), kRegistry.end(), [&](const SectionKeys& e) { return e.section == section; });
}

void check_problem_keys(const ProblemFile& problem) {
  const std::string file = problem.path.string();
  check_keys(problem.table, section_keys(""), "", file);
  // Report the unknown key that comes first in the file: visit the sections in file order.
  std::vector<std::pair<int, std::string_view>> sections;
  for (auto&& [key, node] : problem.table)
    if (node.is_table() && section_has_key_list(key.str())) sections.emplace_back(line_of(node), key.str());
  std::sort(sections.begin(), sections.end());
  for (const auto& [line, name] : sections) {
    const toml::table& table = *problem.table.get(name)->as_table();
    std::string_view variant;
    if (name == "model") {
      // The default kind is "mlp"; any other kind that is not a known name is the model parser's error.
      variant = "mlp";
      if (const toml::node* kind = table.get("kind")) {
        const auto* text = kind->as_string();
        if (text == nullptr || find("model", text->get()) == nullptr) continue;
        variant = find("model", text->get())->variant;
      }
    }
    check_keys(table, section_keys(name, variant), name, file);
  }
}

}  // namespace nncert::data
