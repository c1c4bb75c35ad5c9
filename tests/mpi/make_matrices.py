"""Symmetric test matrices with exactly known spectra, written as .npy (needs numpy).

A = P·blkdiag(H·diag(d)·Hᵀ/m, diag(e))·Pᵀ with H a Sylvester-Hadamard matrix of order m = 2^k
(HᵀH = m·I, entries ±1) and P a permutation. With integer d every entry of H·diag(d)·Hᵀ is an integer
sum, and the division by m is exact: A holds its spectrum d ∪ e exactly, and is exactly symmetric.

Usage: make_matrices.py DIR   (writes DIR/<name>.npy and DIR/spectra.txt: name lambda_min per line)
"""
import os
import sys

import numpy as np


def hadamard(m):
    h = np.array([[1.0]])
    while h.shape[0] < m:
        h = np.block([[h, h], [h, -h]])
    return h


def exact(d, e, seed):
    m = len(d)
    h = hadamard(m)
    core = (h * np.asarray(d, dtype=float)) @ h.T / m  # integer sums, then an exact division
    n = m + len(e)
    a = np.zeros((n, n))
    a[:m, :m] = core
    a[m:, m:] = np.diag(np.asarray(e, dtype=float))
    p = np.random.default_rng(seed).permutation(n)
    a = a[np.ix_(p, p)]
    assert np.array_equal(a, a.T)
    return a


def main():
    out = sys.argv[1]
    cases = {
        # name: (d, e); λ_min = min(d ∪ e)
        # n = 69, not a multiple of the blocks; a spread spectrum makes A far from diagonally dominant
        "spd69": ([1] + [1 + (37 * k) % 200 for k in range(1, 64)], [70, 71, 72, 73, 74]),
        "spd64": ([3 + (k % 7) for k in range(64)], []),            # λ_min = 3, n = 64, diagonally dominant
        "singular69": ([0] + list(range(1, 64)), [5, 6, 7, 8, 9]),  # λ_min = 0 exactly
        "indefinite37": ([-3] + list(range(1, 32)), [2, 4, 6, 8, 10]),  # λ_min = -3
        "one": ([], [3]),                                           # 1×1
    }
    spectra = []
    for name, (d, e) in cases.items():
        a = exact(d, e, seed=len(name)) if d else np.diag(np.asarray(e, dtype=float))
        np.save(os.path.join(out, name + ".npy"), a)
        spectra.append(f"{name} {min(list(d) + list(e))}")
    # The same matrix in Fortran order (the file then holds A column-major).
    np.save(os.path.join(out, "spd69_fortran.npy"), np.asfortranarray(np.load(os.path.join(out, "spd69.npy"))))
    spectra.append("spd69_fortran 1")
    with open(os.path.join(out, "spectra.txt"), "w") as f:
        f.write("\n".join(spectra) + "\n")
    # Bad inputs.
    a = np.load(os.path.join(out, "spd69.npy"))
    b = a.copy()
    b[40, 7] = np.nextafter(b[40, 7], np.inf)  # one ulp off: not exactly symmetric
    np.save(os.path.join(out, "nonsym.npy"), b)
    np.save(os.path.join(out, "nonsym_fortran.npy"), np.asfortranarray(b))
    c = a.copy()
    c[12, 30] = np.nan
    c[30, 12] = np.nan
    np.save(os.path.join(out, "nan.npy"), c)
    c = a.copy()
    c[68, 68] = np.inf
    np.save(os.path.join(out, "inf.npy"), c)
    np.save(os.path.join(out, "nonsquare.npy"), np.ones((3, 4)))
    np.save(os.path.join(out, "vector.npy"), np.ones(5))
    np.save(os.path.join(out, "float32.npy"), a.astype(np.float32))
    with open(os.path.join(out, "spd69.npy"), "rb") as f:
        raw = f.read()
    with open(os.path.join(out, "truncated.npy"), "wb") as f:
        f.write(raw[:-100])


if __name__ == "__main__":
    main()
