// ntk_gram (docs/theorems/arora-2019-ntk-gram.md#hypotheses): λ_min > 0 of an analytic infinite-width Gram: the fully-connected NTK or
// NNGP of the [model] architecture (kernel = "ntk" | "nngp"), Du et al.'s H∞ ("h-infinity"), or the
// CNTK ("cntk" vanilla, "cntk-gap"; `cntk_depth`, `filter`, `fix_first_last`).
//
// Rigour: the kernels layer returns the Gram as a midpoint-radius enclosure of the exact kernel of the
// given doubles (outward-rounded recursion, lib/linalg matrix_enclosure.hpp); λ_min > 0 is then proven
// for every symmetric matrix in that box (shifted Cholesky, docs/floating-point.md#positive-definiteness-by-an-a-priori-shifted-cholesky Cor.
// 2.7). Identical inputs give identical Gram rows: refuted exactly (the negative
// instance of docs/kernels.md#worked-values).
// The NTK uses the model's own scaling by default (`scaling = "model"`: the kernel the finite net of
// [model] converges to, neural-tangents Dense); `scaling = "paper"` gives Arora et al.'s conventions.
#include <map>
#include <string>

#include <fmt/format.h>

#include "duplicates.hpp"
#include "gram_checks.hpp"
#include "nncert/kernels/cntk.hpp"
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/kernels/h_infinity.hpp"
#include "nncert/kernels/model_kernel.hpp"
#include "nncert/numeric/errors.hpp"
#include "parameters.hpp"

namespace nncert::verifiers {
namespace {

// The Gram's enclosure; `details` receives the kernel's parameters, which the certificate's witness
// records so that `nncert check` can rebuild the same kernel (lib/cert witness.hpp).
linalg::MatrixEnclosure gram_of(const theory::VerificationContext& c, const std::string& kernel,
                               std::map<std::string, std::string>& details) {
  const MatD& X = c.data.X;
  if (kernel == "h-infinity") return kernels::h_infinity_enclosure(X);
  if (kernel == "cntk" || kernel == "cntk-gap") {
    if (!c.data.image) throw InvalidInput(fmt::format("hypothesis '{}': the CNTK needs image data", c.hypothesis.id));
    kernels::CntkSpec spec;
    spec.depth = static_cast<int>(double_parameter(c, "cntk_depth", 3));
    spec.filter = static_cast<int>(double_parameter(c, "filter", 3));
    spec.fix_first_last = bool_parameter(c, "fix_first_last", false);
    spec.readout = kernel == "cntk" ? kernels::CntkReadout::vanilla : kernels::CntkReadout::gap;
    details["cntk_depth"] = fmt::format("{}", spec.depth);
    details["filter"] = fmt::format("{}", spec.filter);
    details["fix_first_last"] = spec.fix_first_last ? "true" : "false";
    const kernels::ImageGeometry g{c.data.image->channels, c.data.image->height, c.data.image->width};
    return kernels::cntk_gram_enclosure(X, g, spec);
  }
  if (kernel != "ntk" && kernel != "nngp")
    throw InvalidInput(fmt::format("hypothesis '{}': unknown kernel '{}' (ntk, nngp, h-infinity, cntk, cntk-gap)", c.hypothesis.id, kernel));
  const auto* mlp = std::get_if<models::MlpConfig>(&c.model);
  if (!mlp) throw InvalidInput(fmt::format("hypothesis '{}': the {} kernel needs an mlp [model]", c.hypothesis.id, kernel));
  const std::string scaling = string_parameter(c, "scaling", "model");
  details["scaling"] = scaling;
  kernels::FcKernelSpec spec;
  try {
    spec = kernels::fc_kernel_spec(*mlp, scaling == "paper");
  } catch (const InvalidInput& e) {
    throw InvalidInput(fmt::format("hypothesis '{}': {}", c.hypothesis.id, e.what()));
  }
  return kernels::fc_kernel_enclosure(X, spec, kernel == "ntk" ? kernels::KernelKind::ntk : kernels::KernelKind::nngp);
}

class NtkGram final : public theory::Verifier {
 public:
  std::string_view name() const override { return "ntk_gram"; }
  std::vector<std::string_view> theorem_parameters() const override { return {"kernel", "scaling", "cntk_depth", "filter", "fix_first_last"}; }
  std::string_view description() const override { return "lambda_min of an analytic NTK / NNGP / H-infinity / CNTK Gram"; }

  theory::Finding check(const theory::VerificationContext& c) const override {
    const std::string kernel = string_parameter(c, "kernel", "ntk");
    theory::Finding f;
    f.quantity = fmt::format("lambda_min({} Gram)", kernel);
    if (const auto pair = first_identical_rows(c.data.X)) {
      f.verdict = Verdict::refuted;
      f.enclosure = certified(0, 0, "structural");
      f.method = "structural: identical inputs give identical Gram rows";
      f.reason = fmt::format("inputs {} and {} are identical: the Gram is singular", pair->first, pair->second);
      f.constants["lambda0"] = certified(0, 0, "structural");
      return f;
    }
    std::map<std::string, std::string> details;
    const linalg::MatrixEnclosure g = gram_of(c, kernel, details);
    f = positive_definite_finding({g.mid, g.rad}, f.quantity, "lambda0", "lambda_max");
    f.details.merge(details);
    f.details["kernel"] = kernel;
    return f;
  }
};

const theory::VerifierRegistration<NtkGram> registration;

}  // namespace
}  // namespace nncert::verifiers
