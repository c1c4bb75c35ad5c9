#!/usr/bin/env bash
# nncert kernel ntk|nngp --problem P --distributed --certify on 2 ranks against the serial
# kernel --certify: the same verdict and exit code on every rank, the serial fields, enclosures that
# overlap (both contain the exact λ_min of the same Gram); an exactly singular Gram is never
# certified; bad problems and unsupported combinations exit 2 with one message from rank 0.
# Usage: bash tests/mpi/distributed_kernel.sh <path-to-nncert>
set -u
NNCERT=${1:?path to nncert}
source "$(dirname "$0")/mpi_common.inc"

# tests/cli/kernel_commands.sh's instance (λ_min of the depth-2 ReLU NTK = 1.2766874161...), its
# singular twin (x4 = 2·x2: K(x4, ·) = 2·K(x2, ·) for the bias-free ReLU kernels), and 90 random points.
printf '1,0,0,1\n0.6,0.8,0,1\n0,0.6,0.8,1\n' > "$T/X.csv"
printf '1,0,0,1\n0.6,0.8,0,1\n0,0.6,0.8,1\n1.2,1.6,0,1\n' > "$T/Xbad.csv"
"$PY" -c "
import numpy as np
x = np.random.default_rng(3).standard_normal((90, 6))
np.savetxt('$T/Xbig.csv', np.c_[x, np.ones(90)], delimiter=',')" || fail "numpy"
cat > "$T/p.toml" <<TOML
[data]
source = "csv:X.csv"
[model]
kind = "mlp"
widths = [3, 64, 64, 1]
activation = "relu"
bias = false
TOML
sed 's/X.csv/Xbad.csv/' "$T/p.toml" > "$T/bad.toml"
sed 's/X.csv/Xbig.csv/; s/widths = \[3,/widths = [6,/' "$T/p.toml" > "$T/big.toml"

# agree KERNEL PROBLEM ALLOWED
agree() {
  local kernel=$1 problem=$2 allowed=$3
  "$NNCERT" kernel "$kernel" --problem "$T/$problem.toml" --out "$T/K.npy" --certify --json > "$T/serial.json" 2> /dev/null
  local src=$?
  run_ranks k "$NNCERT" kernel "$kernel" --problem "$T/$problem.toml" --distributed --certify --json
  for r in 0 1; do
    [ "$(rank_rc k $r)" = "$src" ] || fail "$kernel $problem ${GRIDINFO:-}: rank $r exit $(rank_rc k $r), serial $src"
  done
  [ ! -s "$T/k.out.1" ] && [ ! -s "$T/k.err.1" ] || fail "$kernel $problem: rank 1 printed"
  "$PY" - "$T/serial.json" "$T/k.out.0" "$allowed" "$kernel $problem ${GRIDINFO:-}" <<'PY' || exit 1
import json, sys
serial, dist = (json.load(open(p)) for p in sys.argv[1:3])
allowed, label = sys.argv[3].split("|"), sys.argv[4]
def fail(msg):
    print(f"FAIL: {label}: {msg}", file=sys.stderr); sys.exit(1)
if sorted(serial) != sorted(dist): fail(f"fields differ: {sorted(serial)} vs {sorted(dist)}")
if serial["verdict"] != dist["verdict"]: fail(f"verdicts differ: {serial['verdict']} vs {dist['verdict']}")
if dist["verdict"] not in allowed: fail(f"verdict {dist['verdict']}, allowed {allowed}")
s, d = serial["lambda_min"], dist["lambda_min"]
if max(s["lower"], d["lower"]) > min(s["upper"], d["upper"]): fail(f"disjoint enclosures {s} and {d}")
if serial["n"] != dist["n"]: fail("n differs")
PY
}

run_all() {
  for kernel in ntk nngp; do
    agree "$kernel" p certified
    agree "$kernel" big certified
    agree "$kernel" bad "refuted|inconclusive"
  done
}
GRIDINFO="default" run_all
NNCERT_SCALAPACK_BLOCK=7 NNCERT_SCALAPACK_GRID=2x1 GRIDINFO="nb 7, 2x1" run_all

# Bad input: one message, from rank 0; exit 2 everywhere.
bad() {
  local needle=$1
  shift
  run_ranks b "$NNCERT" "$@"
  for r in 0 1; do [ "$(rank_rc b $r)" = 2 ] || fail "$*: rank $r exit $(rank_rc b $r)"; done
  [ "$(wc -l < "$T/b.err.0")" = 1 ] && [ ! -s "$T/b.err.1" ] || fail "$*: not one message: $(cat "$T"/b.err.*)"
  grep -qF -- "$needle" "$T/b.err.0" || fail "$*: message lacks '$needle': $(cat "$T/b.err.0")"
}
bad "missing.toml" kernel ntk --problem "$T/missing.toml" --distributed --certify
bad "offered for ntk and nngp with --certify" kernel ntk --problem "$T/p.toml" --distributed
bad "offered for ntk and nngp with --certify" kernel h-infinity --problem "$T/p.toml" --distributed --certify
echo "distributed kernel: OK"
