#include "nncert/cert/independent.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "nncert/kernels/cntk.hpp"
#include "nncert/kernels/h_infinity.hpp"
#include "nncert/kernels/model_kernel.hpp"
#include "nncert/linalg/exact.hpp"
#include "nncert/models/build_model.hpp"
#include "nncert/models/rff_resnet.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/mpfr_product.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/numeric/rounding.hpp"
#include "nncert/train/phase_two_start.hpp"

namespace nncert::cert {

namespace {
constexpr int kBits = 256;
}  // namespace

IndependentCheck prove_mpfr_gram(const Mat<MpfrFloat>& G, const std::string& claim, double bound, int allowance_bits,
                                 const std::string& what, const std::string& route) {
  IndependentCheck out;
  out.attempted = true;
  const Index rows = G.rows();
  // G_d: the symmetrised MPFR Gram rounded to nearest double (the true G is symmetric; each entry's
  // distance to it is covered by R below).
  MatD gd(rows, rows);
  MpfrFloat gmax = 0;
  for (Index i = 0; i < rows; ++i)
    for (Index j = i; j < rows; ++j) {
      const MpfrFloat g = (G(i, j) + G(j, i)) / 2;
      gd(i, j) = gd(j, i) = g.convert_to<double>();
      gmax = std::max(gmax, MpfrFloat(abs(g)));
    }
  // R bound: max |G − G_d| in MPFR (the difference of a 256-bit and a 53-bit value is exact at 256 bits
  // up to one rounding, covered by the allowance) plus the allowance.
  MpfrFloat rmax = 0;
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < rows; ++j) rmax = std::max(rmax, MpfrFloat(abs(G(i, j) - MpfrFloat(gd(i, j)))));
  rmax += ldexp(MpfrFloat(1) + gmax, -allowance_bits);
  const double r_up = next_up(rmax.convert_to<double>());
  const Rational weyl = to_rational(static_cast<double>(rows)) * to_rational(r_up);
  // Target: λ_min(G) >= t, t = b² for a σ_min claim (b > 0), else b.
  const Rational t = claim == "sigma_min" ? to_rational(bound) * to_rational(bound) : to_rational(bound);
  const double lambda_est = Eigen::SelfAdjointEigenSolver<MatD>(gd, Eigen::EigenvaluesOnly).eigenvalues()(0);
  const double floor_needed = linalg::rational_up(t + weyl);
  if (!(lambda_est > floor_needed)) {
    out.detail = fmt::format("not re-proven: lambda_min(G) ≈ {:.6g} is not above the claim {:.6g} plus the rounding radius {:.3g}",
                             lambda_est, linalg::rational_up(t), linalg::rational_up(weyl));
    return out;
  }
  // Shifts between the needed floor and the estimate; the exact check accepts any lower-triangular L.
  for (double frac : {0.5, 0.9, 0.99, 0.1}) {
    const double s = floor_needed + frac * (lambda_est - floor_needed);
    const MatD shifted = gd - s * MatD::Identity(rows, rows);
    const Eigen::LLT<MatD> llt(shifted);
    if (llt.info() != Eigen::Success) continue;
    const MatD L = llt.matrixL();
    if (!L.allFinite()) continue;
    const Rational b = linalg::exact_witness_lower_bound(gd, s, L);
    if (b - weyl >= t) {
      out.verdict = Verdict::certified;
      out.detail = fmt::format("re-proven independently: lambda_min({}) >= {:.17g} >= claim {:.17g} ({}-bit MPFR {}, exact "
                               "integer Cholesky-witness check, N = {})",
                               what, linalg::rational_down(b - weyl), linalg::rational_up(t), kBits, route, rows);
      return out;
    }
  }
  out.detail = "not re-proven: no Cholesky witness passed the exact check";
  return out;
}

