# verify / prove / check / theorems / jacobian / entk on problems given as a path, TOML text or a
# dict: the command line's verdicts and numbers, a certificate from Python that `nncert check`
# validates, [model] theta files, and bad problems raising nncert.InvalidInput.
import json
import shutil

import numpy as np
import pytest

import nncert
from conftest import cli_json, small_problem, without_seconds


def test_theorems_lists_the_catalogue(nncert_cli):
    ids = [t["id"] for t in nncert.theorems()]
    assert "generic/jacobian-rank" in ids and "arora-2019/ntk-gram" in ids
    listed = nncert_cli("list").stdout
    assert all(i in listed for i in ids)
    jr = next(t for t in nncert.theorems() if t["id"] == "generic/jacobian-rank")
    assert [h["verifier"] for h in jr["hypotheses"]] == ["jacobian_rank"]


def test_verify_dict_text_and_path_agree_with_the_command_line(tmp_path, nncert_cli):
    problem = small_problem()
    (tmp_path / "p.toml").write_text(nncert.problem_toml(problem))
    by_dict = nncert.verify(problem, root=tmp_path)
    by_text = nncert.verify(nncert.problem_toml(problem), root=tmp_path)
    by_path = nncert.verify(tmp_path / "p.toml")
    cli = cli_json(nncert_cli("verify", "--problem", tmp_path / "p.toml", "--json"))
    assert by_dict["verdict"] == "certified" and by_dict["exit_code"] == 0
    expected = without_seconds(cli)
    for r in (by_dict, by_text, by_path):
        r = without_seconds(r)
        r.pop("exit_code")
        assert r == expected
    # Negative twin: more rows (n·k = 40) than parameters (p = 31) cannot have full row rank.
    wide = small_problem()
    wide["data"]["n"] = 40
    r = nncert.verify(wide)
    assert r["verdict"] == "refuted" and r["exit_code"] == 1


def test_prove_writes_a_certificate_that_the_command_line_checks(tmp_path, nncert_cli):
    r = nncert.prove(small_problem(), tmp_path / "out", root=tmp_path)
    assert r["exit_code"] in (0, 5) and r["verdict"] == "certified"
    cert_file = tmp_path / "out" / "certificate.json"
    assert r["certificate_file"] == str(cert_file)
    assert json.loads(cert_file.read_text()) == r["certificate"]
    cli = nncert_cli("check", cert_file)
    assert cli.returncode == 0, cli.stdout + cli.stderr
    checked = nncert.check(cert_file)
    assert checked["valid"] and checked["exit_code"] == 0 and checked["replayed"]
    # Negative twin: a changed recorded number is caught by both.
    c = json.loads(cert_file.read_text())
    c["hypotheses"][0]["enclosure"]["lower"] *= 2
    cert_file.write_text(json.dumps(c))
    assert nncert_cli("check", cert_file).returncode == 1
    tampered = nncert.check(cert_file)
    assert not tampered["valid"] and tampered["exit_code"] == 1
    assert any(not i["passed"] for i in tampered["items"])


