# nncert.kernel: the analytic Gram against a closed form computed here (depth-1 ReLU NTK, the
# arc-cosine kernels), the command line's `nncert kernel ntk --certify`, and its errors.
import numpy as np
import pytest

import nncert
from conftest import cli_json


def unit_rows(n, d, seed):
    x = np.random.default_rng(seed).standard_normal((n, d))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def relu_ntk_depth1(x):
    """Arora et al.'s NTK of a one-hidden-layer ReLU net (c_sigma = 2, no bias), in closed form:
    Sigma1 = |x||y| (sin t + (pi - t) cos t) / pi, Sigma1' = (pi - t) / pi, Theta = Sigma1 + Sigma1' x.y."""
    norms = np.linalg.norm(x, axis=1)
    dots = x @ x.T
    cos = np.clip(dots / np.outer(norms, norms), -1.0, 1.0)
    t = np.arccos(cos)
    sigma = np.outer(norms, norms) * (np.sin(t) + (np.pi - t) * cos) / np.pi
    return sigma + (np.pi - t) / np.pi * dots


def test_ntk_matches_the_closed_form():
    x = unit_rows(12, 5, 1)
    k = nncert.kernel("ntk", x, widths=[5, 100, 1])
    np.testing.assert_allclose(k, relu_ntk_depth1(x), rtol=1e-12, atol=1e-13)
    assert np.array_equal(k, k.T)
    # Negative twin: depth 2 is another kernel.
    assert np.abs(nncert.kernel("ntk", x, depth=2) - relu_ntk_depth1(x)).max() > 1e-3


def test_certified_ntk_matches_the_command_line(tmp_path, nncert_cli):
    x = unit_rows(10, 4, 2)
    np.save(tmp_path / "X.npy", x)
    (tmp_path / "p.toml").write_text(nncert.problem_toml(
        {"data": {"source": "npy:X.npy"}, "model": {"widths": [4, 8, 8, 1], "bias": False}}))
    cli = cli_json(nncert_cli("kernel", "ntk", "--problem", tmp_path / "p.toml", "--out", tmp_path / "k.npy",
                              "--certify", "--json"))
    r = nncert.kernel("ntk", x, depth=2, certify=True)
    assert r["verdict"] == cli["verdict"] == "certified"
    assert r["enclosure"] == (cli["lambda_min"]["lower"], cli["lambda_min"]["upper"])
    assert r["max_entry_radius"] == cli["max_entry_radius"]
    assert np.array_equal(r["gram"], np.load(tmp_path / "k.npy"))
    assert np.all(r["radius"] >= 0) and r["radius"].shape == (10, 10)
    lam = np.linalg.eigvalsh(r["gram"])[0]
    assert r["enclosure"][0] <= lam <= r["enclosure"][1]


def test_a_repeated_input_is_not_certified():
    x = unit_rows(6, 3, 3)
    x[5] = x[4]  # two equal rows: the Gram is singular
    assert nncert.kernel("ntk", x, certify=True)["verdict"] != "certified"
    h = nncert.kernel("h-infinity", x, certify=True)
    assert h["verdict"] != "certified" and h["kernel"] == "h-infinity"


@pytest.mark.parametrize("args,kwargs,needle", [
    (("cntk", np.eye(3)), {}, "not one of ntk, nngp, h-infinity"),
    (("ntk", np.eye(3)), {"activation": "swish"}, "swish"),
    (("ntk", np.eye(3)), {"depth": 0}, "depth"),
    (("ntk", np.eye(3)), {"widths": [3, 1]}, "widths"),
    (("ntk", np.eye(3)), {"scaling": "other"}, "scaling"),
    (("ntk", np.eye(3)), {"sigma_b": -1.0}, "sigma_b"),
    (("ntk", np.ones(3)), {}, "1-d"),
    (("ntk", np.array([[1.0, np.nan]])), {}, r"X: NaN at entry \(0, 1\)"),
    (("ntk", np.eye(3, dtype=np.int32)), {}, "dtype int32"),
])
def test_kernel_errors(args, kwargs, needle):
    with pytest.raises(nncert.InvalidInput, match=needle):
        nncert.kernel(*args, **kwargs)
