#include "nncert/models/model_config.hpp"

#include <cmath>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "nncert/data/npy.hpp"
#include "nncert/data/problem_keys.hpp"
#include "nncert/data/section_reader.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::models {

namespace {

struct NamedActivation {
  std::string_view name;
  Activation value;
};
constexpr NamedActivation kActivations[] = {
    {"relu", Activation::relu},       {"leaky-relu", Activation::leaky_relu}, {"softplus", Activation::softplus},
    {"tanh", Activation::tanh},       {"sigmoid", Activation::sigmoid},       {"erf", Activation::erf},
    {"gelu", Activation::gelu},       {"identity", Activation::identity}};

std::string activation_list() {
  std::string out;
  for (const auto& a : kActivations) out += (out.empty() ? "" : ", ") + std::string(a.name);
  return out;
}

std::uint64_t read_seed(const data::SectionReader& r) {
  const auto seed = r.optional_int("seed");
  if (!seed) return 0;
  if (*seed < 0) r.fail("seed", fmt::format("must be >= 0, got {}", *seed));
  return static_cast<std::uint64_t>(*seed);
}

Index read_positive(const data::SectionReader& r, std::string_view key) {
  const std::int64_t v = r.require_int(key);
  if (v < 1) r.fail(key, fmt::format("must be >= 1, got {}", v));
  return static_cast<Index>(v);
}

double read_finite(const data::SectionReader& r, std::string_view key, double fallback, double lower,
                   bool lower_open) {
  const double v = r.optional_double(key).value_or(fallback);
  if (!std::isfinite(v) || v < lower || (lower_open && v == lower))
    r.fail(key, fmt::format("must be finite and {} {}, got {}", lower_open ? ">" : ">=", lower, v));
  return v;
}

Activation read_activation(const data::SectionReader& r, Activation fallback) {
  const auto name = r.optional_string("activation");
  if (!name) return fallback;
  try {
    return parse_activation(*name);
  } catch (const InvalidInput&) {
    r.fail("activation", fmt::format("'{}' is not one of {}", *name, activation_list()));
  }
}

void check_data_width(const data::SectionReader& r, std::string_view key, Index given, Index from_data,
                      std::string_view what) {
  if (from_data > 0 && given != from_data)
    r.fail(key, fmt::format("gives {} width {}, but the data has {} = {}", what, given,
                            what == "input" ? "d" : "k", from_data));
}

MlpConfig parse_mlp(const data::SectionReader& r, Index d, Index k) {
  r.allow_only(data::section_keys("model", "mlp"));
  MlpConfig c;
  const auto widths = r.optional_int_array("widths");
  if (!widths) r.fail("widths", "is required (an array of layer widths, input first, output last)");
  if (widths->size() < 2) r.fail("widths", fmt::format("needs at least 2 entries, got {}", widths->size()));
  for (std::size_t l = 0; l < widths->size(); ++l) {
    if ((*widths)[l] < 1) r.fail("widths", fmt::format("entry {} is {}, must be >= 1", l, (*widths)[l]));
    c.widths.push_back(static_cast<Index>((*widths)[l]));
  }
  check_data_width(r, "widths", c.widths.front(), d, "input");
  check_data_width(r, "widths", c.widths.back(), k, "output");
  c.activation = read_activation(r, Activation::relu);
  if (const auto p = r.optional_string("parameterization")) {
    if (*p == "standard") c.parameterization = Parameterization::standard;
    else if (*p == "ntk") c.parameterization = Parameterization::ntk;
    else r.fail("parameterization", fmt::format("'{}' is not one of standard, ntk", *p));
  }
  c.bias = r.optional_bool("bias").value_or(true);
  c.seed = read_seed(r);
  c.sigma_w = read_finite(r, "sigma_w", 1.0, 0.0, true);
  c.sigma_b = read_finite(r, "sigma_b", 1.0, 0.0, false);
  c.leaky_slope = read_finite(r, "leaky_slope", 0.01, -std::numeric_limits<double>::max(), false);
  return c;
}

ScaledShallowConfig parse_scaled_shallow(const data::SectionReader& r, Index d, Index k) {
  r.allow_only(data::section_keys("model", "scaled-shallow"));
  ScaledShallowConfig c;
  if (d < 1) r.fail("kind", "needs the data's input dimension d");
  c.input_dim = d;
  c.output_dim = k > 0 ? k : 1;
  c.width = read_positive(r, "width");
  c.activation = read_activation(r, Activation::relu);
  c.gamma = read_finite(r, "gamma", 1.0, 0.0, false);
  if (c.gamma > 1) r.fail("gamma", fmt::format("must lie in [0, 1], got {}", c.gamma));
  c.alpha = read_finite(r, "alpha", 0.5, 0.0, true);
  if (c.alpha >= 1) r.fail("alpha", fmt::format("must lie in (0, 1), got {}", c.alpha));
  c.seed = read_seed(r);
  c.weight_std = read_finite(r, "weight_std", std::sqrt(2.0), 0.0, false);
  return c;
}

RffResNetConfig parse_rff_resnet(const data::SectionReader& r, Index d, Index k) {
  r.allow_only(data::section_keys("model", "rff-resnet"));
  RffResNetConfig c;
  if (d < 1 || k < 1) r.fail("kind", "needs the data's input and output dimensions");
  c.input_dim = d;
  c.output_dim = k;
  c.depth = read_positive(r, "depth");
  c.hidden = read_positive(r, "hidden");
  if (c.hidden < std::max(d, k))
    r.fail("hidden", fmt::format("must be >= max(d, k) = {} (the embedding A and read-out B need q >= d, d')",
                                 std::max(d, k)));
  c.features = read_positive(r, "features");
  c.bandwidth = read_finite(r, "bandwidth", 1.0, 0.0, true);
  c.seed = read_seed(r);
  if (const auto f = r.optional_string("feature_map")) {
    if (*f == "rff") c.feature_map = RffFeatureMap::rff;
    else if (*f == "cos-no-phase" || *f == "cos_no_phase") c.feature_map = RffFeatureMap::cos_no_phase;
    else r.fail("feature_map", fmt::format("'{}' is not one of rff, cos-no-phase", *f));
  }
  c.residual_scale = read_finite(r, "residual_scale", 1.0, -std::numeric_limits<double>::max(), false);
  return c;
}

// The image geometry comes from the data: a flattened data set has no channels or pixels to convolve.
CnnConfig parse_cnn(const data::SectionReader& r, Index d, Index k, const std::optional<data::ImageShape>& image) {
  r.allow_only(data::section_keys("model", "cnn"));
  CnnConfig c;
  if (!image)
    r.fail("kind", "\"cnn\" needs image data: [data] must keep the image shape (no \"flatten\" transform)");
  if (d > 0 && image->size() != d)
    r.fail("kind", fmt::format("the image shape {}x{}x{} does not match the data's d = {}", image->channels,
                               image->height, image->width, d));
  c.input_channels = image->channels;
  c.height = image->height;
  c.width = image->width;
  c.output_dim = k > 0 ? k : 1;
  c.channels = read_positive(r, "channels");
  c.depth = r.optional_int("depth").value_or(3);
  if (c.depth < 2) r.fail("depth", fmt::format("must be >= 2 (convolutional layers + 1, as the CNTK counts), got {}", c.depth));
  c.filter = r.optional_int("filter").value_or(3);
  if (c.filter < 1 || c.filter % 2 == 0) r.fail("filter", fmt::format("must be odd and >= 1, got {}", c.filter));
  if (c.filter > 2 * std::max(c.height, c.width) + 1)
    r.fail("filter", fmt::format("{} is wider than twice the {}x{} image", c.filter, c.height, c.width));
  if (const auto readout = r.optional_string("readout")) {
    if (*readout == "vanilla") c.readout = CnnReadout::vanilla;
    else if (*readout == "gap") c.readout = CnnReadout::gap;
    else r.fail("readout", fmt::format("'{}' is not one of vanilla, gap", *readout));
  }
  // A power of two, so that κ²·CNTK (the model's kernel) is exact in floating point and a certified
  // kernel enclosure scales without rounding.
  c.output_scale = r.optional_double("output_scale").value_or(1.0);
  int exponent = 0;
  if (!(c.output_scale > 0) || std::frexp(c.output_scale, &exponent) != 0.5 || exponent < -29 || exponent > 1)
    r.fail("output_scale", fmt::format("must be a power of two in [2^-30, 1] (1, 0.5, 0.25, ...), got {}", c.output_scale));
  c.seed = read_seed(r);
  return c;
}

// [model] theta: a 1-d float64 .npy of exactly p finite entries, relative to the problem file. Every
// problem is one line naming the .npy file (and the problem file's line through r.fail).
template <class Config>
Config with_initial_theta(const data::SectionReader& r, Config config) {
  const auto name = r.optional_string("theta");
  if (!name) return config;
  if (name->empty()) r.fail("theta", "must name a .npy file");
  const std::filesystem::path file = std::filesystem::path(r.file()).parent_path() / *name;
  data::NpyArray a;
  try {
    a = data::read_npy(file);
  } catch (const InvalidInput& e) {
    r.fail("theta", e.what());
  }
  const auto bad = [&](const std::string& problem) { r.fail("theta", fmt::format("{}: {}", file.string(), problem)); };
  // Only '<f8': the values are taken bit for bit, and a narrower or integer type is most likely not θ.
  if (a.dtype != "<f8") bad(fmt::format("dtype '{}', expected float64 ('<f8')", a.dtype));
  const Index p = parameter_count(config);
  if (a.shape.size() != 1) bad(fmt::format("a {}-d array, expected a 1-d array of p = {} parameters", a.shape.size(), p));
  if (static_cast<Index>(a.data.size()) != p) bad(fmt::format("{} entries, the model has p = {} parameters", a.data.size(), p));
  for (std::size_t i = 0; i < a.data.size(); ++i)
    if (!std::isfinite(a.data[i])) bad(fmt::format("entry {} is {}, every parameter must be finite", i, a.data[i]));
  config.theta.file = *name;
  config.theta.values = std::make_shared<const VecD>(Eigen::Map<const VecD>(a.data.data(), p));
  return config;
}

}  // namespace