namespace {

// Rough count of MPFR operations for the kernel Gram (the CNTK's per-pair cost is (PQ)² per layer for
// GAP, q²·PQ for vanilla).
double kernel_work(const theory::LoadedProblem& problem, const KernelWitness& k) {
  const double n = static_cast<double>(problem.data.n());
  const double pairs = n * (n + 1) / 2;
  if (k.kernel != "cntk" && k.kernel != "cntk-gap") return pairs * 8;
  const double pq = problem.data.image ? static_cast<double>(problem.data.image->height * problem.data.image->width) : 0;
  const double per_layer = k.kernel == "cntk-gap" ? pq * pq : pq * k.filter * k.filter;
  return pairs * per_layer * std::max(1, k.cntk_depth);
}

// The analytic kernel Gram of the data in MPFR at the current precision: the kernels' plain-loop
// reference recursions, not the fast double loops or the interval enclosures the verifier used.
Mat<MpfrFloat> kernel_gram_mpfr(const theory::LoadedProblem& problem, const KernelWitness& k) {
  const Mat<MpfrFloat> X = problem.data.X.cast<MpfrFloat>();  // exact: doubles into 256 bits
  if (k.kernel == "h-infinity") return kernels::h_infinity_reference(X);
  if (k.kernel == "cntk" || k.kernel == "cntk-gap") {
    if (!problem.data.image) throw InvalidInput("the CNTK witness needs image data");
    kernels::CntkSpec spec;
    spec.depth = k.cntk_depth;
    spec.filter = k.filter;
    spec.fix_first_last = k.fix_first_last;
    spec.readout = k.kernel == "cntk" ? kernels::CntkReadout::vanilla : kernels::CntkReadout::gap;
    const auto& im = *problem.data.image;
    const kernels::ImageGeometry g{im.channels, im.height, im.width};
    kernels::validate(spec, g, X.cols());
    return kernels::cntk_gram_reference(X, g, spec);
  }
  const auto* mlp = std::get_if<models::MlpConfig>(&problem.model);
  if (!mlp || (k.kernel != "ntk" && k.kernel != "nngp") || (k.scaling != "model" && k.scaling != "paper"))
    throw InvalidInput("the kernel witness does not describe a fully-connected kernel of an mlp [model]");
  const kernels::FcKernelSpec spec = kernels::fc_kernel_spec(*mlp, k.scaling == "paper");
  return kernels::fc_kernel_reference(X, spec, k.kernel == "ntk" ? kernels::KernelKind::ntk : kernels::KernelKind::nngp);
}

// min_k λ_min(c²·Φ_k Φ_kᵀ) >= bound: the RFF-ResNet evaluated in MPFR at θ0 (frequencies and phases
// drawn in double by the seeded generator, converted exactly; cos and √(2/p) in MPFR), each layer's
// Gram proven separately; the weakest layer's result is returned.
IndependentCheck rff_feature_grams_check(const theory::LoadedProblem& problem, const VecD& theta0, const GramWitness& w,
                                         double bound) {
  IndependentCheck out;
  const auto* cfg = std::get_if<models::RffResNetConfig>(&problem.model);
  if (!cfg || w.claim != "lambda_min") {
    out.attempted = true;
    out.detail = "not re-proven: the feature-Gram witness needs an rff-resnet model and a lambda_min claim";
    return out;
  }
  if (static_cast<double>(problem.data.n()) * static_cast<double>(cfg->features) * cfg->depth > 2e6) {
    out.detail = "skipped: the feature matrices are too large for a 256-bit re-evaluation";
    return out;
  }
  models::RffResNet<MpfrFloat> net(*cfg);
  net.set_params(theta0.cast<MpfrFloat>());
  const Mat<MpfrFloat> X = problem.data.X.cast<MpfrFloat>();
  const MpfrFloat c2 = MpfrFloat(cfg->residual_scale) * MpfrFloat(cfg->residual_scale);
  for (Index k = 0; k < cfg->depth; ++k) {
    const Mat<MpfrFloat> phi = net.features(X, k);
    const Mat<MpfrFloat> G = c2 * mpfr_product(phi, phi.transpose());
    out = prove_mpfr_gram(G, w.claim, bound, 160, fmt::format("c^2 Phi_{} Phi_{}^T", k, k), "random features");
    if (out.verdict != Verdict::certified) return out;
  }
  out.detail += fmt::format(" (every one of the {} layers)", cfg->depth);
  return out;
}

}  // namespace

