#!/usr/bin/env bash
# Every relative link in README.md, docs/**/*.md and proofs/*.md resolves: the file (or directory)
# exists, and a #anchor names a heading of the target (GitHub's heading slugs). Links inside code
# blocks and inline code are not links. Usage: bash docs_links.sh [path-to-nncert] (unused).
set -u
ROOT=${NNCERT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/check_links.py" <<'PY'
import os, pathlib, re, sys, unicodedata
os.chdir(sys.argv[1])

def strip_code(text):
    text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)

def slug(heading):
    # GitHub: drop markup, lower-case, keep letters, digits, '-', '_' and spaces; spaces -> '-'.
    h = re.sub(r"`|\*|_(?=\W)|(?<=\W)_", "", heading.strip())
    h = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h).lower()
    out = "".join(c for c in h if c in " -_" or unicodedata.category(c)[0] in "LN")
    return out.replace(" ", "-")

def anchors(path):
    seen, result = {}, set()
    text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    for m in re.finditer(r"^#{1,6}\s+(.*?)\s*#*\s*$", text, flags=re.M):
        s = slug(m.group(1))
        n = seen.get(s, 0)
        seen[s] = n + 1
        result.add(s if n == 0 else f"{s}-{n}")
    return result

files = [pathlib.Path("README.md")] + sorted(pathlib.Path("docs").rglob("*.md")) + sorted(pathlib.Path("proofs").glob("*.md"))
bad, count = [], 0
for f in files:
    if not f.exists():
        continue
    for m in re.finditer(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", strip_code(f.read_text(encoding="utf-8"))):
        target = m.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: ...
            continue
        count += 1
        path, _, anchor = target.partition("#")
        dest = (f.parent / path).resolve() if path else f.resolve()
        if path and not dest.exists():
            bad.append(f"{f}: link to '{target}': no such file {path}")
        elif anchor and dest.is_file() and dest.suffix == ".md" and anchor not in anchors(dest):
            bad.append(f"{f}: link to '{target}': no heading with anchor #{anchor} in {dest.name}")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
if count == 0:
    print("FAIL: no relative links found at all (is the documentation missing?)", file=sys.stderr)
    sys.exit(1)
sys.exit(1 if bad else 0)
PY
fail() { echo "FAIL: $*" >&2; exit 1; }
# Negative twins: a missing file and a missing heading are both caught.
mkdir -p "$TMP/bad/docs" "$TMP/anchor/docs"
printf '# Top\n\nSee [x](docs/missing.md).\n' >"$TMP/bad/README.md"
python3 "$TMP/check_links.py" "$TMP/bad" 2>/dev/null && fail "a link to a missing file was not caught"
printf '# Top\n\nSee [a](docs/a.md#no-such-heading) and `[code](not/a/link.md)`.\n' >"$TMP/anchor/README.md"
printf '# A page\n\n## Some heading\n' >"$TMP/anchor/docs/a.md"
python3 "$TMP/check_links.py" "$TMP/anchor" 2>/dev/null && fail "a link to a missing heading was not caught"
printf '# Top\n\nSee [a](docs/a.md#some-heading) and `[code](not/a/link.md)`.\n' >"$TMP/anchor/README.md"
python3 "$TMP/check_links.py" "$TMP/anchor" || fail "a good link (and a code span) was rejected"
# The repository itself.
python3 "$TMP/check_links.py" "$ROOT"