Index parameter_count(const ModelConfig& config) {
  // Sizes come from the problem file unbounded: products that overflow are an error, never wrapped.
  const auto mul = [](Index a, Index b) {
    Index out = 0;
    if (__builtin_mul_overflow(a, b, &out)) throw InvalidInput("model: the number of parameters overflows");
    return out;
  };
  const auto add = [](Index a, Index b) {
    Index out = 0;
    if (__builtin_add_overflow(a, b, &out)) throw InvalidInput("model: the number of parameters overflows");
    return out;
  };
  return std::visit(
      [&](const auto& c) -> Index {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, MlpConfig>) {
          Index p = 0;
          for (std::size_t l = 1; l < c.widths.size(); ++l)
            p = add(p, add(mul(c.widths[l], c.widths[l - 1]), c.bias ? c.widths[l] : 0));
          return p;
        } else if constexpr (std::is_same_v<C, ScaledShallowConfig>) {
          return mul(c.width, c.input_dim);
        } else if constexpr (std::is_same_v<C, CnnConfig>) {
          // Conv layer l: C × C_{l−1} × q × q; readout: k × C·H·W (vanilla) or k × C (gap).
          const Index q2 = mul(c.filter, c.filter);
          Index p = mul(mul(c.channels, c.input_channels), q2);
          for (Index l = 2; l <= c.conv_layers(); ++l) p = add(p, mul(mul(c.channels, c.channels), q2));
          const Index features = c.readout == CnnReadout::vanilla ? mul(c.channels, mul(c.height, c.width)) : c.channels;
          return add(p, mul(c.output_dim, features));
        } else {
          return mul(mul(c.depth, c.features), c.hidden);
        }
      },
      config);
}