IndependentCheck independent_gram_check(const theory::LoadedProblem& problem, const VecD& theta0, const GramWitness& w,
                                        double bound, Index max_rows) {
  IndependentCheck out;
  const Index rows = w.matrix == GramMatrix::jacobian ? problem.data.n() * problem.data.k() : problem.data.n();
  if (rows > max_rows) {
    out.detail = fmt::format("skipped: N = {} rows > {} (exact re-check limited to small N)", rows, max_rows);
    return out;
  }
  if (w.bound && !(bound > 0)) {  // an explicit bound stands for full row rank: it must be positive
    out.attempted = true;
    out.detail = fmt::format("not re-proven: the witness's bound {:.17g} is not positive", bound);
    return out;
  }
  if (!(bound > 0)) {  // σ_min >= 0 and λ_min of a Gram >= 0 always hold
    out.verdict = Verdict::certified;
    out.attempted = true;
    out.detail = "bound <= 0 holds for every Gram";
    return out;
  }
  const MpfrPrecision precision(kBits);
  if (w.matrix == GramMatrix::rff_features) return rff_feature_grams_check(problem, theta0, w, bound);
  if (w.matrix == GramMatrix::kernel) {
    if (kernel_work(problem, w.kernel) > 2e7) {
      out.detail = fmt::format("skipped: the {} Gram is too costly for a {}-bit re-evaluation", w.kernel.kernel, kBits);
      return out;
    }
    Mat<MpfrFloat> G;
    try {
      G = kernel_gram_mpfr(problem, w.kernel);
    } catch (const InvalidInput& e) {
      out.attempted = true;
      out.detail = fmt::format("not re-proven: the witness's kernel cannot be rebuilt: {}", e.what());
      return out;
    }
    // Allowance 2^-100: the reference recursion loses at most about half its 256 bits, where an angle
    // is taken of a correlation within 2^-256 of ±1 (arccos' square-root singularity); an assumption
    // about 256-bit evaluation, as for the Jacobian below, with a wider margin.
    return prove_mpfr_gram(G, w.claim, bound, 100, w.kernel.kernel + " Gram", "kernel recursion");
  }
  auto model = models::build_model<MpfrFloat>(problem.model);
  const std::vector<std::string> names = models::split_block_list(w.block);  // S may list several blocks
  Index cols = 0;
  try {
    for (const auto& name : names) cols += model->block(name).size;
  } catch (const InvalidInput& e) {
    out.attempted = true;
    out.detail = fmt::format("not re-proven: the witness's block cannot be rebuilt: {}", e.what());
    return out;
  }
  if (names.empty() || static_cast<double>(rows) * static_cast<double>(cols) > 4e6) {
    out.detail = fmt::format("skipped: J_S is {}x{} (too large for a 256-bit re-evaluation)", rows, cols);
    return out;
  }
  // θ0 (or the replayed switch point) and X are doubles: their conversion to 256-bit values is exact.
  VecD theta = theta0;
  if (w.at == "phase2") {
    const auto* mlp = std::get_if<models::MlpConfig>(&problem.model);
    if (mlp == nullptr) {
      out.attempted = true;
      out.detail = "not re-proven: a phase-2 witness needs an mlp model";
      return out;
    }
    try {
      theta = train::phase_two_start(*mlp, problem.data.X, problem.data.Y, problem.problem, "phase2");
    } catch (const InvalidInput& e) {
      out.attempted = true;
      out.detail = fmt::format("not re-proven: phase 1 cannot be replayed: {}", e.what());
      return out;
    }
  }
  model->set_params(theta.cast<MpfrFloat>());
  const Mat<MpfrFloat> X = problem.data.X.cast<MpfrFloat>();
  Mat<MpfrFloat> J(rows, cols);
  Index at = 0;
  for (const auto& name : names) {
    const Mat<MpfrFloat> part = model->jacobian_block(X, name);
    J.middleCols(at, part.cols()) = part;
    at += part.cols();
  }
  return prove_mpfr_gram(mpfr_product(J, J.transpose()), w.claim, bound, 160, "J_S J_S^T", "Jacobian");
}

}  // namespace nncert::cert
