#pragma once
// Convolutional NTK (docs/kernels.md#convolutional-kernels-cntk, Arora et al. 2019 and their CNTK.py): ReLU, q×q filters (q odd),
// stride 1, zero padding, c_σ = 2, L = depth − 1 convolutional layers (the paper's depth counts the
// readout). Readouts: vanilla (flatten + fully-connected: Σ_p R_pp, through the displacement-0
// shortcut in O(q²·PQ·L) per pair) and global average pooling ((PQ)⁻²·Σ_{p,p'} R_pp', the full
// (PQ)² tensor per pair). fix_first_last: first and last layer fixed (Θ⁰ = 0, R = Θ^{L−1}⊙K̇^L),
// the paper's CNTK-GAP column.
//
// Images are the rows of X, flattened channel-major: x[c·H·W + i·W + j].
#include "nncert/linalg/matrix_enclosure.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::kernels {

struct ImageGeometry {
  Index channels = 1;
  Index height = 0;
  Index width = 0;
};

enum class CntkReadout { vanilla, gap };

struct CntkSpec {
  int depth = 3;          // paper convention: convolutional layers + 1 (>= 2)
  int filter = 3;         // q, odd
  bool fix_first_last = false;
  CntkReadout readout = CntkReadout::gap;
};

// Throws InvalidInput naming the problem (even filter, depth < 2, X.cols() != C·H·W, ...).
void validate(const CntkSpec& spec, const ImageGeometry& geometry, Index columns);

// Gram of the images, double. Per-image self terms once, pairs spread over both cores.
MatD cntk_gram(const MatD& X, const ImageGeometry& geometry, const CntkSpec& spec);

// K(X1, X2) (test-versus-train).
MatD cntk_cross(const MatD& X1, const MatD& X2, const ImageGeometry& geometry, const CntkSpec& spec);

// The same computation in any scalar: double, Float128, MpfrFloat.
template <class S>
Mat<S> cntk_gram_reference(const Mat<S>& X, const ImageGeometry& geometry, const CntkSpec& spec);

// cntk_gram(X) with a rigorous entrywise error bound (the whole pair computation in outward-rounded
// intervals; about 20× the cost of the double Gram).
linalg::MatrixEnclosure cntk_gram_enclosure(const MatD& X, const ImageGeometry& geometry, const CntkSpec& spec);

}  // namespace nncert::kernels