def test_prove_refuses_an_occupied_out_unless_forced(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("not nncert's")
    with pytest.raises(nncert.InvalidInput):
        nncert.prove(small_problem(), tmp_path / "out", root=tmp_path)
    assert (tmp_path / "out" / "mine.txt").exists()
    nncert.prove(small_problem(), tmp_path / "out", root=tmp_path, force=True)
    assert (tmp_path / "out" / "certificate.json").exists()


def test_jacobian_and_entk_match_the_command_line(tmp_path, nncert_cli):
    (tmp_path / "p.toml").write_text(nncert.problem_toml(small_problem()))
    assert nncert_cli("jacobian", "--problem", tmp_path / "p.toml", "--out", tmp_path / "jac").returncode == 0
    r = nncert.jacobian(tmp_path / "p.toml")
    for name in ("J", "theta", "X", "f"):
        assert np.array_equal(r[name], np.load(tmp_path / "jac" / f"{name}.npy")), name
    assert nncert_cli("kernel", "entk", "--problem", tmp_path / "p.toml", "--out", tmp_path / "k.npy").returncode == 0
    gram = nncert.entk(tmp_path / "p.toml")
    assert np.array_equal(gram, np.load(tmp_path / "k.npy"))
    np.testing.assert_allclose(gram, r["J"] @ r["J"].T, rtol=1e-12, atol=1e-12)


def test_a_theta_file_replaces_the_seeded_parameters(tmp_path):
    seeded = nncert.jacobian(small_problem(), root=tmp_path)
    np.save(tmp_path / "theta.npy", seeded["theta"])
    same = nncert.jacobian(small_problem(theta="theta.npy"), root=tmp_path)
    assert np.array_equal(same["J"], seeded["J"])
    assert without_seconds(nncert.verify(small_problem(theta="theta.npy"), root=tmp_path)) == \
        without_seconds(nncert.verify(small_problem(), root=tmp_path))
    np.save(tmp_path / "other.npy", seeded["theta"] * 0.5)
    other = nncert.jacobian(small_problem(theta="other.npy"), root=tmp_path)
    assert np.array_equal(other["theta"], seeded["theta"] * 0.5) and not np.array_equal(other["J"], seeded["J"])
    np.save(tmp_path / "short.npy", seeded["theta"][:-1])
    with pytest.raises(nncert.InvalidInput, match="30 entries, the model has p = 31"):
        nncert.verify(small_problem(theta="short.npy"), root=tmp_path)
    np.save(tmp_path / "f32.npy", seeded["theta"].astype(np.float32))
    with pytest.raises(nncert.InvalidInput, match="dtype '<f4'"):
        nncert.verify(small_problem(theta="f32.npy"), root=tmp_path)


def test_a_certificate_with_a_theta_file_survives_a_move(tmp_path, nncert_cli):
    work = tmp_path / "work"
    work.mkdir()
    np.save(work / "theta.npy", nncert.jacobian(small_problem(), root=work)["theta"] * 0.75)
    (work / "p.toml").write_text(nncert.problem_toml(small_problem(theta="theta.npy")))
    nncert.prove(work / "p.toml", work / "out")
    shutil.move(str(work), str(tmp_path / "moved"))
    assert nncert.check(tmp_path / "moved" / "out" / "certificate.json")["valid"]
    np.save(tmp_path / "moved" / "theta.npy", np.zeros(31))
    assert not nncert.check(tmp_path / "moved" / "out" / "certificate.json")["valid"]


BAD_PROBLEMS = [
    (lambda p: p["model"].update(widhts=[3, 1]), "unknown key 'widhts' in [model]"),
    (lambda p: p["data"].update(n=-3), "[data].n"),
    (lambda p: p.update(theorem="no/such-theorem"), "no/such-theorem"),
    (lambda p: p["model"].update(widths=[4, 6, 1]), "input width 4"),
    (lambda p: p.update(data={"source": "npy:missing.npy"}), "missing.npy"),
    (lambda p: p["model"].update(activation=object()), "cannot be written"),
]


@pytest.mark.parametrize("edit,needle", BAD_PROBLEMS)
def test_bad_problems_raise_invalid_input(tmp_path, edit, needle):
    problem = small_problem()
    edit(problem)
    with pytest.raises(nncert.InvalidInput) as info:
        nncert.verify(problem, root=tmp_path)
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_bad_arguments_raise_invalid_input(tmp_path, nncert_cli):
    with pytest.raises(nncert.InvalidInput, match="no-such.toml"):
        nncert.verify(tmp_path / "no-such.toml")
    cli = nncert_cli("verify", "--problem", tmp_path / "no-such.toml")
    with pytest.raises(nncert.InvalidInput) as info:
        nncert.verify(tmp_path / "no-such.toml")
    assert cli.returncode == 2 and cli.stderr.strip().endswith(str(info.value))
    for bad in (42, None, ["p.toml"]):
        with pytest.raises(nncert.InvalidInput, match="expected a path, TOML text or a dict"):
            nncert.verify(bad)
    with pytest.raises(nncert.InvalidInput, match="syntax|expected|1:"):
        nncert.verify("theorem = \n[data\n")
    with pytest.raises(nncert.InvalidInput):
        nncert.check(tmp_path / "absent.json")
    (tmp_path / "junk.json").write_text("{not json")
    with pytest.raises(nncert.InvalidInput, match="junk.json"):
        nncert.check(tmp_path / "junk.json")
    with pytest.raises(nncert.InvalidInput, match="block"):
        nncert.jacobian(small_problem(), block="no-such-block", root=tmp_path)


def test_problem_toml_round_trips_values():
    import tomllib

    problem = {"theorem": "x", "data": {"source": "npy:a b.npy", "n": np.int64(3), "ratio": np.float64(0.1),
                                        "flag": True, "list": np.array([1, 2]), "odd key": "é\"\n"}}
    parsed = tomllib.loads(nncert.problem_toml(problem))
    assert parsed == {"theorem": "x", "data": {"source": "npy:a b.npy", "n": 3, "ratio": 0.1, "flag": True,
                                               "list": [1, 2], "odd key": "é\"\n"}}
