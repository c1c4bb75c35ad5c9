#!/usr/bin/env bash
# Admission control: absurd sizes are refused within seconds, with exit 2 and the estimate in the
# message; every shipped example (examples/*.toml) is admitted under the default budget (checked with
# --dry-run, which stops after the estimate); --max-memory / --max-seconds move the line both ways.
set -u
NNCERT="$1"
ROOT="${NNCERT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.inc"     # $T, fail, expect_refused (exit 2 within 15 s, one line, the estimate)
. "$HERE/prove_common.inc"   # prove_positive
refused() { expect_refused "$@"; }

# small N STEPS WIDTH: an MLP problem on n synthetic points.
small() {
  cat > "$T/p.toml" <<TOML
theorem = "kawaguchi-sun-2021/expressivity"
[data]
source = "synthetic:gaussian"
n = $1
d = 3
seed = 1
[model]
kind = "mlp"
widths = [3, $3, 1]
activation = "tanh"
[verify]
block = "output"
[train]
algorithm = "gd"
steps = $2
TOML
}

small 1000000 100 16
refused "verify, n = 10^6" "verify with n = 1000000" "$NNCERT" verify --problem "$T/p.toml"
refused "prove, n = 10^6" "prove with n = 1000000" "$NNCERT" prove --problem "$T/p.toml" --out "$T/out"
small 1000000000 100 16
refused "n = 10^9" "n = 1000000000" "$NNCERT" verify --problem "$T/p.toml"
small 8 1000000000000 16
refused "train, steps = 10^12" "steps = 1000000000000" "$NNCERT" train --problem "$T/p.toml" --out "$T/out"
small 8 100 1000000000
refused "width 10^9" "p = 5000000001" "$NNCERT" verify --problem "$T/p.toml"
# A matrix file too large for the memory budget: refused from its size, before reading.
head -c 3000000 /dev/zero | tr '\0' '1' > "$T/big.csv"
sed -e "s|source = \"synthetic:gaussian\"|source = \"csv:$T/big.csv\"|" -e '/^n = /d' -e '/^d = /d' "$T/p.toml" > "$T/csv.toml"
refused "CSV over --max-memory" "big.csv" "$NNCERT" verify --problem "$T/csv.toml" --max-memory 1M

# The budget options move the line: a small problem refused under a tiny budget, admitted by default.
small 8 100 16
refused "--max-memory 1k" "--max-memory" "$NNCERT" verify --problem "$T/p.toml" --max-memory 1k
refused "--max-seconds" "--max-seconds" "$NNCERT" train --problem "$T/p.toml" --out "$T/out" --max-seconds 0.000001
"$NNCERT" verify --problem "$T/p.toml" --dry-run > "$T/dry" 2>&1 || fail "small problem not admitted: $(cat "$T/dry")"
grep -q "^admitted: .*verify with n = 8" "$T/dry" || fail "dry run output: $(cat "$T/dry")"
# Raising the time budget admits what the default refuses: 10^6 steps of a tanh net of width 1000 on
# n = 1000 (about 30 ms a step: 10^6 tanh calls) need hours, but only a 64 MB log of their losses.
small 1000 1000000 1000
refused "10^6 steps of width 1000 by default" "--max-seconds" "$NNCERT" train --problem "$T/p.toml" --out "$T/out" --dry-run
"$NNCERT" train --problem "$T/p.toml" --out "$T/out" --dry-run --max-seconds 1e9 > "$T/dry" 2>&1 ||
  fail "--max-seconds 1e9 did not admit: $(cat "$T/dry")"
"$NNCERT" verify --problem "$T/p.toml" --max-memory lots > /dev/null 2> "$T/err"
[ $? -eq 2 ] || fail "--max-memory lots: expected exit 2"

# A run that trains only the read-out evaluates the frozen layers once: it is charged by the layers it
# trains, not by the whole net. 200000 steps of a 3-1000-1000-1 tanh net on n = 64: all layers
# ~ 8500 s (refused), the read-out alone (two-phase, tau = 0, or gd on the output block) ~ 15 s (admitted).
readout() {
  small 64 200000 1000
  sed -e 's/widths = \[3, 1000, 1\]/widths = [3, 1000, 1000, 1]/' -e "s/^algorithm = .*/algorithm = \"$1\"/" \
      "$T/p.toml" > "$T/readout.toml"
  [ -n "$2" ] && printf '%s\n' "$2" >> "$T/readout.toml"
  return 0
}
readout kawaguchi-sun-two-phase 'tau = 0'
"$NNCERT" prove --problem "$T/readout.toml" --out "$T/out" --dry-run > "$T/dry" 2>&1 ||
  fail "two-phase run training the read-out refused: $(cat "$T/dry")"
