"""nncert from Python: certified linear algebra, infinite-width kernels and convergence-theorem
certificates (docs/python.md).

NumPy arrays go in, plain Python values come out (dicts, tuples, floats, numpy arrays). "certified"
means proven, every rounding error included; every answer is "certified", "refuted" or
"inconclusive". Bad input raises nncert.InvalidInput (a ValueError) with the one-line message of the
`nncert` command line. Long computations release the GIL, and Ctrl-C interrupts them at once.

    >>> import numpy as np, nncert
    >>> r = nncert.certify_spd(np.array([[2.0, 1.0], [1.0, 2.0]]))
    >>> r["verdict"], r["enclosure"][0] <= 1.0 <= r["enclosure"][1]
    ('certified', True)
"""
import json
import math
import numbers
import os
import re

from . import _nncert
from ._nncert import InvalidInput, RangeExceeded, UnsoundEnvironment

__all__ = [
    "InvalidInput", "RangeExceeded", "UnsoundEnvironment", "certify_spd", "sigma_min", "kernel", "verify",
    "prove", "check", "theorems", "jacobian", "entk", "problem_toml",
]


def _real(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidInput(f"{name}: expected a real number, got {type(value).__name__}")
    return float(value)


def certify_spd(A, shift=0.0):
    """Certified enclosure of the smallest eigenvalue of a symmetric matrix, and the claim
    lambda_min(A) > shift (the `nncert certify-spd MATRIX --shift S --json` call).

    A: a square, exactly symmetric, finite numpy array of float64 (C- or Fortran-ordered; it is copied
       once, into the library's matrix).
    shift: prove lambda_min(A) > shift (default 0: A positive definite).

    Returns a dict:
      verdict        "certified" (lambda_min > shift proven), "refuted" (lambda_min <= shift proven) or
                     "inconclusive";
      enclosure      (lower, upper): lambda_min(A) lies in it (proven when `certified` is True);
      certified      whether the enclosure is rigorous; method, precision_bits: how it was obtained;
      n, shift, seconds, reason.
    Raises InvalidInput for a non-array, another dtype, a non-square, empty, non-symmetric or
    non-finite matrix.
    """
    return _nncert.certify_spd(A, _real("shift", shift))


def sigma_min(J, threshold=0.0):
    """Certified enclosure of the smallest singular value of a matrix (n x p), the claim
    sigma_min(J) > threshold, and certified rank bounds (`nncert sigma-min MATRIX --json`).

    J: a non-empty, finite 2-d numpy array of float64.
    threshold: prove sigma_min(J) > threshold (default 0: full rank min(n, p)).

    Returns a dict: verdict, enclosure (lower, upper), certified, method, precision_bits,
    rank (lower, upper) (proven bounds on rank J), n, p, threshold, seconds, reason.
    """
    return _nncert.sigma_min(J, _real("threshold", threshold))


def kernel(which, X, *, widths=None, depth=None, activation="relu", leaky_slope=0.01, scaling="paper",
           sigma_w=1.0, sigma_b=0.0, certify=False):
    """The infinite-width kernel Gram K(X, X) of the rows of X (`nncert kernel ntk|nngp|h-infinity`).

    which: "ntk" or "nngp" (fully connected network) or "h-infinity" (Du et al.'s two-layer ReLU Gram).
    X: n x d float64 numpy array, one input per row.
    widths / depth: the network; depth = the number of hidden layers (widths [d, m1, ..., k] gives
       len(widths) - 2). Default depth 1.
    activation: "relu", "leaky-relu", "abs", "erf" or "identity"; leaky_slope for "leaky-relu".
    scaling: "paper" (Arora et al.: first layer x.x', sigma_w^2 = c_sigma) or "model" (sigma_w^2/d on
       the inputs and sigma_w^2 on every layer).
    sigma_w, sigma_b: weight and bias standard deviations (sigma_b = 0: no bias, the papers' kernel).
    certify: False: return the Gram (n x n numpy array). True: also evaluate the kernel in
       outward-rounded intervals and certify lambda_min > 0 of the exact Gram; returns a dict with
       "gram", "radius" (entrywise: |exact - gram| <= radius), "max_entry_radius" and the
       certify_spd fields (verdict, enclosure, ...), as `--certify --json`.
    Raises RangeExceeded when the kernel of a valid input leaves the double range.
    """
    if which not in ("ntk", "nngp", "h-infinity"):
        raise InvalidInput(f"kernel '{which}' is not one of ntk, nngp, h-infinity (the CNTKs and the empirical NTK "
                           "need a problem: nncert kernel ... --problem, or nncert.entk)")
    if widths is not None and depth is not None:
        raise InvalidInput("kernel: give widths or depth, not both")
    if widths is not None:
        if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__") or len(widths) < 3:
            raise InvalidInput("kernel: widths must list at least the input, one hidden and the output width")
        depth = len(widths) - 2
    if depth is None:
        depth = 1
    if isinstance(depth, bool) or not isinstance(depth, numbers.Integral) or not 1 <= depth <= 1000:
        raise InvalidInput(f"kernel: depth must be an integer in [1, 1000], got {depth!r}")
    if scaling not in ("paper", "model"):
        raise InvalidInput(f"kernel: scaling must be \"paper\" or \"model\", got {scaling!r}")
    if not isinstance(activation, str):
        raise InvalidInput(f"kernel: activation must be a string, got {type(activation).__name__}")
    gram, radius, spd = _nncert.kernel(which, X, int(depth), activation, _real("leaky_slope", leaky_slope),
                                       scaling == "paper", _real("sigma_w", sigma_w), _real("sigma_b", sigma_b),
                                       bool(certify))
    if not certify:
        return gram
    spd.update({"kernel": which, "gram": gram, "radius": radius, "max_entry_radius": float(radius.max())})
    return spd


# ---- problems ------------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _toml_key(key):
    if not isinstance(key, str):
        raise InvalidInput(f"problem: key {key!r} is not a string")
    return key if _BARE_KEY.match(key) else json.dumps(key)


def _toml_value(value, where):
    try:  # numpy scalars and arrays without importing numpy here
        if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
            value = value.tolist()
    except Exception:  # noqa: BLE001 - anything that fails to convert is reported below
        pass
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string with ASCII escapes is a TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v, where) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v, where)}" for k, v in value.items()) + "}"
    raise InvalidInput(f"problem: {where}: a {type(value).__name__} cannot be written in a problem file")


