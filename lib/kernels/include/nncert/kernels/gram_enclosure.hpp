#pragma once
// A kernel Gram in midpoint-radius form (docs/floating-point.md#positive-definiteness-by-an-a-priori-shifted-cholesky, interval input):
// mid is the double evaluation, rad an entrywise bound on its error, |K_exact − mid| <= rad, where
// K_exact is the kernel of the exact double inputs. certify_lambda_min(mid, rad) then proves a bound
// valid for the exact Gram.
#include "nncert/numeric/types.hpp"

namespace nncert::kernels {

struct GramEnclosure {
  MatD mid;
  MatD rad;
};

}  // namespace nncert::kernels
