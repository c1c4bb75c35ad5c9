#!/usr/bin/env bash
# docs/problem-files.md documents every key the problem-file parsers accept. The list comes from the
# parsers' own key registry (`nncert problem-keys`, the lists they check against), not from a copy:
# each key must appear as `key` under the page's "## ... [section]" heading ("## The top level" for
# top-level keys), and each [model] kind must be named there too.
# Usage: bash docs_problem_keys.sh <path-to-nncert>
set -u
NNCERT=${1:?usage: docs_problem_keys.sh <path-to-nncert>}
ROOT=${NNCERT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$NNCERT" problem-keys >"$TMP/keys" || fail "nncert problem-keys failed"
# The registry must hold the parsers' keys, not an empty or stale list.
for want in "top - theorem" "data - source" "model mlp widths" "model rff-resnet features" "train - steps" "kernel - filter"; do
  grep -qx "$want" "$TMP/keys" || fail "nncert problem-keys does not list '$want'"
done
cat >"$TMP/check_keys.py" <<'PY'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
doc_lines = doc.splitlines()
def region(section):
    want = "the top level" if section == "top" else f"[{section}]"
    for i, line in enumerate(doc_lines):
        if line.startswith("## ") and want in line.lower():
            end = next((j for j in range(i + 1, len(doc_lines)) if doc_lines[j].startswith("## ")), len(doc_lines))
            return "\n".join(doc_lines[i:end])
    return None
bad = []
for line in open(sys.argv[2], encoding="utf-8"):
    section, variant, key = line.split()
    text = region(section)
    if text is None:
        bad.append(f"no '## ... [{section}]' heading documents section [{section}]")
        continue
    if f"`{key}`" not in text:
        bad.append(f"[{section}]{'' if variant == '-' else ' kind ' + variant} key `{key}` is not documented")
    if variant != "-" and f'"{variant}"' not in text:
        bad.append(f"[{section}] kind \"{variant}\" is not documented")
for b in sorted(set(bad)):
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
python3 "$TMP/check_keys.py" "$ROOT/docs/problem-files.md" "$TMP/keys" || exit 1
# Negative twin: a key the registry has but the page lacks is caught.
echo "train - a_key_nobody_documented" >>"$TMP/keys"
python3 "$TMP/check_keys.py" "$ROOT/docs/problem-files.md" "$TMP/keys" 2>/dev/null && fail "an undocumented key was not caught"
exit 0
