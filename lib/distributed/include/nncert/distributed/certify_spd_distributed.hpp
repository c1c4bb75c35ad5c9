#pragma once
// λ_min enclosure of a symmetric matrix held block-cyclically, and the claim λ_min > shift: the
// serial certify_lambda_min's argument (linalg/certify_spd.hpp, apriori_cholesky.hpp) with
// ScaLAPACK's pdpotrf as the Cholesky, every global quantity combined across ranks with upward
// rounding (collectives.hpp). Collective: every rank calls it and gets the same result.
//
//   certified    : λ_min > shift proven: Gershgorin, or pdpotrf of A − (μ + c)I succeeding with μ >= shift
//                  (Rump's a-priori shift c, the same inequality as the serial test);
//   refuted      : λ_min <= shift proven: a diagonal entry, or a Rayleigh quotient xᵀAx/xᵀx bounded
//                  above with outward rounding, <= shift;
//   inconclusive : neither (the serial command's higher-precision and exact rungs are not distributed).
//
// Interval form (rho > 0): the claims are for every symmetric X with ‖X − A‖₂ <= rho (Weyl:
// λ_min(X) >= λ_min(A) − rho, and xᵀXx <= xᵀAx + rho·xᵀx).
#include "nncert/distributed/block_cyclic.hpp"
#include "nncert/linalg/certify_spd.hpp"

namespace nncert::distributed {

struct DistributedSpdOptions {
  double shift = 0;
  double rho = 0;  // >= ‖X − A‖₂ for the matrix X the claim is about (0: A itself)
};

// `a` must be exactly symmetric and finite (read_symmetric_npy, or built symmetric); it is not changed.
linalg::SpdResult certify_lambda_min_distributed(const BlockCyclicMatrix& a, const DistributedSpdOptions& options);

}  // namespace nncert::distributed
