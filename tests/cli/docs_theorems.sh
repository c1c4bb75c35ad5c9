#!/usr/bin/env bash
# Every theorem in proofs/*.toml has a page docs/theorems/<file name>.md that names the theorem id,
# every hypothesis id and every verifier the toml lists (each as `code`), so a hypothesis added later
# must be documented. Usage: bash docs_theorems.sh [path-to-nncert] (unused).
set -u
ROOT=${NNCERT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cat >"$TMP/check_theorems.py" <<'PY'
import pathlib, sys, tomllib
root = pathlib.Path(sys.argv[1])
bad, count = [], 0
for toml_file in sorted((root / "proofs").glob("*.toml")):
    theorem = tomllib.loads(toml_file.read_text(encoding="utf-8"))
    count += 1
    page = root / "docs" / "theorems" / (toml_file.stem + ".md")
    if not page.exists():
        bad.append(f"{toml_file.name}: no page docs/theorems/{page.name}")
        continue
    text = page.read_text(encoding="utf-8")
    names = [theorem["id"]]
    for h in theorem.get("hypothesis", []):
        names += [h["id"], h["verifier"]]
    for name in names:
        if f"`{name}`" not in text:
            bad.append(f"docs/theorems/{page.name} does not name `{name}` (from {toml_file.name})")
    conclusion = theorem.get("conclusion", {})
    if (conclusion.get("assumes") or conclusion.get("regime") == "infinite-width") and "heuristic" not in text:
        bad.append(f"docs/theorems/{page.name}: the conclusion is a heuristic (assumes / infinite-width) but the page never says so")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
if count == 0:
    print("FAIL: no theorems found in proofs/", file=sys.stderr)
sys.exit(1 if bad or count == 0 else 0)
PY
python3 "$TMP/check_theorems.py" "$ROOT" || exit 1
# Negative twins on a copy: a new hypothesis, and a theorem without a page, are both caught.
mkdir -p "$TMP/copy"
cp -r "$ROOT/proofs" "$ROOT/docs" "$TMP/copy/"
first=$(ls "$TMP/copy/proofs/"*.toml | head -1)
printf '\n[[hypothesis]]\nid = "a-new-hypothesis"\nverifier = "a_new_verifier"\nstatement = "x"\n' >>"$first"
python3 "$TMP/check_theorems.py" "$TMP/copy" 2>/dev/null && fail "an undocumented hypothesis was not caught"
cp "$ROOT/proofs/$(basename "$first")" "$first"
rm "$TMP/copy/docs/theorems/$(basename "${first%.toml}").md"
python3 "$TMP/check_theorems.py" "$TMP/copy" 2>/dev/null && fail "a theorem without a page was not caught"
exit 0
