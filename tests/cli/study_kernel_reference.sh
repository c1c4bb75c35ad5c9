#!/usr/bin/env bash
# [study] kernel_reference and verify = false (docs/problem-files.md#study-parameter-sweeps): the
# reference is the kernel regression of `nncert kernel NAME --predict` on the same problem (equal to
# the last bit), its accuracy is recomputed independently here in numpy (the NTK of a one-hidden-layer
# ReLU net in closed form, an exact solve, argmax), each point's gap is the kernel's test accuracy
# minus the net's, the report draws the reference line, and every bad use is exit 2 with nothing
# written.
set -u
NNCERT=${1:?usage: study_kernel_reference.sh NNCERT}
source "$(dirname "$0")/cli_common.inc"

# Three Gaussian clusters in R^12, one-hot targets; the split into 60 training and 30 test rows is the
# seeded split of [data] test_n.
/usr/bin/python3 - "$T" <<'PY' || fail "numpy could not write the data"
import numpy as np, sys
t = sys.argv[1]
rng = np.random.default_rng(3)
labels = rng.integers(0, 3, size=90)
X = rng.normal(size=(3, 12))[labels] + 0.9 * rng.normal(size=(90, 12))
np.save(f"{t}/X.npy", X)
np.save(f"{t}/Y.npy", np.eye(3)[labels])
PY
problem() {  # problem NAME [STUDY LINES...]: the base problem with a [study] section
  local name=$1
  shift
  cat > "$T/$name.toml" <<'TOML'
theorem = "arora-2019/ntk-gram"
[data]
source = "npy:X.npy,Y.npy"
n = 60
test_n = 30
seed = 2
[model]
kind = "mlp"
widths = [12, 8, 3]
activation = "relu"
parameterization = "ntk"
bias = false
sigma_w = 1.4142135623730951
seed = 1
[kernel]
scaling = "model"
[train]
algorithm = "gd"
step_size = 0.5
steps = 20
record_every = 10
gram_every = 0
[study]
TOML
  printf '%s\n' "$@" >> "$T/$name.toml"
}
problem sweep 'key = "model.widths.1"' 'values = [8, 64]' 'key2 = "model.seed"' 'values2 = [1, 2]' 'train = true' \
  'verify = false' 'kernel_reference = ["ntk", "nngp"]' 'kernel_reference_gd = true'
"$NNCERT" study --problem "$T/sweep.toml" --out "$T/study" > "$T/study.out" 2>&1 || fail "study: $(cat "$T/study.out")"
grep -q "gap ntk - net" "$T/study.out" || fail "the gap per point is not printed: $(cat "$T/study.out")"
# verify = false admits each point as training, not as a proof.
"$NNCERT" study --problem "$T/sweep.toml" --out "$T/dry" --dry-run > "$T/dry.out" 2>&1 || fail "dry run: $(cat "$T/dry.out")"
grep -q "admitted: .*: train with" "$T/dry.out" && ! grep -q "prove with" "$T/dry.out" || fail "dry run does not admit training: $(cat "$T/dry.out")"
for k in ntk nngp; do
  "$NNCERT" kernel $k --problem "$T/sweep.toml" --predict --json > "$T/$k.json" || fail "kernel $k --predict"
done
"$NNCERT" kernel ntk --problem "$T/sweep.toml" --out "$T/K.npy" 2> /dev/null || fail "kernel ntk --out"
"$NNCERT" jacobian --problem "$T/sweep.toml" --out "$T/jac" > /dev/null 2>&1 || fail "jacobian (for the training rows X.npy)"
grep -q "Kernel reference" "$T/study/report.html" || fail "the report has no kernel reference section"
grep -q "Measured: the gap ntk − net" "$T/study/report.md" || fail "the report does not state the measured gap"
grep -q 'stroke-dasharray' "$T/study/report.html" || fail "the accuracy figure has no dashed reference line"
[ "$(wc -l < "$T/study/kernel_reference.csv")" -eq 3 ] || fail "kernel_reference.csv should have a header and 2 rows"

