#!/usr/bin/env python3
"""nncert.certify_spd from Python against the nncert command on the same 3000x3000 matrix (not run in
CI). Prints the best of 3 for each side and the Python call's overhead; the issue's target is <= 10 %.

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_python_certify_spd.py [build/verifiers/nncert]

The matrix is a well-conditioned Gram B B^T/n + I with B standard normal (seed 0). The command's time
is the whole process (start, reading the .npy, certifying), as a shell user sees it; the Python time
is one call on an array already in memory (copying it into the library's matrix included).
"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

import nncert

N = 3000
REPEATS = 3


def best_of(f):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join("build", "verifiers", "nncert")
    b = np.random.default_rng(0).standard_normal((N, N))
    a = b @ b.T / N + np.eye(N)
    a = (a + a.T) / 2
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "a.npy")
        np.save(path, a)
        py_result = nncert.certify_spd(a)
        cli = subprocess.run([binary, "certify-spd", path, "--json"], capture_output=True, text=True, check=False)
        assert cli.returncode == 0, cli.stderr
        t_cli = best_of(lambda: subprocess.run([binary, "certify-spd", path, "--json"], capture_output=True, check=True))
    t_py = best_of(lambda: nncert.certify_spd(a))
    print(f"matrix {N}x{N}, verdict {py_result['verdict']}, enclosure {py_result['enclosure']}")
    print(f"nncert certify-spd process (best of {REPEATS}): {t_cli:.3f} s")
    print(f"nncert.certify_spd call   (best of {REPEATS}): {t_py:.3f} s")
    print(f"Python overhead: {100 * (t_py / t_cli - 1):+.1f} % (target <= +10 %)")


if __name__ == "__main__":
    main()