def problem_toml(problem):
    """The TOML text of a problem given as a dict with the sections of a problem file, e.g.
    {"theorem": "generic/jacobian-rank", "data": {...}, "model": {...}, "train": {...}}
    (docs/problem-files.md). Top-level values that are dicts become [sections]."""
    if not isinstance(problem, dict):
        raise InvalidInput(f"problem: expected a dict, got {type(problem).__name__}")
    top, sections = [], []
    for key, value in problem.items():
        if isinstance(value, dict):
            sections.append(f"\n[{_toml_key(key)}]")
            sections += [f"{_toml_key(k)} = {_toml_value(v, f'[{key}] {k}')}" for k, v in value.items()]
        else:
            top.append(f"{_toml_key(key)} = {_toml_value(value, key)}")
    return "\n".join(top + sections) + "\n"


def _problem_source(problem, root):
    """(text or None, path): a dict or TOML text is held in memory, its relative paths resolved against
    `root` (default: the current directory); anything else is the path of a problem file."""
    if root is not None and not isinstance(root, (str, os.PathLike)):
        raise InvalidInput(f"root: expected a directory path, got {type(root).__name__}")
    inline_path = os.path.join(os.fspath(root) if root is not None else os.getcwd(), "problem.toml")
    if isinstance(problem, dict):
        return problem_toml(problem), inline_path
    if isinstance(problem, str) and "\n" in problem:
        return problem, inline_path
    if isinstance(problem, (str, os.PathLike)):
        return None, os.fspath(problem)
    raise InvalidInput(f"problem: expected a path, TOML text or a dict, got {type(problem).__name__}")


