# The README's Python example runs as written (from the repository root, as a reader would) and
# prints what its comment says; a broken copy of it fails.
import os
import re
import subprocess
import sys

ROOT = os.environ.get("NNCERT_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")


def readme_example():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = text[text.index("\n## Python\n"):]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert blocks, "README.md has no ```python block under ## Python"
    return blocks[0]


def run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_readme_example_runs():
    code = readme_example()
    assert len(code.strip().splitlines()) == 5
    r = run(code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "certified"
    # Negative twin: the same example with a singular Gram (two equal inputs) fails its assert.
    broken = run(code.replace("np.eye(3)", "np.ones((3, 3))"))
    assert broken.returncode != 0 and "AssertionError" in broken.stderr
