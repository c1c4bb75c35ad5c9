#!/usr/bin/env bash
# [data] test_n through the commands: `nncert train` records train accuracy, test loss and test
# accuracy at every row (trajectory.csv) and prints the final ones; `nncert prove` puts them in the
# certificate as informational trajectory.summary.evaluation, which `nncert check` accepts edited
# (never a claim) while the trajectory file that holds the same numbers stays bound by its hash;
# impossible splits exit 2 naming the key.
# Usage: bash tests/cli/train_test_split.sh <path-to-nncert>
set -u
NNCERT=${1:?path to nncert}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.inc"
PY=/usr/bin/python3
$PY -c "import numpy" 2> /dev/null || fail "train_test_split.sh needs /usr/bin/python3 with numpy (python3-numpy)"

cat > "$T/p.toml" <<'TOML'
theorem = "generic/jacobian-rank"

[data]
source = "synthetic:gaussian"
n = 12
test_n = 30
d = 4
seed = 5
targets = "pm1"

[model]
kind = "mlp"
widths = [4, 64, 1]
activation = "tanh"
seed = 2

[train]
algorithm = "gd"
steps = 400
record_every = 40
TOML

out=$("$NNCERT" train --problem "$T/p.toml" --out "$T/run" 2> "$T/err") || fail "train: exit $? $(cat "$T/err")"
case "$out" in *"train accuracy"*"test loss"*"test accuracy"*"(test rows: 30)"*) ;; *) fail "summary: $out" ;; esac
$PY - "$T/run/trajectory.csv" <<'PY' || fail "trajectory columns"
import sys
import numpy as np
lines = open(sys.argv[1]).read().splitlines()
header = lines[0].split(",")
assert header[-3:] == ["train_accuracy", "test_loss", "test_accuracy"], header
rows = np.array([[float(c) for c in l.split(",")] for l in lines[1:]])
acc, loss, tacc = rows[:, -3], rows[:, -2], rows[:, -1]
# Accuracies are fractions of 12 and 30 rows; the test loss is finite.
assert np.all(np.abs(acc * 12 - np.round(acc * 12)) < 1e-9) and np.all((0 <= acc) & (acc <= 1)), acc
assert np.all(np.abs(tacc * 30 - np.round(tacc * 30)) < 1e-9) and np.all((0 <= tacc) & (tacc <= 1)), tacc
assert np.all(np.isfinite(loss)) and np.all(loss > 0), loss
assert acc[-1] > acc[0], "training did not improve the training accuracy"
PY

# Negative twin: regression targets and no test split record the columns as nan.
sed -e '/^test_n/d' -e '/^targets/d' "$T/p.toml" > "$T/reg.toml"
out=$("$NNCERT" train --problem "$T/reg.toml" --out "$T/reg" 2> "$T/err") || fail "regression train: exit $?"
case "$out" in *accuracy*|*"test loss"*) fail "regression summary mentions accuracy: $out" ;; esac
tail -n 1 "$T/reg/trajectory.csv" | grep -q ',nan,nan,nan$' || fail "regression row: $(tail -n 1 "$T/reg/trajectory.csv")"

# prove: the evaluation is in the certificate; check accepts it edited (informational), but not an
# edited accuracy cell of trajectory.csv with its sha256 recomputed (the replay writes other bytes).
"$NNCERT" prove --problem "$T/p.toml" --out "$T/p" > /dev/null 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 5 ] || fail "prove: exit $rc"
"$NNCERT" check "$T/p/certificate.json" > /dev/null 2>&1 || fail "check of the fresh certificate: exit $?"
grep -q "^- final train accuracy .*test accuracy .*(observed, informational" "$T/p/report.md" || fail "report.md: no accuracy line"
grep -q "Classification accuracy" "$T/p/report.html" || fail "report.html: no accuracy plot"
# Negative twin: a run without classification targets or test rows has neither.
"$NNCERT" prove --problem "$T/reg.toml" --out "$T/preg" > /dev/null 2>&1
grep -q "accuracy" "$T/preg/report.md" && fail "regression report.md mentions accuracy"
$PY - "$T/p" "$NNCERT" <<'PY' || fail "certificate evaluation"
import hashlib, json, os, subprocess, sys
d, nncert = sys.argv[1], sys.argv[2]
c = json.load(open(os.path.join(d, "certificate.json")))
e = c["trajectory"]["summary"]["evaluation"]
assert e["test_rows"] == 30 and 0 <= e["test_accuracy"] <= 1 and 0 <= e["train_accuracy"] <= 1 and e["test_loss"] > 0, e
last = open(os.path.join(d, "trajectory.csv")).read().splitlines()[-1].split(",")
assert float(last[-1]) == e["test_accuracy"] and float(last[-3]) == e["train_accuracy"], (last, e)
e["test_accuracy"] = 1 - e["test_accuracy"] + 0.5
json.dump(c, open(os.path.join(d, "certificate.json"), "w"))
r = subprocess.run([nncert, "check", os.path.join(d, "certificate.json")], capture_output=True, text=True)
assert r.returncode == 0, ("edited informational evaluation must stay valid", r.returncode, r.stdout[-300:])
t = os.path.join(d, "trajectory.csv")
lines = open(t).read().splitlines()
cells = lines[-1].split(",")
cells[-1] = repr(1 - float(cells[-1]) + 0.5)
lines[-1] = ",".join(cells)
open(t, "w").write("\n".join(lines) + "\n")
c["trajectory"]["sha256"] = hashlib.sha256(open(t, "rb").read()).hexdigest()
json.dump(c, open(os.path.join(d, "certificate.json"), "w"))
r = subprocess.run([nncert, "check", os.path.join(d, "certificate.json")], capture_output=True, text=True)
assert r.returncode == 1, ("edited trajectory accuracy must be invalid", r.returncode, r.stdout[-300:])
PY

# Impossible splits: exit 2, one line naming the key.
printf '0,0,0\n1,0,1\n0,1,0\n1,1,1\n2,0,0\n0,2,1\n' > "$T/six.csv"
printf '[data]\nsource = "csv:six.csv"\nn = 4\ntest_n = 3\ntargets = "pm1"\n\n[model]\nkind = "mlp"\nwidths = [2, 4, 1]\n' > "$T/big.toml"
expect_bad_input "test_n beyond the rows left" "test_n" "$NNCERT" train --problem "$T/big.toml" --out "$T/out"
printf '[data]\nsource = "csv:six.csv"\nclasses = [0, 3]\ntest_n = 1\ntargets = "one-hot"\n\n[model]\nkind = "mlp"\nwidths = [2, 4, 2]\n' > "$T/cls.toml"
expect_bad_input "a class the source lacks" "classes" "$NNCERT" train --problem "$T/cls.toml" --out "$T/out"
echo "train test split: ok"
