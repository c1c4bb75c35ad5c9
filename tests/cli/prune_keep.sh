#!/usr/bin/env bash
# [train] prune_keep end to end on a small synthetic problem: `nncert prove` records the pruned
# evaluations in the certificate (which `nncert check` still accepts) and draws them in the report;
# k = width reproduces the unpruned run's accuracies exactly. Negative twins: every bad value, a
# count above the width and another model kind are bad input (exit 2, FILE:LINE on stderr, no
# output directory), for prove, train and study alike.
set -u
NNCERT=${1:?usage: prune_keep.sh NNCERT}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cat > "$T/p.toml" <<'TOML'
theorem = "caron-2023/node-scaling"

[data]
source = "synthetic:sphere"
n = 20
test_n = 30
d = 5
seed = 3

[model]
kind = "scaled-shallow"
width = 50
gamma = 0.0
alpha = 0.5
seed = 4

[train]
algorithm = "node-scaled"
steps = 40
step_size = 0.5
prune_keep = [50, 1, 5]
TOML
"$NNCERT" prove --problem "$T/p.toml" --out "$T/run" > "$T/run.out" 2>&1
rc=$?
[ $rc -ne 2 ] || fail "prove refused the problem: $(cat "$T/run.out")"
[ -f "$T/run/certificate.json" ] || fail "no certificate: $(cat "$T/run.out")"
"$NNCERT" check "$T/run/certificate.json" > "$T/check.out" 2>&1 || fail "check rejected the certificate: $(cat "$T/check.out")"
grep -q "Pruning: loss against the number of nodes kept" "$T/run/report.html" || fail "no pruning figure in report.html"
grep -q "## Pruning" "$T/run/report.md" || fail "no pruning table in report.md"
python3 - "$T/run/certificate.json" <<'PY' || exit 1
import json, sys
c = json.load(open(sys.argv[1]))
e = c["trajectory"]["summary"]["evaluation"]
assert [p["keep"] for p in e["pruning"]] == [1, 5, 50], e["pruning"]
full = e["pruning"][-1]
# The synthetic sphere targets are regression values: accuracies are null, the losses are numbers.
assert full["test_loss"] == e["test_loss"], (full, e)
assert full["train_loss"] == c["trajectory"]["summary"]["final_loss"], full
assert e["pruning"][0]["test_loss"] != e["test_loss"], e["pruning"][0]
PY

# bad VALUE EXPECTED-LINE-PREFIX: each command exits 2 naming p.toml's [train].prune_keep line.
bad() {
  sed "s/^prune_keep = .*/prune_keep = $1/" "$T/p.toml" > "$T/bad.toml"
  for cmd in prove train; do
    "$NNCERT" $cmd --problem "$T/bad.toml" --out "$T/bad-$cmd" > /dev/null 2> "$T/bad.err"
    rc=$?
    [ $rc -eq 2 ] || fail "$cmd with prune_keep = $1: exit $rc, expected 2"
    grep -q "bad.toml:21: \[train\].prune_keep" "$T/bad.err" || fail "$cmd with prune_keep = $1: $(cat "$T/bad.err")"
    [ ! -e "$T/bad-$cmd" ] || fail "$cmd with prune_keep = $1 wrote output"
  done
}
bad "[]"
bad "[0]"
bad "[3, 3]"
bad "[51]"
bad "2"
bad "[1.5]"
sed -e 's/^kind = "scaled-shallow"/kind = "mlp"\nwidths = [5, 50, 1]/' -e '/^width = /d' -e '/^gamma = /d' -e '/^alpha = /d' \
  -e 's/^algorithm = .*/algorithm = "gd"/' "$T/p.toml" > "$T/mlp.toml"
"$NNCERT" train --problem "$T/mlp.toml" --out "$T/mlp" > /dev/null 2> "$T/mlp.err"
[ $? -eq 2 ] && grep -q 'mlp.toml:[0-9]*: \[train\].prune_keep needs \[model\] kind = "scaled-shallow"' "$T/mlp.err" ||
  fail "an mlp with prune_keep: $(cat "$T/mlp.err")"
# A study whose second point makes a count exceed the width: bad input before anything runs.
sed "s/^prune_keep = .*/prune_keep = [1, 40]/" "$T/p.toml" > "$T/study.toml"
printf '\n[study]\nkey = "model.width"\nvalues = [50, 30]\n' >> "$T/study.toml"
"$NNCERT" study --problem "$T/study.toml" --out "$T/study" > /dev/null 2> "$T/study.err"
[ $? -eq 2 ] && grep -q "\[train\].prune_keep keeps 40 nodes but \[model\] width is 30" "$T/study.err" ||
  fail "a study point with k > width: $(cat "$T/study.err")"
[ ! -e "$T/study" ] || fail "the refused study wrote output"
echo "prune_keep: ok"
