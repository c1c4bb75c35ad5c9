#!/usr/bin/env bash
# nncert train: writes DIR/trajectory.csv with a header and the recorded rows and DIR/theta.npy (the
# final parameters: 1-d float64 of length p, unlike θ0 from `nncert jacobian`), prints a one-line
# summary; bad [train] keys exit 2 with one line naming the key; an unwritable --out exits 2.
set -u
NNCERT="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$work/p.toml" <<'TOML'
[data]
source = "synthetic:teacher"
n = 12
d = 3
seed = 4

[model]
kind = "mlp"
widths = [3, 16, 1]
activation = "tanh"
seed = 2

[train]
algorithm = "gd"
steps = 40
record_every = 10
TOML

out=$("$NNCERT" train --problem "$work/p.toml" --out "$work/run/a" 2>"$work/err") || fail "exit $? ($(cat "$work/err"))"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "summary is not one line: $out"
case "$out" in *"40 steps"*"step size"*"auto"*) ;; *) fail "summary: $out" ;; esac
csv="$work/run/a/trajectory.csv"
[ -f "$csv" ] || fail "no trajectory.csv"
head -n 1 "$csv" | grep -q '^step,time,phase,loss,grad_norm_sq,pl_ratio' || fail "header: $(head -n 1 "$csv")"
[ "$(wc -l < "$csv")" -eq 6 ] || fail "expected header + 5 rows, got $(wc -l < "$csv") lines"
ls "$work/run/a" | grep -Eqv '^(trajectory.csv|theta.npy)$' && fail "stray files in the output directory"
# theta.npy: the trained θ_T in the layout of θ0 (3·16 + 16 + 16 + 1 = 81 parameters, weights and
# biases), different from θ0 because 40 GD steps moved it.
"$NNCERT" jacobian --problem "$work/p.toml" --out "$work/jac" > /dev/null 2>&1 || fail "jacobian"
/usr/bin/python3 - "$work/run/a/theta.npy" "$work/jac/theta.npy" <<'PY' || fail "theta.npy"
import sys, numpy as np
t, t0 = np.load(sys.argv[1]), np.load(sys.argv[2])
assert t.dtype == np.float64 and t.ndim == 1, (t.dtype, t.shape)
assert t.shape == t0.shape == (81,), (t.shape, t0.shape)
assert np.all(np.isfinite(t)) and not np.array_equal(t, t0), "theta_T equals theta_0"
PY

# Same problem again: identical trajectory (determinism).
"$NNCERT" train --problem "$work/p.toml" --out "$work/run/b" > /dev/null 2>&1 || fail "second run"
cmp -s "$csv" "$work/run/b/trajectory.csv" || fail "two runs differ"

# Negative twin: an unknown key in [train] -> exit 2, one line naming the key and its line.
sed 's/^record_every = 10$/record_evry = 10/' "$work/p.toml" > "$work/bad.toml"
"$NNCERT" train --problem "$work/bad.toml" --out "$work/run/c" > /dev/null 2>"$work/err"
rc=$?
[ "$rc" -eq 2 ] || fail "bad key: exit $rc, expected 2"
[ "$(wc -l < "$work/err")" -eq 1 ] || fail "bad key: message is not one line: $(cat "$work/err")"
grep -q "record_evry" "$work/err" || fail "bad key: message does not name the key: $(cat "$work/err")"
grep -q "bad.toml:16" "$work/err" || fail "bad key: message does not name the line: $(cat "$work/err")"
[ -e "$work/run/c/trajectory.csv" ] && fail "bad key: a trajectory was written"

# Negative twin: a bad step size value.
sed 's/^steps = 40$/steps = -3/' "$work/p.toml" > "$work/bad2.toml"
"$NNCERT" train --problem "$work/bad2.toml" --out "$work/run/d" > /dev/null 2>"$work/err"
[ $? -eq 2 ] || fail "negative steps accepted"
grep -q "steps" "$work/err" || fail "negative steps: message does not name the key"

# --out under a regular file cannot be created.
touch "$work/file"
"$NNCERT" train --problem "$work/p.toml" --out "$work/file/x" > /dev/null 2>"$work/err"
[ $? -eq 2 ] || fail "unwritable --out: expected exit 2"
echo "ok"
