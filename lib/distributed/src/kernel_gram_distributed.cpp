#include "nncert/distributed/kernel_gram_distributed.hpp"

#include <cmath>
#include <vector>

#include "collectives.hpp"
#include "nncert/distributed/mpi_session.hpp"
#include "nncert/numeric/rounding.hpp"

namespace nncert::distributed {

DistributedGram fc_gram_enclosure_distributed(const MatD& X, const kernels::FcKernelSpec& spec,
                                              kernels::KernelKind kind, const ProcessGrid& grid) {
  DistributedGram g{BlockCyclicMatrix(grid, X.rows())};
  const linalg::MatrixEnclosure tile =
      kernels::fc_kernel_enclosure_tile(X, spec, kind, g.mid.global_rows(), g.mid.global_cols());
  bool finite = tile.mid.allFinite() && tile.rad.allFinite();
  std::vector<double> row_sums(static_cast<std::size_t>(X.rows()), 0.0);
  double frobenius_squared = 0, max_radius = 0;
  for (Index lj = 0; lj < g.mid.local_cols(); ++lj) {
    for (Index li = 0; li < g.mid.local_rows(); ++li) {
      g.mid.at(li, lj) = tile.mid(li, lj);
      const double r = tile.rad(li, lj);
      auto& s = row_sums[static_cast<std::size_t>(g.mid.global_row(li))];
      s = add_up(s, r);                                              // >= Σ_j r_ij, this rank's part
      frobenius_squared = add_up(frobenius_squared, mul_up(r, r));   // >= Σ r_ij², this rank's part
      max_radius = std::max(max_radius, r);
    }
  }
  g.finite = all_ranks(finite);
  if (!g.finite) return g;
  sum_up_across_ranks(row_sums);
  std::vector<double> f{frobenius_squared};
  sum_up_across_ranks(f);
  double norm_inf = 0;
  for (const double s : row_sums) norm_inf = std::max(norm_inf, s);
  // ‖K − mid‖₂ <= ‖R‖₂ (0 <= |K − mid| <= R entrywise), and for symmetric R >= 0, ‖R‖₂ = ρ(R) <= ‖R‖_∞,
  // ‖R‖₂ <= ‖R‖_F.
  g.rho = std::min(norm_inf, sqrt_up(f[0]));
  g.max_radius = max_across_ranks(max_radius);
  return g;
}

}  // namespace nncert::distributed