/usr/bin/python3 - "$T" <<'PY' || exit 1
import json, sys
import numpy as np
t = sys.argv[1]
s = json.load(open(f"{t}/study/study.json"))
refs = {r["kernel"]: r for r in s["kernel_references"]}
assert list(refs) == ["ntk", "nngp"], refs
assert s["verify"] is False and all(p["verdict"] == "trained" for p in s["points"]), s
# 1. The same code path as `nncert kernel NAME --predict`: equal to the last bit.
for k in ("ntk", "nngp"):
    cmd = json.load(open(f"{t}/{k}.json"))
    r = refs[k]
    assert (r["test_accuracy"], r["test_mse"], r["n"], r["test_rows"]) == (cmd["test_accuracy"], cmd["test_mse"], cmd["n"], cmd["test_rows"]), (r, cmd)
    assert r["gram_verdict"] == "certified" and r["lambda_min"]["lower"] > 0, r
# 2. Each point's gap is the kernel's test accuracy minus the net's.
for p in s["points"]:
    for k in ("ntk", "nngp"):
        assert p["kernel_gap"][k] == refs[k]["test_accuracy"] - p["prove"]["test_accuracy"], p
# 3. Independent: the NTK of x -> W2 relu(W1 x) (NTK parameterisation, sigma_w^2 = 2) in closed form,
#    Sigma0 = 2 x.x'/d, Theta = 2 E[relu relu] + Sigma0 * 2 E[relu' relu'] (arc-cosine kernels), then
#    the exact solve on targets 0.9/-0.1 and the argmax. The training rows are nncert's (jacobian's
#    X.npy, in order), the test rows the remaining rows of the file.
X_all, Y_all = np.load(f"{t}/X.npy"), np.load(f"{t}/Y.npy")
X = np.load(f"{t}/jac/X.npy")
rows = [int(np.flatnonzero((X_all == x).all(axis=1))[0]) for x in X]
test = [i for i in range(len(X_all)) if i not in rows]
assert len(rows) == 60 and len(test) == 30
def ntk(A, B):
    d = A.shape[1]
    s0 = 2 * A @ B.T / d
    na, nb = np.sqrt(2 * (A * A).sum(1) / d), np.sqrt(2 * (B * B).sum(1) / d)
    nn = np.outer(na, nb)
    theta = np.arctan2(np.sqrt(np.maximum(nn ** 2 - s0 ** 2, 0)), s0)
    # 2 E[relu relu] = |a||b| (sin t + (pi - t) cos t) / pi, 2 E[relu' relu'] = (pi - t) / pi
    return nn * (np.sin(theta) + (np.pi - theta) * np.cos(theta)) / np.pi + s0 * (np.pi - theta) / np.pi
K = np.load(f"{t}/K.npy")
# theta has slope 1/sqrt(1 - rho^2) at rho -> 1 (the diagonal): rounding of order 1e-16 in rho moves
# the entries there by up to about sqrt(1e-16) relative, hence 1e-7 and no tighter.
assert np.allclose(ntk(X, X), K, rtol=1e-7, atol=0), abs(ntk(X, X) - K).max()
alpha = np.linalg.solve(ntk(X, X), Y_all[rows] - 0.1)
pred = ntk(X_all[test], X) @ alpha
accuracy = float((pred.argmax(1) == Y_all[test].argmax(1)).mean())
mse = float(((pred - (Y_all[test] - 0.1)) ** 2).mean())
assert accuracy == refs["ntk"]["test_accuracy"], (accuracy, refs["ntk"])
# The Gram entries agree to about 1e-8 (above), amplified by cond(K) (about 1e2 here) in the solve.
assert abs(mse - refs["ntk"]["test_mse"]) <= 1e-5 * mse, (mse, refs["ntk"])
# 4. Gradient descent with the kernel, the [train] schedule (step 0.5, 20 steps) from f = 0:
#    f_T(x*) = K(x*, X) K^-1 (I - (I - eta K/n)^T) Y, here with K^-1 formed (K is well conditioned).
Kx = ntk(X, X)
fitted = np.eye(60) - np.linalg.matrix_power(np.eye(60) - 0.5 * Kx / 60, 20)
gd = ntk(X_all[test], X) @ np.linalg.solve(Kx, fitted @ (Y_all[rows] - 0.1))
gd_accuracy = float((gd.argmax(1) == Y_all[test].argmax(1)).mean())
gd_mse = float(((gd - (Y_all[test] - 0.1)) ** 2).mean())
g = refs["ntk"]["gd"]
assert (g["steps"], g["step_size"], g["test_accuracy"]) == (20, 0.5, gd_accuracy), (g, gd_accuracy)
assert abs(gd_mse - g["test_mse"]) <= 1e-5 * gd_mse and abs(gd_mse - mse) > 1e-3 * mse, (gd_mse, g, mse)
# The twin: a wrong kernel (linear) gives another MSE, so the comparison above can fail.
lin = np.linalg.solve(X @ X.T + 1e-9 * np.eye(60), Y_all[rows] - 0.1)
assert abs(float((((X_all[test] @ X.T) @ lin - (Y_all[test] - 0.1)) ** 2).mean()) - mse) > 1e-3 * mse
PY