ModelConfig parse_model_config(const toml::table& model_section, Index data_dim, Index data_outputs,
                               const std::string& file) {
  return parse_model_config(model_section, data_dim, data_outputs, file, std::nullopt);
}

ModelConfig parse_model_config(const toml::table& model_section, Index data_dim, Index data_outputs,
                               const std::string& file, const std::optional<data::ImageShape>& image) {
  const data::SectionReader r(model_section, "model", file);
  const std::string kind = r.optional_string("kind").value_or("mlp");
  if (kind == "mlp") return with_initial_theta(r, parse_mlp(r, data_dim, data_outputs));
  if (kind == "scaled-shallow") return with_initial_theta(r, parse_scaled_shallow(r, data_dim, data_outputs));
  if (kind == "rff-resnet") return with_initial_theta(r, parse_rff_resnet(r, data_dim, data_outputs));
  if (kind == "cnn") return with_initial_theta(r, parse_cnn(r, data_dim, data_outputs, image));
  r.fail("kind", fmt::format("'{}' is not one of mlp, scaled-shallow, rff-resnet, cnn", kind));
}

std::string_view to_string(Activation activation) {
  for (const auto& a : kActivations)
    if (a.value == activation) return a.name;
  return "unknown";
}

Activation parse_activation(std::string_view name) {
  std::string normalised(name);
  for (char& ch : normalised)
    if (ch == '_') ch = '-';
  for (const auto& a : kActivations)
    if (a.name == normalised) return a.value;
  throw InvalidInput(fmt::format("unknown activation '{}' (known: {})", name, activation_list()));
}

std::string_view to_string(Parameterization parameterization) {
  return parameterization == Parameterization::standard ? "standard" : "ntk";
}

std::string_view to_string(RffFeatureMap feature_map) {
  return feature_map == RffFeatureMap::rff ? "rff" : "cos-no-phase";
}

std::string_view to_string(CnnReadout readout) { return readout == CnnReadout::vanilla ? "vanilla" : "gap"; }

std::string_view model_kind(const ModelConfig& config) {
  switch (config.index()) {
    case 0: return "mlp";
    case 1: return "scaled-shallow";
    case 2: return "rff-resnet";
    default: return "cnn";
  }
}

}  // namespace nncert::models