readout gd 'block = "output"'
"$NNCERT" train --problem "$T/readout.toml" --out "$T/out" --dry-run > "$T/dry" 2>&1 ||
  fail "gd on the output block refused: $(cat "$T/dry")"
readout gd 'block = "all"'
refused "gd on every layer, 20000 steps" "--max-seconds" "$NNCERT" train --problem "$T/readout.toml" --out "$T/out" --dry-run
readout kawaguchi-sun-two-phase 'tau = 150000'
refused "two-phase, 150000 steps of phase 1" "--max-seconds" "$NNCERT" prove --problem "$T/readout.toml" --out "$T/out" --dry-run

# A node-scaled shallow net's tangent Gram is formed without its Jacobian: Caron et al.'s scale (n = 1000,
# m = 2000, d = 784; the Jacobian alone would be 12.6 GB) is admitted under 1 GB; m = 10^6 (32 GB) is not.
sed -e 's/^n = 20/n = 1000/' -e 's/^d = 10/d = 784/' -e 's/^width = 400/width = 2000/' \
    "$ROOT/examples/synthetic-node-scaling.toml" > "$T/ns.toml"
"$NNCERT" verify --problem "$T/ns.toml" --dry-run > "$T/dry" 2>&1 || fail "node scaling at n = 1000, m = 2000 refused: $(cat "$T/dry")"
grep -qE "estimated [0-9.]+ MB" "$T/dry" || fail "node scaling at the paper's scale not estimated in MB: $(cat "$T/dry")"
sed -i 's/^width = 2000/width = 1000000/' "$T/ns.toml"
refused "node scaling, m = 10^6" "--max-memory" "$NNCERT" verify --problem "$T/ns.toml" --max-memory 8G

# kernel: the Gram of n = 10^6 points (8 TB), and λ_min of n = 20000 (--certify, 10·n³ flops).
small 1000000 100 16
sed 's/activation = "tanh"/activation = "relu"/' "$T/p.toml" > "$T/relu.toml"
refused "kernel ntk, n = 10^6" "kernel ntk with n = 1000000" "$NNCERT" kernel ntk --problem "$T/relu.toml" --out "$T/out"
refused "kernel h-infinity, n = 10^6" "kernel h-infinity with n = 1000000" "$NNCERT" kernel h-infinity --problem "$T/relu.toml" --out "$T/out"
small 20000 100 16
sed 's/activation = "tanh"/activation = "relu"/' "$T/p.toml" > "$T/relu.toml"
refused "kernel --certify, n = 20000" "--max-seconds" "$NNCERT" kernel nngp --problem "$T/relu.toml" --out "$T/out" --certify
"$NNCERT" kernel nngp --problem "$T/relu.toml" --out "$T/out" --dry-run > "$T/dry" 2>&1 ||
  fail "kernel nngp n = 20000 without --certify (3.2 GB, seconds) refused: $(cat "$T/dry")"
# kernel entk: the (n·k)² Gram of n = 10^5 (80 GB); jacobian: J of n = 10^5 rows and p = 5·10^5
# (800 GB), and a model of width 10^9 refused before it is built.
small 100000 100 100000
refused "kernel entk, n = 10^5" "kernel entk: the 100000 x 100000 Gram" "$NNCERT" kernel entk --problem "$T/p.toml" --out "$T/out"
refused "jacobian, n·k·p = 5·10^10" "jacobian: J of 100000 x" "$NNCERT" jacobian --problem "$T/p.toml" --out "$T/out"
small 1000 100 100000
"$NNCERT" jacobian --problem "$T/p.toml" --out "$T/out" --block output --dry-run > "$T/dry" 2>&1 ||
  fail "jacobian of the output block (1000 x 10^5, 1.6 GB) refused: $(cat "$T/dry")"
small 8 100 1000000000
refused "jacobian, width 10^9" "the model of p = 5000000001 parameters" "$NNCERT" jacobian --problem "$T/p.toml" --out "$T/out"
refused "kernel entk, width 10^9" "the model of p = 5000000001 parameters" "$NNCERT" kernel entk --problem "$T/p.toml" --out "$T/out"

