# Issue #12 §3: the strength of a guarantee is said in one word where the user looks first, and a run
# too short to compare is "not reached" (exit 5), never "violated". Each grade has a twin that gets a
# different one, decided from this run's own numbers:
#   meaningful  a Kawaguchi-Sun run whose envelope reaches 1e-3·L0 inside its 2000 steps;
#   weak/vacuous  the same problem trained for horizon/30 and horizon/1000 steps;
#   none        a refuted theorem (nothing is promised);
#   not reached a rate-free theorem (generic Jacobian rank) trained for 3 steps: exit 5, weak;
#               its twin trained to the target, examples/synthetic-jacobian-rank.toml, is confirmed
#               (exit 0) in examples_prove.sh.
set -u
NNCERT=${1:?usage: strength_grades.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
write_negative "$T"

# grade NAME RC GRADE [CONFIRMATION]: prove $T/NAME.toml exits RC; the certificate, the terminal summary
# and the top of both reports give GRADE.
grade() {
  "$NNCERT" prove --problem "$T/$1.toml" --out "$T/$1" > "$T/$1.out" 2>&1
  rc=$?
  [ $rc -eq "$2" ] || { echo "$1: expected exit $2, got $rc"; cat "$T/$1.out"; exit 1; }
  python3 - "$T/$1/certificate.json" "$3" "${4:-}" "$1" <<'PY' || exit 1
import json, sys
c = json.load(open(sys.argv[1]))
grade, confirmation, name = sys.argv[2], sys.argv[3], sys.argv[4]
assert c["strength"]["grade"] == grade, (name, c["strength"])
assert c["strength"]["reason"] and "\n" not in c["strength"]["reason"], (name, c["strength"])
if confirmation:
    assert c["confirmation"]["verdict"] == confirmation, (name, c["confirmation"])
PY
  grep -q "^strength: $3 " "$T/$1.out" || { echo "$1: the terminal summary does not give the grade"; cat "$T/$1.out"; exit 1; }
  head -8 "$T/$1/report.md" | grep -q "| strength | \*\*$3\*\*" || { echo "$1: report.md does not open with the grade"; head -8 "$T/$1/report.md"; exit 1; }
  grep -q "grade-$3" "$T/$1/report.html" || { echo "$1: report.html does not show the grade"; exit 1; }
  "$NNCERT" check "$T/$1/certificate.json" > "$T/$1.check" 2>&1 || { echo "$1: check failed"; cat "$T/$1.check"; exit 1; }
}

# Three points and 50 tanh features give a well-conditioned read-out Gram: with the trainer's step
# size the certified envelope reaches 1e-3·L0 in a few hundred steps, inside a 2000-step run.
sed -e 's/^n = 8/n = 3/' -e 's/widths = \[3, 10, 1\]/widths = [3, 50, 1]/' -e '/^step_size = /d' \
    -e 's/^steps = 300/steps = 2000/' "$T/positive.toml" > "$T/meaningful.toml"
grade meaningful 0 meaningful confirmed
horizon=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["prediction"]["horizon_1e3"])' "$T/meaningful/certificate.json")
# The same theorem and data for shorter runs: the horizon is fixed by the certified rate, the run shrinks.
steps_for() { python3 -c "import math,sys; print(max(1, math.floor($horizon / $1)))"; }
weak_steps=$(steps_for 30)
vacuous_steps=$(steps_for 1000)
sed -e "s/^steps = 2000/steps = $weak_steps/" -e 's/^record_every = 10/record_every = 1/' "$T/meaningful.toml" > "$T/weak.toml"
grade weak 0 weak confirmed
sed -e "s/^steps = 2000/steps = $vacuous_steps/" -e 's/^record_every = 10/record_every = 1/' "$T/meaningful.toml" > "$T/vacuous.toml"
grade vacuous 0 vacuous confirmed
# The shipped positive problem (8 points, 10 features, eta = 0.05): honest about its 300 steps.
grade positive 0 vacuous confirmed
grade negative 1 none
# A refuted report ends with what would change the verdict, from this problem's numbers (width 4 < n = 8).
tail -4 "$T/negative/report.md" | grep -q "widen layer 1 from 4 to at least n = 8 units" || {
  echo "negative: report.md does not end with what would change the verdict"; tail -6 "$T/negative/report.md"; exit 1; }
grep -q "What would change the verdict" "$T/meaningful/report.md" && { echo "positive: a certified report has nothing to change"; exit 1; }

# A theorem without a rate, trained too briefly: "not reached" (exit 5), never "violated".
cat > "$T/rank.toml" <<'TOML'
theorem = "generic/jacobian-rank"
[data]
source = "synthetic:gaussian"
n = 6
d = 3
seed = 1
[model]
kind = "mlp"
widths = [3, 16, 1]
activation = "tanh"
seed = 2
[train]
algorithm = "gd"
steps = 3
step_size = 0.01
record_every = 1
TOML
grade rank 5 weak "not reached"
grep -q "contradicts nothing" "$T/rank/report.md" || { echo "rank: the report does not say a short run contradicts nothing"; exit 1; }
echo "strength grades ok (horizon $horizon steps; weak run $weak_steps, vacuous run $vacuous_steps)"
