// [train] section parsing (docs/problem-files.md).
#include "nncert/train/train_config.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "nncert/data/problem_keys.hpp"
#include "nncert/data/section_reader.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::train {
namespace {

constexpr std::array<std::pair<Algorithm, std::string_view>, 7> kAlgorithms{{
    {Algorithm::gd, "gd"},
    {Algorithm::gradient_flow, "gradient-flow"},
    {Algorithm::kawaguchi_sun_two_phase, "kawaguchi-sun-two-phase"},
    {Algorithm::alignment_framework, "alignment-framework"},
    {Algorithm::node_scaled, "node-scaled"},
    {Algorithm::rff_resnet_gd, "rff-resnet-gd"},
    {Algorithm::rff_resnet_flow, "rff-resnet-flow"},
}};

std::string algorithm_names() {
  std::string names;
  for (const auto& [a, name] : kAlgorithms) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

}  // namespace

std::string_view to_string(Algorithm algorithm) {
  for (const auto& [a, name] : kAlgorithms)
    if (a == algorithm) return name;
  return "unknown";
}

Algorithm parse_algorithm(std::string_view name) {
  for (const auto& [a, known] : kAlgorithms)
    if (known == name) return a;
  throw InvalidInput("unknown training algorithm '" + std::string(name) + "' (known: " +
                     algorithm_names() + ")");
}

std::string_view to_string(PerturbTarget target) {
  switch (target) {
    case PerturbTarget::all: return "all";
    case PerturbTarget::block: return "block";
    case PerturbTarget::frozen: return "frozen";
  }
  return "unknown";
}

TrainConfig parse_train_config(const toml::table& train_section, const std::string& file) {
  const data::SectionReader r(train_section, "train", file);
  r.allow_only(data::section_keys("train"));
  TrainConfig c;
  if (auto a = r.optional_string("algorithm")) {
    bool known = false;
    for (const auto& [alg, name] : kAlgorithms)
      if (name == *a) {
        c.algorithm = alg;
        known = true;
      }
    if (!known) r.fail("algorithm", "'" + *a + "' is not one of: " + algorithm_names());
  }
  if (auto loss = r.optional_string("loss"); loss && *loss != "squared")
    r.fail("loss", "'" + *loss + "' is not supported (only \"squared\")");

  const auto positive_int = [&](std::string_view key, bool allow_zero) -> std::optional<Index> {
    auto v = r.optional_int(key);
    if (!v) return std::nullopt;
    if (*v < 0 || (*v == 0 && !allow_zero))
      r.fail(key, allow_zero ? "must be >= 0" : "must be >= 1");
    return static_cast<Index>(*v);
  };
  const auto finite_double = [&](std::string_view key, bool strictly_positive) -> std::optional<double> {
    auto v = r.optional_double(key);
    if (!v) return std::nullopt;
    if (!std::isfinite(*v) || *v < 0 || (strictly_positive && *v == 0))
      r.fail(key, strictly_positive ? "must be a finite number > 0" : "must be a finite number >= 0");
    return v;
  };

  c.step_size = finite_double("step_size", true);
  if (auto v = positive_int("steps", false)) c.steps = *v;
  if (auto v = positive_int("record_every", false)) c.record_every = *v;
  if (auto b = r.optional_string("block")) {
    if (b->empty()) r.fail("block", "must name a parameter block");
    c.block = *b;
  }
  if (auto v = positive_int("tau", true)) {
    if (*v > c.steps) r.fail("tau", "must be <= steps (" + std::to_string(c.steps) + ")");
    c.tau = *v;
  }
  if (auto v = finite_double("perturbation_scale", false)) c.perturbation_scale = *v;
  if (auto p = r.optional_string("perturb")) {
    if (*p == "all") c.perturb = PerturbTarget::all;
    else if (*p == "block") c.perturb = PerturbTarget::block;
    else if (*p == "frozen") c.perturb = PerturbTarget::frozen;
    else r.fail("perturb", "'" + *p + "' is not one of: all, block, frozen");
  }
  if (auto v = r.optional_int("seed")) {
    if (*v < 0) r.fail("seed", "must be >= 0");
    c.seed = static_cast<std::uint64_t>(*v);
  }
  if (auto v = positive_int("certify_every", true)) c.certify_every = *v;
  if (auto v = positive_int("gram_every", true)) c.gram_every = *v;
  if (auto v = positive_int("threads", true)) {
    if (*v > 4096) r.fail("threads", "must be <= 4096");
    c.threads = static_cast<int>(*v);
  }
  if (auto v = finite_double("rtol", true)) c.rtol = *v;
  if (auto v = finite_double("atol", true)) c.atol = *v;
  if (auto keep = r.optional_int_array("prune_keep")) {
    // k ≤ m and the model kind are checked against [model] by check_prune_keep (pruning.hpp).
    if (keep->empty()) r.fail("prune_keep", "must list at least one node count");
    for (const std::int64_t k : *keep) {
      if (k < 1) r.fail("prune_keep", "entries must be >= 1, got " + std::to_string(k));
      if (std::find(c.prune_keep.begin(), c.prune_keep.end(), k) != c.prune_keep.end())
        r.fail("prune_keep", "lists " + std::to_string(k) + " twice");
      c.prune_keep.push_back(static_cast<Index>(k));
    }
    std::sort(c.prune_keep.begin(), c.prune_keep.end());
  }
  return c;
}

}  // namespace nncert::train
