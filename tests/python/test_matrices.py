# certify_spd and sigma_min: the command line's verdicts and numbers, numpy layouts, and every bad
# input raising nncert.InvalidInput with the command line's message.
import numpy as np
import pytest

import nncert
from conftest import cli_json, spd


def test_certify_spd_matches_the_command_line(tmp_path, nncert_cli):
    a = spd(40, 1, 0.05)
    np.save(tmp_path / "a.npy", a)
    py = nncert.certify_spd(a)
    cli = cli_json(nncert_cli("certify-spd", tmp_path / "a.npy", "--json"))
    assert py["verdict"] == cli["verdict"] == "certified"
    assert py["enclosure"] == (cli["lambda_min"]["lower"], cli["lambda_min"]["upper"])
    assert py["method"] == cli["lambda_min"]["method"] and py["reason"] == cli["reason"]
    lam = np.linalg.eigvalsh(a)[0]  # an independent estimate (LAPACK), well inside the margin
    assert py["enclosure"][0] <= lam <= py["enclosure"][1]
    assert py["enclosure"][0] > 0 and py["certified"]


def test_certify_spd_refutes_an_indefinite_matrix_and_a_shift(tmp_path, nncert_cli):
    a = spd(30, 2, -0.5)
    np.save(tmp_path / "a.npy", a)
    r = nncert.certify_spd(a)
    assert r["verdict"] == "refuted" == cli_json(nncert_cli("certify-spd", tmp_path / "a.npy", "--json"))["verdict"]
    assert r["enclosure"][0] <= -0.5 <= r["enclosure"][1] + 1e-12
    # λ_min([[2,1],[1,2]]) = 1: certified above 0.5, refuted above 1.5.
    b = np.array([[2.0, 1.0], [1.0, 2.0]])
    assert nncert.certify_spd(b, shift=0.5)["verdict"] == "certified"
    assert nncert.certify_spd(b, shift=1.5)["verdict"] == "refuted"


def test_memory_orders_and_views_give_the_same_answer():
    a = spd(25, 3, 0.01)
    c = np.ascontiguousarray(a)
    f = np.asfortranarray(a)
    big = np.zeros((50, 50))
    big[::2, ::2] = a
    view = big[::2, ::2]  # neither C- nor F-contiguous
    results = [nncert.certify_spd(x) for x in (c, f, view)]
    assert {r["enclosure"] for r in results} == {results[0]["enclosure"]}
    assert results[0]["verdict"] == "certified"


def test_sigma_min_matches_the_command_line(tmp_path, nncert_cli):
    j = np.random.default_rng(4).standard_normal((6, 10))
    np.save(tmp_path / "j.npy", j)
    py = nncert.sigma_min(j)
    cli = cli_json(nncert_cli("sigma-min", tmp_path / "j.npy", "--json"))
    assert py["verdict"] == cli["verdict"] == "certified"
    assert py["enclosure"] == (cli["sigma_min"]["lower"], cli["sigma_min"]["upper"])
    assert py["rank"] == (cli["rank"]["lower"], cli["rank"]["upper"]) == (6, 6)
    s = np.linalg.svd(j, compute_uv=False)[-1]
    assert py["enclosure"][0] <= s <= py["enclosure"][1]
    # Negative twin: a repeated row makes J rank deficient; full rank is refuted or at least not certified.
    j[5] = j[4]
    r = nncert.sigma_min(j)
    assert r["verdict"] != "certified" and r["rank"][0] <= 5


BAD_MATRICES = [
    ([[2.0, 1.0], [1.0, 2.0]], "expected a numpy.ndarray"),
    (np.eye(3, dtype=np.int64), "dtype int64"),
    (np.eye(3, dtype=np.float32), "dtype float32"),
    (np.eye(3).astype(">f8"), "expected float64"),
    (np.ones(4), "a 1-d array"),
    (np.ones((2, 2, 2)), "a 3-d array"),
    (np.zeros((0, 0)), "empty matrix"),
    (np.zeros((3, 0)), "empty matrix"),
    (np.ones((2, 3)), "square"),
    (np.array([[1.0, np.nan], [np.nan, 1.0]]), r"NaN at entry \(0, 1\)"),
    (np.array([[1.0, 1.0], [1.0, -np.inf]]), r"Inf at entry \(1, 1\)"),
    (np.array([[2.0, 1.0], [0.5, 2.0]]), "symmetric"),
]


@pytest.mark.parametrize("matrix,needle", BAD_MATRICES)
def test_bad_matrices_raise_invalid_input(matrix, needle):
    with pytest.raises(nncert.InvalidInput, match=needle) as info:
        nncert.certify_spd(matrix)
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


def test_bad_input_messages_are_the_command_lines(tmp_path, nncert_cli):
    for name, matrix in {"nan": np.array([[1.0, np.nan], [np.nan, 1.0]]), "asym": np.array([[2.0, 1.0], [0.5, 2.0]]),
                         "rect": np.ones((2, 3))}.items():
        np.save(tmp_path / f"{name}.npy", matrix)
        cli = nncert_cli("certify-spd", tmp_path / f"{name}.npy")
        assert cli.returncode == 2
        with pytest.raises(nncert.InvalidInput) as info:
            nncert.certify_spd(matrix)
        # The command line names the file where Python names the argument: "nncert: error: FILE: <message>"
        # and "A: <message>".
        message = str(info.value).removeprefix("A: ")
        assert cli.stderr.strip() == f"nncert: error: {tmp_path / name}.npy: {message}", (cli.stderr, str(info.value))


def test_bad_scalars_and_sigma_min_inputs():
    with pytest.raises(nncert.InvalidInput, match="shift: expected a real number"):
        nncert.certify_spd(np.eye(2), shift="1")
    with pytest.raises(nncert.InvalidInput, match="finite"):
        nncert.certify_spd(np.eye(2), shift=float("nan"))
    for bad in (np.ones(3), np.zeros((0, 2)), np.array([[np.nan, 1.0]]), np.eye(2, dtype=complex)):
        with pytest.raises(nncert.InvalidInput):
            nncert.sigma_min(bad)
