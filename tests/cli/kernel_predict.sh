#!/usr/bin/env bash
# nncert kernel ... --predict: kernel ridge regression on the training rows, scored on [data] test_n
# held-out rows, agrees with a solve done outside nncert (numpy), for +-1 and one-hot targets; ridge 0
# needs the training Gram certified positive definite; bad requests exit 2.
#
# How the outside solve gets the same split without trusting nncert's: synthetic:two-moons with
# n = 30, test_n = 15 generates 45 points and holds out the last 15 (docs/problem-files.md#test-split);
# the same source with n = 45 and no test_n is the same 45 points, whose full Gram `kernel --out`
# writes. Row i lies on moon i mod 2, so the labels are known without reading nncert's targets.
# The noise (0.35) makes the moons overlap, so the test accuracy is below 1 and compared for real.
# Usage: bash tests/cli/kernel_predict.sh <path-to-nncert>
set -u
NNCERT=${1:?path to nncert}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.inc"
PY=/usr/bin/python3
$PY -c "import numpy" 2> /dev/null || fail "kernel_predict.sh needs /usr/bin/python3 with numpy (python3-numpy)"

problem() {  # problem FILE N TEST_N TARGETS
  {
    printf '[data]\nsource = "synthetic:two-moons"\nn = %s\nseed = 4\nnoise = 0.35\n' "$2"
    [ "$3" = none ] || printf 'test_n = %s\n' "$3"
    printf 'targets = "%s"\n\n[model]\nkind = "mlp"\nwidths = [2, 64, 64, %s]\nactivation = "relu"\nbias = true\n' \
      "$4" "$([ "$4" = one-hot ] && echo 2 || echo 1)"
  } > "$1"
}

for targets in pm1 one-hot; do
  problem "$T/split.toml" 30 15 "$targets"
  problem "$T/all.toml" 45 none "$targets"
  "$NNCERT" kernel ntk --problem "$T/all.toml" --out "$T/G.npy" > /dev/null 2>&1 || fail "$targets: full Gram"
  "$NNCERT" kernel ntk --problem "$T/split.toml" --predict --json > "$T/p.json" 2> "$T/err"
  rc=$?
  [ $rc -eq 0 ] || fail "$targets: --predict exit $rc: $(cat "$T/err")"
  $PY - "$T/G.npy" "$T/p.json" "$targets" <<'PY' || fail "$targets: --predict disagrees with the numpy solve"
import json, sys
import numpy as np
G, got, targets = np.load(sys.argv[1]), json.load(open(sys.argv[2])), sys.argv[3]
n, m = 30, 15
labels = np.arange(n + m) % 2                       # row i lies on moon i mod 2
if targets == "pm1":
    Y = np.where(labels == 1, 1.0, -1.0)[:, None]
    R = Y                                           # regressed as they are
else:
    Y = np.eye(2)[labels]                           # one-hot
    R = Y - 0.1                                     # Arora et al.'s 0.9 / -0.1
K, Ks = G[:n, :n], G[n:, :n]
pred = Ks @ np.linalg.solve(K, R[:n])
if targets == "pm1":
    acc = np.mean(np.where(pred[:, 0] > 0, 1.0, -1.0) == Y[n:, 0])
    margin = np.min(np.abs(pred[:, 0]))
else:
    acc = np.mean(np.argmax(pred, axis=1) == labels[n:])
    margin = np.min(np.abs(pred[:, 0] - pred[:, 1]))
mse = np.mean((pred - R[n:]) ** 2)
# Tolerance: Cholesky (nncert) and LU (numpy) are backward stable, so each prediction has a relative
# error of order n * kappa(K) * u; the cross kernel K(test, train) that nncert evaluates directly
# agrees with the Gram's block to a few u per entry. 100 * n * kappa * u * max|pred| bounds both with
# room to spare; the MSE then moves by at most 2 * max|pred - R| * tol + tol^2.
kappa = np.linalg.cond(K)
tol = 100 * n * kappa * 2.0 ** -53 * np.max(np.abs(pred))
mse_tol = 2 * np.max(np.abs(pred - R[n:])) * tol + tol ** 2
print("%s: kappa %.3g, prediction tolerance %.3g, accuracy %.4f (nncert %s), mse %.6g (nncert %.6g)"
      % (targets, kappa, tol, acc, got["test_accuracy"], mse, got["test_mse"]))