def _optional_str(name, value):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name}: expected a string, got {type(value).__name__}")
    return value


def verify(problem, theorem=None, *, root=None):
    """Checks every hypothesis of a theorem on a problem (`nncert verify --json`).

    problem: the path of a problem file, TOML text (a str with a newline) or a dict with the sections
       of a problem file; relative paths in text or a dict resolve against `root` (default: the
       current directory).
    theorem: a theorem id (see theorems()); default: the problem's `theorem`.

    Returns a dict: theorem, verdict ("certified" iff every hypothesis is, "refuted" if one is, else
    "inconclusive"), exit_code (the command line's: 0, 1 or 3) and hypotheses, one dict per hypothesis
    (id, verifier, statement, verdict, quantity, enclosure {lower, upper, ...}, margin, method,
    constants, details, reason, seconds).
    """
    text, path = _problem_source(problem, root)
    return _nncert.verify(text, path, _optional_str("theorem", theorem))


def prove(problem, out, theorem=None, *, force=False, root=None):
    """Verifies, trains, predicts and confirms, and writes out/{certificate.json, report.html,
    report.md, trajectory.csv} (`nncert prove --json`); `out` is replaced in one rename, as by the
    command line (force=True replaces a directory that is not an nncert output).

    Returns a dict: theorem, verdict, prediction, confirmation, strength, exit_code (the command
    line's: 0 confirmed, 1 refuted or violated, 3 inconclusive, 5 not reached), certificate_file,
    report_html, report_md, and certificate (the whole certificate as a dict).
    A problem given as text or a dict is recorded in the certificate as `root`/problem.toml: `nncert
    check` resolves its relative paths against that directory.
    """
    text, path = _problem_source(problem, root)
    if not isinstance(out, (str, os.PathLike)):
        raise InvalidInput(f"out: expected a directory path, got {type(out).__name__}")
    return _nncert.prove(text, path, os.fspath(out), _optional_str("theorem", theorem), bool(force))


def check(certificate, *, replay=True, data_root=None):
    """Re-checks a certificate independently (`nncert check`).

    Returns a dict: valid (bool), exit_code (0 valid, 1 invalid), replayed, items (one dict per
    check: claim, route, passed, skipped, detail) and not_rederived (what a check without replay
    takes as recorded). data_root: the directory the problem's relative data paths resolve against.
    """
    if not isinstance(certificate, (str, os.PathLike)):
        raise InvalidInput(f"certificate: expected a path, got {type(certificate).__name__}")
    if data_root is not None and not isinstance(data_root, (str, os.PathLike)):
        raise InvalidInput(f"data_root: expected a directory path, got {type(data_root).__name__}")
    return _nncert.check(os.fspath(certificate), bool(replay), os.fspath(data_root) if data_root is not None else "")


def theorems():
    """The theorem catalogue (`nncert list`): a list of dicts with id, title, paper and hypotheses
    (each: id, verifier, statement)."""
    return _nncert.theorems()


def jacobian(problem, block="all", *, root=None):
    """The problem's model at theta0 on its data (`nncert jacobian`): a dict of numpy arrays
    J ((n*k) x |block|, rows sample-major i*k + o), theta (theta0, p), X (n x d), Y (n x k) and f (n x k)."""
    text, path = _problem_source(problem, root)
    return _nncert.jacobian(text, path, _optional_str("block", block))


def entk(problem, block="all", *, root=None):
    """The empirical NTK Gram J_S J_S^T ((n*k) x (n*k)) of the problem's model at theta0, formed
    without J (`nncert kernel entk`)."""
    text, path = _problem_source(problem, root)
    return _nncert.entk(text, path, _optional_str("block", block))
