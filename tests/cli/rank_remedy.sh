#!/usr/bin/env bash
# Issue #12 §3: a σ_min(J_S) verdict that is not certified says what would change it, from this
# problem's numbers. A bias-free ReLU net on positive scalar inputs: unit u is dead (output 0 on every
# sample) exactly when its weight w_u <= 0, which this test counts itself from θ0 (nncert jacobian
# writes theta.npy: layer 1's 16 weights come first). Twins: the same net with tanh is certified and
# carries no remedy; duplicate inputs and too few parameters get their structural remedies.
set -u
NNCERT=${1:?usage: rank_remedy.sh NNCERT}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

/usr/bin/python3 - "$T" <<'PY'
import sys, numpy as np
t = sys.argv[1]
X = np.arange(1, 9, dtype=float).reshape(8, 1) / 8
np.save(f"{t}/X.npy", X)
np.save(f"{t}/Y.npy", np.sin(3 * X))
np.save(f"{t}/Xdup.npy", np.vstack([X[:4], X[2:3], X[5:]]))
PY
problem() {  # problem NAME ACTIVATION X WIDTH
  cat > "$T/$1.toml" <<TOML
theorem = "generic/jacobian-rank"
[data]
source = "npy:$3.npy,Y.npy"
[model]
kind = "mlp"
widths = [1, $4, 1]
activation = "$2"
bias = false
seed = 3
TOML
}
remedy() {  # remedy NAME: prints "VERDICT|REMEDY" for the jacobian_rank finding (REMEDY empty if none)
  "$NNCERT" verify --problem "$T/$1.toml" --json > "$T/$1.json"
  python3 - "$T/$1.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = [h for h in r["hypotheses"] if h["verifier"] == "jacobian_rank"][0]
print(f["verdict"] + "|" + f.get("details", {}).get("what would change the verdict", ""))
PY
}

problem relu relu X 16
out=$(remedy relu)
verdict=${out%%|*}; text=${out#*|}
[ "$verdict" != certified ] || fail "relu on positive scalars: rank 1 (f linear in x) but certified"
"$NNCERT" jacobian --problem "$T/relu.toml" --out "$T/jac" > /dev/null 2>&1 || fail "nncert jacobian"
dead=$(/usr/bin/python3 -c 'import numpy,sys; print(int((numpy.load(sys.argv[1])[:16] <= 0).sum()))' "$T/jac/theta.npy")
[ "$dead" -gt 0 ] || fail "seed 3 gives no dead unit: the test needs another seed"
echo "$text" | grep -q "with $dead of 16 units of layer 1 dead" || fail "remedy does not count $dead dead units: $text"
echo "$text" | grep -q 'activation = "tanh"' || fail "remedy does not suggest another activation: $text"

problem tanh tanh X 16
out=$(remedy tanh)
[ "$out" = "certified|" ] || fail "tanh twin: expected certified with no remedy, got: $out"

problem dup tanh Xdup 16
out=$(remedy dup)
echo "$out" | grep -q "^refuted|remove the duplicate input 4 (keep input 2)" || fail "duplicate inputs: $out"

problem narrow tanh X 3
out=$(remedy narrow)
echo "$out" | grep -q "^refuted|at least 8 parameters (a wider layer), or at most 6 samples" || fail "narrow: $out"
echo "rank remedy: ok"