assert tol < 1e-6, "Gram too ill-conditioned for a meaningful comparison"
assert margin > 2 * tol, "a prediction lies within the tolerance of the decision boundary"
assert got["n"] == n and got["test_rows"] == m and got["ridge"] == 0.0
assert got["verdict"] == "certified", got
assert got["targets"] == ("pm1" if targets == "pm1" else "one-hot shifted to 0.9/-0.1"), got["targets"]
assert got["test_accuracy"] == acc, (got["test_accuracy"], acc)
assert abs(got["test_mse"] - mse) <= mse_tol, (got["test_mse"], mse, mse_tol)
# Negative twin: the comparison tells conventions apart. Unshifted one-hot targets (or, for +-1,
# targets scaled by 0.9) give an MSE outside the tolerance.
R2 = Y if targets == "one-hot" else 0.9 * Y
pred2 = Ks @ np.linalg.solve(K, R2[:n])
assert abs(np.mean((pred2 - R[n:]) ** 2) - got["test_mse"]) > 100 * mse_tol
PY
done

# Text output names the accuracy and the MSE.
problem "$T/split.toml" 30 15 pm1
out=$("$NNCERT" kernel nngp --problem "$T/split.toml" --predict --ridge 0.01) || fail "text output: exit $?"
case "$out" in *"test accuracy"*"test MSE"*) ;; *) fail "text output: $out" ;; esac

# Ridge 0 needs a certified positive definite Gram: 10 rows in 5 identical pairs, 8 of them training
# rows, hold at least 3 whole pairs, so the training Gram is singular. No prediction (exit 1 or 3,
# never 0); a positive ridge solves it (exit 0).
printf '0,0,1\n0,0,1\n1,0,0\n1,0,0\n0,1,1\n0,1,1\n1,1,0\n1,1,0\n2,1,1\n2,1,1\n' > "$T/dup.csv"
printf '[data]\nsource = "csv:dup.csv"\ntest_n = 2\nseed = 1\ntargets = "pm1"\n\n[model]\nkind = "mlp"\nwidths = [2, 8, 1]\nactivation = "relu"\nbias = true\n' > "$T/dup.toml"
"$NNCERT" kernel ntk --problem "$T/dup.toml" --predict --json > "$T/dup.json" 2> "$T/err"
rc=$?
[ $rc -eq 1 ] || [ $rc -eq 3 ] || fail "singular Gram, ridge 0: exit $rc (want 1 or 3): $(cat "$T/dup.json" "$T/err")"
grep -q '"reason":"ridge 0 needs the training Gram certified positive definite' "$T/dup.json" || fail "singular Gram: $(cat "$T/dup.json")"
grep -q 'test_accuracy' "$T/dup.json" && fail "singular Gram, ridge 0: a prediction was made"
"$NNCERT" kernel ntk --problem "$T/dup.toml" --predict --ridge 0.1 --json > "$T/dup.json" 2> "$T/err" || fail "ridge 0.1: exit $?"
grep -q '"test_accuracy":' "$T/dup.json" || fail "ridge 0.1: $(cat "$T/dup.json")"

# Bad requests: exit 2, one line naming the problem.
problem "$T/notest.toml" 30 none pm1
expect_bad_input "--predict without test_n" "test_n" "$NNCERT" kernel ntk --problem "$T/notest.toml" --predict
expect_bad_input "h-infinity --predict" "--predict" "$NNCERT" kernel h-infinity --problem "$T/split.toml" --predict
expect_bad_input "negative ridge" "--ridge" "$NNCERT" kernel ntk --problem "$T/split.toml" --predict --ridge -1
expect_bad_input "neither --out nor --predict" "--out" "$NNCERT" kernel ntk --problem "$T/split.toml"
expect_bad_input "--ridge without --predict" "--ridge" "$NNCERT" kernel ntk --problem "$T/split.toml" --out "$T/K.npy" --ridge 1

# Fashion-MNIST, ten classes, one-hot: the NTK regressor on 100 training images classifies 100 test
# images (from the t10k file) far above chance (0.1).
printf '[data]\nsource = "fashion-mnist"\nclasses = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\nn = 100\ntest_n = 100\nseed = 1\ntransform = ["flatten", "scale01"]\ntargets = "one-hot"\n\n[model]\nkind = "mlp"\nwidths = [784, 64, 10]\nactivation = "relu"\n' > "$T/fm.toml"
"$NNCERT" kernel ntk --problem "$T/fm.toml" --predict --json > "$T/fm.json" 2> "$T/err" || fail "fashion-mnist: exit $? $(cat "$T/err")"
$PY -c "
import json, sys
j = json.load(open('$T/fm.json'))
print('fashion-mnist 10 classes: test accuracy', j['test_accuracy'], 'mse', j['test_mse'])
sys.exit(0 if j['test_accuracy'] > 0.4 and j['test_rows'] == 100 and j['verdict'] == 'certified' else 1)" || fail "fashion-mnist: $(cat "$T/fm.json")"
echo "kernel predict: ok"
