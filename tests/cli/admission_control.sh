#!/usr/bin/env bash
# Admission control: absurd sizes are refused within seconds, with exit 2 and the estimate in the
# message; every shipped example (examples/*.toml) is admitted under the default budget (checked with
# --dry-run, which stops after the estimate); --max-memory / --max-seconds move the line both ways.
set -u
NNCERT="$1"
ROOT="${NNCERT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# refused LABEL NEEDLE CMD...: exit 2 within 15 s, "needs an estimated" and NEEDLE in the message.
refused() {
  local label="$1" needle="$2"
  shift 2
  local start=$SECONDS
  timeout 60 "$@" > "$T/stdout" 2> "$T/stderr"
  local rc=$?
  local took=$((SECONDS - start))
  [ "$rc" -eq 2 ] || fail "$label: exit $rc, expected 2 ($(head -c 300 "$T/stderr"))"
  [ "$took" -le 15 ] || fail "$label: took $took s to refuse"
  grep -q "needs an estimated" "$T/stderr" || fail "$label: no estimate in: $(cat "$T/stderr")"
  grep -qF -- "$needle" "$T/stderr" || fail "$label: '$needle' not in: $(cat "$T/stderr")"
  [ ! -s "$T/stdout" ] || fail "$label: wrote to stdout"
  [ ! -e "$T/out" ] || fail "$label: left an output directory"
}

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
# Raising the time budget admits what the default refuses.
small 8 10000000000 16
refused "steps = 10^10 by default" "--max-seconds" "$NNCERT" train --problem "$T/p.toml" --out "$T/out" --dry-run
"$NNCERT" train --problem "$T/p.toml" --out "$T/out" --dry-run --max-seconds 1e9 > "$T/dry" 2>&1 ||
  fail "--max-seconds 1e9 did not admit: $(cat "$T/dry")"
"$NNCERT" verify --problem "$T/p.toml" --max-memory lots > /dev/null 2> "$T/err"
[ $? -eq 2 ] || fail "--max-memory lots: expected exit 2"

# Every shipped example is admitted (prove: verify and train together, the largest estimate).
for f in "$ROOT"/examples/*.toml; do
  if grep -q 'fashion-mnist' "$f" && [ ! -d /usr/share/datasets/fashion-mnist ] && [ -z "${NNCERT_FASHION_MNIST_DIR:-}" ]; then
    continue
  fi
  timeout 120 "$NNCERT" prove --problem "$f" --out "$T/out" --dry-run > "$T/dry" 2>&1 ||
    fail "$(basename "$f") refused: $(cat "$T/dry")"
  grep -q "^admitted: " "$T/dry" || fail "$(basename "$f"): $(cat "$T/dry")"
  [ ! -e "$T/out" ] || fail "--dry-run wrote an output directory"
done
echo "ok"
