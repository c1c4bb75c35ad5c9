#!/usr/bin/env bash
# Issue #13 §3: `nncert study` sweeps keys of a problem file ([study]) and verifies (or proves) at every
# point. The sweep below crosses the structural threshold of Kawaguchi-Sun's expressivity for the
# read-out block: rank J_S <= width < n = 12 is refuted, width >= 12 is certified (positive and
# negative twins in one study, decided independently by `nncert verify` on the same files). A point
# that fails does not lose the others; a bad [study] is exit 2 with nothing written; with train =
# true every point's certificate passes `nncert check`.
set -u
NNCERT=${1:?usage: study.sh NNCERT}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

base() {
  cat > "$T/$1.toml" <<'TOML'
theorem = "kawaguchi-sun-2021/expressivity"
[data]
source = "synthetic:gaussian"
n = 12
d = 3
seed = 1
[model]
kind = "mlp"
widths = [3, 16, 1]
activation = "tanh"
seed = 2
[verify]
block = "output"
[train]
algorithm = "kawaguchi-sun-two-phase"
steps = 300
TOML
}
base sweep
cat >> "$T/sweep.toml" <<'TOML'
[study]
key = "model.widths.1"
values = [4, 11, 12, 24]
key2 = "data.seed"
values2 = [1, 2]
log_x = true
TOML
"$NNCERT" study --problem "$T/sweep.toml" --out "$T/out" > "$T/stdout" 2> "$T/stderr" || fail "study: $(cat "$T/stderr")"
for f in study.csv study.json report.html report.md; do [ -s "$T/out/$f" ] || fail "no $f"; done
grep -q "<svg" "$T/out/report.html" || fail "report.html has no figure"
python3 - "$T/out/study.json" <<'PY' || exit 1
import json, sys
s = json.load(open(sys.argv[1]))
assert s["keys"] == ["model.widths.1", "data.seed"], s["keys"]
pts = s["points"]
assert len(pts) == 8, len(pts)
for p in pts:
    width = int(p["values"][0])
    want = "certified" if width >= 12 else "refuted"
    assert p["verdict"] == want, (p["values"], p["verdict"])
PY
# Each point equals `nncert verify` on the file a user would have written for it.
for w in 11 12; do
  sed -e "s/widths = \[3, 16, 1\]/widths = [3, $w, 1]/" -e '/^\[study\]/,$d' "$T/sweep.toml" > "$T/w$w.toml"
  "$NNCERT" verify --problem "$T/w$w.toml" > /dev/null 2>&1
  rc=$?
  row=$(awk -F, -v w=$w '$2 == w && $3 == 1 {print $4; exit}' "$T/out/study.csv")
  case "$rc:$row" in 0:certified|1:refuted) ;; *) fail "width $w: verify exit $rc but the study says $row";; esac
done
[ "$(grep -c ',expressivity,' "$T/out/study.csv")" -eq 8 ] || fail "study.csv lacks one expressivity row per point"

# A failing point (width 0: the model parser rejects it) is recorded; the other points are written.
base failing
printf '[study]\nkey = "model.widths.1"\nvalues = [0, 12]\n' >> "$T/failing.toml"
"$NNCERT" study --problem "$T/failing.toml" --out "$T/failing" > "$T/stdout" 2>&1
rc=$?
[ $rc -eq 3 ] || fail "a failing point: expected exit 3, got $rc: $(cat "$T/stdout")"
python3 - "$T/failing/study.json" <<'PY' || exit 1
import json, sys
p = json.load(open(sys.argv[1]))["points"]
assert p[0]["verdict"] == "error" and p[0]["error"], p[0]
assert p[1]["verdict"] == "certified", p[1]
PY

# Bad [study] sections: exit 2, one line naming the file, nothing written.
bad() {  # bad LABEL NEEDLE STUDY-LINES
  base bad
  printf '[study]\n%b' "$3" >> "$T/bad.toml"
  "$NNCERT" study --problem "$T/bad.toml" --out "$T/bad_out" > /dev/null 2> "$T/err"
  rc=$?
  [ $rc -eq 2 ] || fail "$1: expected exit 2, got $rc"
  [ "$(wc -l < "$T/err")" -eq 1 ] || fail "$1: not one line: $(cat "$T/err")"
  grep -q "bad.toml" "$T/err" && grep -qF -- "$2" "$T/err" || fail "$1: message: $(cat "$T/err")"
  [ ! -e "$T/bad_out" ] || fail "$1: an output was written"
}
bad "unknown [study] key" "unknown key 'valuez'" 'key = "data.n"\nvaluez = [1]\n'
bad "a key the problem lacks" "has no key 'gamma'" 'key = "model.gamma"\nvalues = [1.0]\n'
bad "a [verify] key" "only [data], [model] and [train]" 'key = "verify.block"\nvalues = ["output"]\n'
bad "a value of the wrong type" "is a string" 'key = "model.widths.1"\nvalues = [4, "wide"]\n'
bad "an index past the array" "has no entry 7" 'key = "model.widths.7"\nvalues = [4]\n'
bad "no values" "non-empty array" 'key = "data.n"\nvalues = []\n'

# train = true: every point is proven, and its certificate checks independently; with a held-out split
# and ±1 targets the study reports each run's accuracies, exactly as its certificate records them.
base trained
sed -i 's/^seed = 1$/seed = 1\ntest_n = 20\ntargets = "pm1"/' "$T/trained.toml"
printf '[study]\nkey = "data.seed"\nvalues = [1, 2]\ntrain = true\n' >> "$T/trained.toml"
"$NNCERT" study --problem "$T/trained.toml" --out "$T/trained" > "$T/stdout" 2>&1 || fail "trained study: $(cat "$T/stdout")"
for i in 0 1; do
  "$NNCERT" check "$T/trained/points/$i/certificate.json" > "$T/check" 2>&1 || fail "point $i: check: $(cat "$T/check")"
done
python3 - "$T/trained" <<'PY' || exit 1
import json, sys
d = sys.argv[1]
s = json.load(open(d + "/study.json"))
for i, p in enumerate(s["points"]):
    c = json.load(open(d + "/" + p["prove"]["certificate"]))
    assert p["prove"]["confirmation"] == c["confirmation"]["verdict"], (i, p["prove"], c["confirmation"])
    assert p["prove"]["strength"] == c["strength"]["grade"], (i, p["prove"], c["strength"])
    ev = c["trajectory"]["summary"]["evaluation"]
    assert ev["test_rows"] == 20 and ev["test_accuracy"] is not None, ev
    assert p["prove"]["test_accuracy"] == ev["test_accuracy"], (i, p["prove"], ev)
    assert p["prove"]["train_accuracy"] == ev["train_accuracy"], (i, p["prove"], ev)
grep = open(d + "/report.html").read()
assert "accuracy of the trained network" in grep, "no accuracy figure"

PY
echo "study: ok"