# certify-spd / sigma-min: a .npy whose header declares 20000 x 20000 doubles (a sparse file of 3.2 GB:
# nothing is read before the refusal). Under the default memory budget reading it may already be
# refused; with --max-memory 1T the shape's cubic cost is.
python3 - "$T/huge.npy" <<'PY'
import sys
n = 20000
header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }" % (n, n)
header += " " * (63 - (10 + len(header)) % 64) + "\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode())
    f.truncate(10 + len(header) + 8 * n * n)
PY
for cmd in certify-spd sigma-min; do
  refused "$cmd, declared 20000 x 20000" "huge.npy" "$NNCERT" "$cmd" "$T/huge.npy"
  refused "$cmd, declared 20000 x 20000, --max-memory 1T" "a 20000 x 20000 matrix" "$NNCERT" "$cmd" "$T/huge.npy" --max-memory 1T
done
printf '2,1\n1,2\n' > "$T/small.csv"
"$NNCERT" certify-spd "$T/small.csv" --dry-run > "$T/dry" 2>&1 || fail "certify-spd 2 x 2 refused: $(cat "$T/dry")"
grep -q "^admitted: .*a 2 x 2 matrix" "$T/dry" || fail "certify-spd dry run: $(cat "$T/dry")"

# check replays prove on the embedded problem: a certificate whose problem says n = 10^6 is refused
# before anything is rebuilt; report is admitted on the certificate's and trajectory's size.
prove_positive "$NNCERT" "$T"
"$NNCERT" check "$T/p/certificate.json" --dry-run > "$T/dry" 2>&1 || fail "check of a small certificate refused: $(cat "$T/dry")"
grep -q "^admitted: .*prove with n = 8" "$T/dry" || fail "check dry run: $(cat "$T/dry")"
python3 - "$T/p/certificate.json" "$T/bigcert/certificate.json" <<'PY'
import json, os, shutil, sys
c = json.load(open(sys.argv[1]))
assert "n = 8\n" in c["problem"]["text"]
c["problem"]["text"] = c["problem"]["text"].replace("n = 8\n", "n = 1000000\n")
os.makedirs(os.path.dirname(sys.argv[2]))
json.dump(c, open(sys.argv[2], "w"), indent=2)
shutil.copy(os.path.join(os.path.dirname(sys.argv[1]), c["trajectory"]["file"]), os.path.dirname(sys.argv[2]))
PY
refused "check, embedded n = 10^6" "prove with n = 1000000" "$NNCERT" check "$T/bigcert/certificate.json"
refused "check --no-replay, embedded n = 10^6" "verify with n = 1000000" "$NNCERT" check "$T/bigcert/certificate.json" --no-replay
refused "report over --max-memory 1k" "report of a" "$NNCERT" report "$T/p/certificate.json" --out "$T/out" --max-memory 1k
"$NNCERT" report "$T/p/certificate.json" --out "$T/out" --dry-run > "$T/dry" 2>&1 || fail "report refused: $(cat "$T/dry")"
[ ! -e "$T/out" ] || fail "report --dry-run wrote an output directory"

# Every shipped example is admitted (prove: verify and train together, the largest estimate).
for f in "$ROOT"/examples/*.toml; do
  if grep -q 'fashion-mnist' "$f" && [ ! -d /usr/share/datasets/fashion-mnist ] && [ -z "${NNCERT_FASHION_MNIST_DIR:-}" ]; then
    continue
  fi
  # jacobian and kernel entk on the largest model (fashion-mnist-alignment: p ≈ 8·10^5, J of 1.6 GB)
  # and on one model of each other kind; prove on every example.
  cmds=(prove)
  case $(basename "$f") in
    fashion-mnist-alignment.toml | synthetic-rff-resnet.toml | synthetic-du.toml) cmds+=(jacobian "kernel entk") ;;
  esac
  for cmd in "${cmds[@]}"; do
    # shellcheck disable=SC2086
    timeout 120 "$NNCERT" $cmd --problem "$f" --out "$T/out" --dry-run > "$T/dry" 2>&1 ||
      fail "$(basename "$f") refused by $cmd: $(cat "$T/dry")"
    grep -q "^admitted: " "$T/dry" || fail "$(basename "$f") ($cmd): $(cat "$T/dry")"
    [ ! -e "$T/out" ] || fail "$cmd --dry-run wrote an output"
  done
done
echo "ok"
