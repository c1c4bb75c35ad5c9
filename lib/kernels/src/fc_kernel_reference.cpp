// Plain-loop evaluation of the fully-connected kernels in any scalar, and its explicit instantiations.
#include "fc_recursion_impl.hpp"
#include "nncert/numeric/eigen_multiprecision.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::kernels {

template <class S>
Mat<S> fc_kernel_reference(const Mat<S>& X, const FcKernelSpec& spec, KernelKind kind) {
  validate(spec);
  const Index n = X.rows();
  const auto p = detail::make_fc_params<S>(spec, X.cols());
  const Mat<S> G = X * X.transpose();
  const int L = spec.depth;
  std::vector<S> diag(static_cast<std::size_t>(n * (L + 1)));
  Mat<S> K(n, n);
  for (Index i = 0; i < n; ++i) K(i, i) = detail::fc_self_chain(p, kind, G(i, i), &diag[i * (L + 1)]);
  for (Index j = 0; j < n; ++j) {
    for (Index i = j + 1; i < n; ++i) {
      K(i, j) = detail::fc_pair_value(p, kind, G(i, j), &diag[i * (L + 1)], &diag[j * (L + 1)]);
      K(j, i) = K(i, j);
    }
  }
  return K;
}

template Mat<double> fc_kernel_reference(const Mat<double>&, const FcKernelSpec&, KernelKind);
template Mat<Float128> fc_kernel_reference(const Mat<Float128>&, const FcKernelSpec&, KernelKind);
template Mat<MpfrFloat> fc_kernel_reference(const Mat<MpfrFloat>&, const FcKernelSpec&, KernelKind);

}  // namespace nncert::kernels
