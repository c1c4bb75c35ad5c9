# Shared fixtures of the Python binding tests (tests/python, run by ctest as python:pytest with
# PYTHONPATH=build/python and NNCERT_BINARY=the nncert command).
import json
import os
import subprocess

import numpy as np
import pytest


@pytest.fixture(scope="session")
def nncert_cli():
    """Runs the nncert command: cli(*args) -> CompletedProcess (text)."""
    binary = os.environ.get("NNCERT_BINARY")
    if not binary:
        pytest.fail("NNCERT_BINARY must name the nncert command (ctest sets it)")

    def run(*args, cwd=None):
        return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)

    return run


def without_seconds(value):
    """A result with every timing removed, for comparing two runs."""
    if isinstance(value, dict):
        return {k: without_seconds(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [without_seconds(v) for v in value]
    return value


def cli_json(result):
    assert result.stdout, result.stderr
    return json.loads(result.stdout)


def small_problem(**model):
    """A generic/jacobian-rank problem on 5 Gaussian points (certified: n·k = 5 rows, p = 31)."""
    m = {"kind": "mlp", "widths": [3, 6, 1], "activation": "tanh", "seed": 9}
    m.update(model)
    return {
        "theorem": "generic/jacobian-rank",
        "data": {"source": "synthetic:gaussian", "n": 5, "d": 3, "seed": 4},
        "model": m,
        "train": {"algorithm": "gd", "step_size": 0.05, "steps": 20, "record_every": 5},
    }


def spd(n, seed, smallest):
    """A symmetric matrix with eigenvalues smallest, 1, 2, ... in a random orthogonal basis."""
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    a = (q * np.concatenate([[smallest], np.arange(1.0, n)])) @ q.T
    return (a + a.T) / 2
