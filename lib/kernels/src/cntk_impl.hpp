#pragma once
// One CNTK pair in any scalar (docs/kernels.md#convolutional-kernels-cntk). Tensors over pixel pairs (p, p') = ((i, j), (i', j'))
// are stored as T[((i·P + i')·Q + j)·Q + j'], so the patch-trace operator
//   (𝒯M)_{(i,j),(i',j')} = Σ_{a,b=−r..r} M_{(i+a, j+b),(i'+a, j'+b)}   (out-of-image terms 0)
// splits into a shift-sum over a of whole Q×Q blocks and a shift-sum over b inside each block:
// 2q additions per entry instead of q².
#include <algorithm>
#include <type_traits>
#include <vector>

#include "dual_activation_impl.hpp"
#include "fast_angle.hpp"
#include "nncert/kernels/cntk.hpp"

namespace nncert::kernels::detail {

struct CntkShape {
  Index C, P, Q;
  int r;       // filter half-width (q = 2r + 1)
  int layers;  // L = depth − 1 convolutional layers
  bool fix;
  CntkReadout readout;
  Index pixels() const { return P * Q; }
};

// 𝒯 restricted to displacement 0 (same pixel in both images): out_p = Σ_δ in_{p+δ}.
template <class S>
void patch_trace_diagonal(const CntkShape& g, const S* in, S* out) {
  for (Index i = 0; i < g.P; ++i) {
    for (Index j = 0; j < g.Q; ++j) {
      S acc(0);
      for (Index a = std::max<Index>(-g.r, -i); a <= std::min<Index>(g.r, g.P - 1 - i); ++a) {
        for (Index b = std::max<Index>(-g.r, -j); b <= std::min<Index>(g.r, g.Q - 1 - j); ++b) {
          acc += in[(i + a) * g.Q + (j + b)];
        }
      }
      out[i * g.Q + j] = acc;
    }
  }
}

// Full 𝒯 on a (PQ)² tensor; tmp has the same size. in and out may not alias tmp.
template <class S>
void patch_trace_full(const CntkShape& g, const S* in, S* tmp, S* out) {
  const Index P = g.P, Q = g.Q, QQ = Q * Q;
  // Step 1: over a (rows i, i' shifted together), whole Q×Q blocks.
  for (Index i = 0; i < P; ++i) {
    for (Index i2 = 0; i2 < P; ++i2) {
      S* dst = tmp + (i * P + i2) * QQ;
      // The shift a = 0 is always in range: it initialises dst (no separate clearing pass over the
      // (PQ)² buffer), the others add to it.
      const S* centre = in + (i * P + i2) * QQ;
#pragma omp simd
      for (Index k = 0; k < QQ; ++k) dst[k] = centre[k];
      const Index a_lo = std::max<Index>(-g.r, -std::min(i, i2));
      const Index a_hi = std::min<Index>(g.r, P - 1 - std::max(i, i2));
      for (Index a = a_lo; a <= a_hi; ++a) {
        if (a == 0) continue;
        const S* src = in + ((i + a) * P + (i2 + a)) * QQ;
#pragma omp simd
        for (Index k = 0; k < QQ; ++k) dst[k] += src[k];
      }
    }
  }
  // Step 2: over b (columns j, j' shifted together) inside each block.
  for (Index blk = 0; blk < P * P; ++blk) {
    const S* src = tmp + blk * QQ;
    S* dst = out + blk * QQ;
    for (Index j = 0; j < Q; ++j) {
      S* row = dst + j * Q;
      const S* centre = src + j * Q;  // b = 0, always in range, initialises the row
#pragma omp simd
      for (Index j2 = 0; j2 < Q; ++j2) row[j2] = centre[j2];
      for (Index b = std::max<Index>(-g.r, -j); b <= std::min<Index>(g.r, Q - 1 - j); ++b) {
        if (b == 0) continue;
        const S* srow = src + (j + b) * Q + b;  // srow[j2] = src[(j+b)·Q + j2 + b]
        const Index lo = std::max<Index>(0, -b), hi = std::min<Index>(Q, Q - b);
#pragma omp simd
        for (Index j2 = lo; j2 < hi; ++j2) row[j2] += srow[j2];
      }
    }
  }
}

// Per-image self chain: d[h·PQ + p] = Σʰ_pp(x, x), h = 0..L−1. ReLU with c_σ = 2 at ρ = 1 gives
// Kʰ_pp = (2/q²)·Σʰ⁻¹_pp/2 = Σʰ⁻¹_pp/q², so the chain needs only diagonals.
template <class S>
void cntk_self_chain(const CntkShape& g, const S* x, S* d) {
  const Index n = g.pixels();
  std::vector<S> v(static_cast<std::size_t>(n), S(0));
  for (Index c = 0; c < g.C; ++c) {
    for (Index p = 0; p < n; ++p) v[p] += x[c * n + p] * x[c * n + p];
  }
  patch_trace_diagonal(g, v.data(), d);
  const S q2(static_cast<double>((2 * g.r + 1) * (2 * g.r + 1)));
  for (int h = 1; h < g.layers; ++h) {
    for (Index p = 0; p < n; ++p) v[p] = d[(h - 1) * n + p] / q2;
    patch_trace_diagonal(g, v.data(), d + h * n);
  }
}

template <class S>
struct CntkWorkspace {
  std::vector<S> sigma, theta, tmp, k, kdot;
};

// relu duals scaled by c_σ/q² = 2/q² for one entry.
template <class S>
inline void cntk_dual(const S& a, const S& b, const S& c, const S& scale, const S& pi, S& k, S& kdot) {
  if constexpr (std::is_same_v<S, double>) {
    const ReluDual d = relu_dual_fast(a, b, c);
    k = scale * d.e;
    kdot = scale * d.edot;
  } else if constexpr (std::is_same_v<S, Interval>) {
    const Dual<Interval> d = relu_dual_interval(a, b, c);
    k = scale * d.e;
    kdot = scale * d.edot;
  } else {
    const Dual<S> d = relu_dual_point(a, b, c, pi);
    k = scale * d.e;
    kdot = scale * d.edot;
  }
}

// CNTK-V through the displacement-0 shortcut.
template <class S>
S cntk_vanilla_pair(const CntkShape& g, const S* x, const S* y, const S* dx, const S* dy, bool same, CntkWorkspace<S>& w) {
  const Index n = g.pixels();
  w.sigma.assign(static_cast<std::size_t>(n), S(0));
  w.theta.resize(static_cast<std::size_t>(n));
  w.tmp.resize(static_cast<std::size_t>(n));
  w.k.resize(static_cast<std::size_t>(n));
  w.kdot.resize(static_cast<std::size_t>(n));
  for (Index c = 0; c < g.C; ++c) {
    for (Index p = 0; p < n; ++p) w.sigma[p] += x[c * n + p] * y[c * n + p];
  }
  patch_trace_diagonal(g, w.sigma.data(), w.tmp.data());
  std::swap(w.sigma, w.tmp);
  for (Index p = 0; p < n; ++p) w.theta[p] = g.fix ? S(0) : w.sigma[p];
  const S scale = S(2) / S(static_cast<double>((2 * g.r + 1) * (2 * g.r + 1)));
  const S pi = pi_value<S>();
  for (int h = 1; h <= g.layers; ++h) {
    for (Index p = 0; p < n; ++p) {
      if (same) {
        // ρ = 1 exactly for an image with itself: the self duals a/2, 1/2 (no √(1−ρ) amplification).
        w.k[p] = scale * dx[(h - 1) * n + p] / S(2);
        w.kdot[p] = scale / S(2);
      } else {
        cntk_dual(dx[(h - 1) * n + p], dy[(h - 1) * n + p], w.sigma[p], scale, pi, w.k[p], w.kdot[p]);
      }
    }
    if (h == g.layers) break;
    patch_trace_diagonal(g, w.k.data(), w.sigma.data());
    for (Index p = 0; p < n; ++p) w.tmp[p] = w.theta[p] * w.kdot[p] + w.k[p];
    patch_trace_diagonal(g, w.tmp.data(), w.theta.data());
  }
  S sum(0);
  for (Index p = 0; p < n; ++p) sum += g.fix ? S(w.theta[p] * w.kdot[p]) : S(w.theta[p] * w.kdot[p] + w.k[p]);
  return sum;
}

// One row of the fused GAP layer in double: K = scale·E[relu relu] into kk, and Θ ← Θ·scale·E[1 1]
// (+ K unless the layer is the fixed last one). KeepK is a template argument because a select on a
// loop-invariant flag inside the loop stops GCC 12 vectorising it (measured: the loop ran scalar).
template <bool KeepK>
inline void fused_dual_row(Index Q, double av, const double* brow, const double* sig, double scale, double* kk,
                           double* th) {
#pragma omp simd
  for (Index j2 = 0; j2 < Q; ++j2) {
    const ReluDual d = relu_dual_fast(av, brow[j2], sig[j2]);
    const double kv = scale * d.e;
    kk[j2] = kv;
    if constexpr (KeepK)
      th[j2] = th[j2] * (scale * d.edot) + kv;
    else
      th[j2] = th[j2] * (scale * d.edot);
  }
}

// CNTK-GAP: the full (PQ)² tensor.
template <class S>
S cntk_gap_pair(const CntkShape& g, const S* x, const S* y, const S* dx, const S* dy, bool same, CntkWorkspace<S>& w) {
  const Index P = g.P, Q = g.Q, n = g.pixels();
  const std::size_t size = static_cast<std::size_t>(n * n);
  // Every buffer is fully overwritten before it is read (patch_trace_full writes all of its output),
  // so none is cleared: clearing four (PQ)² buffers per pair cost about a tenth of the pair.
  w.sigma.resize(size);
  w.theta.resize(size);
  w.tmp.resize(size);
  w.k.resize(size);
  // Raw Σ_c x_c(i,j)·y_c(i',j') into w.k (channel 0 assigns, the others add), then Σ⁰ = 𝒯 of it.
  for (Index c = 0; c < g.C; ++c) {
    const S* xc = x + c * n;
    const S* yc = y + c * n;
    for (Index i = 0; i < P; ++i) {
      for (Index i2 = 0; i2 < P; ++i2) {
        for (Index j = 0; j < Q; ++j) {
          const S xv = xc[i * Q + j];
          S* dst = w.k.data() + ((i * P + i2) * Q + j) * Q;
          const S* yrow = yc + i2 * Q;
          if (c == 0) {
            for (Index j2 = 0; j2 < Q; ++j2) dst[j2] = xv * yrow[j2];
          } else {
            for (Index j2 = 0; j2 < Q; ++j2) dst[j2] += xv * yrow[j2];
          }
        }
      }
    }
  }
  patch_trace_full(g, w.k.data(), w.tmp.data(), w.sigma.data());
  if (g.fix) {
    std::fill(w.theta.begin(), w.theta.end(), S(0));
  } else {
    w.theta = w.sigma;
  }
  const S scale = S(2) / S(static_cast<double>((2 * g.r + 1) * (2 * g.r + 1)));
  const S pi = pi_value<S>();
  S total(0);
  for (int h = 1; h <= g.layers; ++h) {
    const S* a = dx + (h - 1) * n;
    const S* b = dy + (h - 1) * n;
    const bool last = h == g.layers;
    // Fused: K into w.k, and R = Θ⊙K̇ + K (or Θ⊙K̇ when fixed) in place of Θ.
    for (Index i = 0; i < P; ++i) {
      for (Index i2 = 0; i2 < P; ++i2) {
        for (Index j = 0; j < Q; ++j) {
          const Index base = ((i * P + i2) * Q + j) * Q;
          const S av = a[i * Q + j];
          const S* brow = b + i2 * Q;
          S* sig = w.sigma.data() + base;
          S* th = w.theta.data() + base;
          S* kk = w.k.data() + base;
          // Same image, same pixel: ρ = 1 exactly; fixed up after the row with the self duals.
          const bool self_entry = same && i == i2;
          const S th_old = self_entry ? th[j] : S(0);
          if constexpr (std::is_same_v<S, double>) {
            if (last && g.fix)
              fused_dual_row<false>(Q, av, brow, sig, scale, kk, th);
            else
              fused_dual_row<true>(Q, av, brow, sig, scale, kk, th);
          } else {
            for (Index j2 = 0; j2 < Q; ++j2) {
              S kv, kd;
              cntk_dual(av, brow[j2], sig[j2], scale, pi, kv, kd);
              kk[j2] = kv;
              th[j2] = (last && g.fix) ? S(th[j2] * kd) : S(th[j2] * kd + kv);
            }
          }
          if (self_entry) {
            kk[j] = scale * av / S(2);
            th[j] = (last && g.fix) ? S(th_old * (scale / S(2))) : S(th_old * (scale / S(2)) + kk[j]);
          }
        }
      }
    }
    if (last) {
      for (std::size_t t = 0; t < size; ++t) total += w.theta[t];
      break;
    }
    patch_trace_full(g, w.k.data(), w.tmp.data(), w.sigma.data());
    // Θ ← 𝒯(Θ⊙K̇ + K): w.theta already holds the argument; 𝒯 into w.k (free now).
    patch_trace_full(g, w.theta.data(), w.tmp.data(), w.k.data());
    std::swap(w.theta, w.k);
  }
  const S pq(static_cast<double>(n));
  return total / (pq * pq);
}

template <class S>
S cntk_pair(const CntkShape& g, const S* x, const S* y, const S* dx, const S* dy, bool same, CntkWorkspace<S>& w) {
  return g.readout == CntkReadout::gap ? cntk_gap_pair(g, x, y, dx, dy, same, w)
                                       : cntk_vanilla_pair(g, x, y, dx, dy, same, w);
}

CntkShape make_shape(const CntkSpec& spec, const ImageGeometry& geometry);

}  // namespace nncert::kernels::detail
