# `cmake --install` puts the package into the interpreter's site directory under the prefix, and the
# installed module loads (it finds libnncert.so relative to itself) and certifies, from outside the
# source and build trees.
import os
import shutil
import subprocess
import sys

import pytest


def test_the_installed_package_imports_and_certifies(tmp_path):
    build = os.environ.get("NNCERT_BUILD_DIR")
    if not build:
        pytest.fail("NNCERT_BUILD_DIR must name the build tree (ctest sets it)")
    cmake = shutil.which("cmake")
    assert cmake, "cmake is needed to install"
    prefix = tmp_path / "prefix"
    r = subprocess.run([cmake, "--install", build, "--prefix", prefix], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    found = sorted(prefix.glob("lib/python3*/*-packages/nncert/_nncert*.so"))
    assert len(found) == 1, list(prefix.rglob("_nncert*"))
    site = found[0].parent.parent
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LD_LIBRARY_PATH")}
    env["PYTHONPATH"] = str(site)
    code = ("import nncert, numpy as np; assert nncert.__file__.startswith(%r); "
            "print(nncert.certify_spd(np.array([[2.0, 1.0], [1.0, 2.0]]))['verdict'])") % str(site)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "certified"
    # Negative twin: without the site directory on the path, the installed copy is not the one found
    # (no package at all, or one installed elsewhere on this machine).
    env.pop("PYTHONPATH")
    r = subprocess.run([sys.executable, "-c", "import nncert; print(nncert.__file__)"], capture_output=True, text=True,
                       cwd=tmp_path, env=env, timeout=60)
    assert r.returncode != 0 or not r.stdout.startswith(str(site))