# A Gram that is not certified positive definite gives no reference (ridge 0 needs it): the points
# still run and are written, the reference says why, and the exit is 3. Every row twice over: the
# 60 training rows then hold a repeated row, whose Gram is singular.
/usr/bin/python3 -c "
import numpy as np
np.save('$T/X2.npy', np.repeat(np.load('$T/X.npy')[:45], 2, axis=0)); np.save('$T/Y2.npy', np.repeat(np.load('$T/Y.npy')[:45], 2, axis=0))"
problem singular 'key = "model.widths.1"' 'values = [8]' 'train = true' 'verify = false' 'kernel_reference = "ntk"'
sed -i 's/npy:X.npy,Y.npy/npy:X2.npy,Y2.npy/' "$T/singular.toml"
"$NNCERT" study --problem "$T/singular.toml" --out "$T/singular" > "$T/singular.out" 2>&1
rc=$?
[ "$rc" -eq 3 ] || fail "a singular Gram: exit $rc, expected 3 ($(cat "$T/singular.out"))"
python3 -c "
import json, sys
r = json.load(open('$T/singular/study.json'))['kernel_references'][0]
assert r['test_accuracy'] is None and r['gram_verdict'] != 'certified' and 'ridge 0 needs' in r['reason'], r" || fail "singular Gram: the reference is not reported as missing"

# Exit 2, nothing written: unknown kernel, a kernel that does not apply (the CNTK needs images), no
# test split, no training, a sweep that changes the kernel, a repeated kernel, verify = false alone.
problem bad 'key = "model.widths.1"' 'values = [8]' 'train = true' 'kernel_reference = "rbf"'
expect_bad_input "unknown kernel" "'rbf' is not a kernel" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
problem bad 'key = "model.widths.1"' 'values = [8]' 'train = true' 'kernel_reference = "cntk"'
expect_bad_input "cntk without images" "image" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
problem bad 'key = "model.widths.1"' 'values = [8]' 'train = true' 'kernel_reference = "ntk"'
sed -i '/^test_n/d' "$T/bad.toml"
expect_bad_input "no test split" "test_n" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
problem bad 'key = "model.widths.1"' 'values = [8]' 'kernel_reference = "ntk"'
expect_bad_input "no training" "needs train = true" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
problem bad 'key = "data.n"' 'values = [40, 60]' 'train = true' 'kernel_reference = "ntk"'
expect_bad_input "sweep changes the kernel" "changes the data" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
problem bad 'key = "model.widths"' 'values = [[12, 8, 3], [12, 8, 8, 3]]' 'train = true' 'kernel_reference = "ntk"'
expect_bad_input "sweep changes the depth" "architecture" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
problem bad 'key = "model.widths.1"' 'values = [8]' 'train = true' 'kernel_reference = ["ntk", "ntk"]'
expect_bad_input "repeated kernel" "twice" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
problem bad 'key = "model.widths.1"' 'values = [8]' 'train = true' 'kernel_reference_gd = true'
expect_bad_input "gd reference alone" "kernel_reference_gd needs kernel_reference" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
problem bad 'key = "model.widths.1"' 'values = [8]' 'train = true' 'kernel_reference = "ntk"' 'kernel_reference_gd = true'
sed -i '/^step_size/d' "$T/bad.toml"
expect_bad_input "gd reference without a step size" "explicit step_size" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
problem bad 'key = "model.widths.1"' 'values = [8]' 'verify = false'
expect_bad_input "verify = false without training" "verify = false needs train = true" "$NNCERT" study --problem "$T/bad.toml" --out "$T/out"
# The positive twin of the last: the same sweep verified (verify = true is the default) still runs.
problem good 'key = "model.widths.1"' 'values = [8]'
"$NNCERT" study --problem "$T/good.toml" --out "$T/good" > /dev/null 2>&1
[ -f "$T/good/study.json" ] || fail "a plain verified study wrote nothing"
echo "study kernel reference: ok"
