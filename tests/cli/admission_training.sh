#!/usr/bin/env bash
# The training estimate of admission control (verifiers/cli/work_estimates.hpp, "Training"), pinned in
# both directions without timing anything:
#   1. for two small MLPs, a scaled-shallow net and an rff-resnet the estimate equals a count made by
#      hand from the documented model (the
#      budget options bracket it within 1%: admitted at 1.01x, refused at 0.99x), so a change to the
#      counts or rates that makes the estimate looser or tighter fails here until the count is redone;
#   2. a run of the Caron pruning study's size with 1500 steps is admitted under the default budget
#      (the old 1 Gflop/s model asked ~4 h for it), 10^9 steps are refused with the estimate;
#   3. the Gram that gram_every (default 1) forms at every trajectory row is charged: a run on
#      n = 20000 rows is refused with it and admitted without it (the old model admitted both).
set -u
NNCERT="$1"
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.inc"   # $T, fail, expect_refused

# net EXTRA: a tanh MLP 3-40-40-1 (p = 3·40+40 + 40·40+40 + 40+1 = 1841) on n = 100 regression rows,
# 99 GD steps with a given step size, a row every 33 steps.
net() {
  cat > "$T/net.toml" <<TOML
theorem = "kawaguchi-sun-2021/expressivity"
[data]
source = "synthetic:gaussian"
n = 100
d = 3
seed = 1
[model]
kind = "mlp"
widths = [3, 40, 40, 1]
activation = "tanh"
[train]
algorithm = "gd"
step_size = 0.01
steps = 99
record_every = 33
$1
TOML
}

# bracket LABEL SECONDS BYTES [PROBLEM]: the dry run of PROBLEM (default $T/net.toml) is admitted at
# 1.01x both and refused at 0.99x of each.
bracket() {
  local label="$1" seconds="$2" bytes="$3" problem="${4:-$T/net.toml}" above below
  above=$(python3 -c "print($seconds * 1.01)")
  below=$(python3 -c "print($seconds * 0.99)")
  "$NNCERT" train --problem "$problem" --out "$T/out" --dry-run --max-seconds "$above" \
    --max-memory "$(python3 -c "print(int($bytes * 1.01))")" > "$T/dry" 2>&1 ||
    fail "$label: refused at 1.01x the hand count ($seconds s, $bytes bytes): $(cat "$T/dry")"
  expect_refused "$label, 0.99x the seconds" "--max-seconds" \
    "$NNCERT" train --problem "$problem" --out "$T/out" --dry-run --max-seconds "$below"
  expect_refused "$label, 0.99x the bytes" "--max-memory" \
    "$NNCERT" train --problem "$problem" --out "$T/out" --dry-run --max-memory "$(python3 -c "print(int($bytes * 0.99))")"
}

# 1a. gram_every = 0. Counted by hand from work_estimates.hpp / admission.cpp:
#   evaluations E = steps + 1 = 100; trajectory rows R = 1 + ceil(99/33) = 4 (regression targets: the
#   rows evaluate no training accuracy, and there is no test split);
#   per evaluation and data row: 6·p product flops at 1e10/s and 80 tanh calls (the hidden units) at
#   30 ns; per evaluation p·1 ns of vector work and 10 µs; per row 2·p·1 ns and 10 µs.
#   Memory (doubles): data 100·(3 + 1), activations 4·100·(40 + 40 + 1 + 3), 12·p, 8 per evaluation,
#   40 per row.
read -r seconds bytes < <(python3 - <<'PY'
p, n, E, R = 1841, 100, 100, 4
seconds = E * n * (6 * p / 1e10 + 80 * 30e-9) + E * p * 1e-9 + E * 1e-5 + R * (2 * p * 1e-9 + 1e-5)
doubles = n * 4 + 4 * n * 84 + 12 * p + 8 * E + 40 * R
print(repr(seconds), 8 * doubles)
PY
)
net "gram_every = 0"
bracket "hand-counted MLP" "$seconds" "$bytes"

# 1b. gram_every = 1: a Gram of N = n·k = 100 at each of the 4 rows, and two more for the segment's
#   first and last row, which always get one (6: an upper count). Each: a forward pass of the n rows
#   (2·p flops, 80 tanh per row), N seeded backward passes ((6·p − 2·p)/2 flops each), the layer
#   Grams N²·Σ(fan-in + fan-out) = N²·(43 + 80 + 41) flops,
#   4·N² element-wise operations per layer (3 layers) at 1e9/s, and the eigensolver 0.4·N³ + 150·N² ns.
#   Its memory, 4·N² + N·84 doubles, adds to the run's.
read -r seconds bytes < <(python3 - <<'PY'
p, n, E, R, N = 1841, 100, 100, 4, 100
run = E * n * (6 * p / 1e10 + 80 * 30e-9) + E * p * 1e-9 + E * 1e-5 + R * (2 * p * 1e-9 + 1e-5)
gram = (n * (2 * p / 1e10 + 80 * 30e-9) + N * 2 * p / 1e10 + N * N * 164 / 1e10 + 4 * N * N * 3 / 1e9
        + (0.4 * N ** 3 + 150 * N * N) * 1e-9)
doubles = n * 4 + 4 * n * 84 + 12 * p + 8 * E + 40 * R + 4 * N * N + N * 84
print(repr(run + 6 * gram), 8 * doubles)
PY
)
net "gram_every = 1"
bracket "hand-counted MLP with Grams" "$seconds" "$bytes"

# 1c. scaled-shallow, m = 50 ReLU nodes on n = 20 points of dimension d = 5 (p = m·d = 250), 9 steps,
#   a row every 3 (E = 10, R = 4). Per evaluation and row: 6·m·d + 6·m·k = 1800 flops and 2·m = 100
#   ReLU calls at 2 ns. Memory: data 20·(5 + 1), activations 4·20·(d + m + k = 56), 12·p, 8·E, 40·R.
cat > "$T/shallow.toml" <<TOML
theorem = "du-2019/h-infinity"
[data]
source = "synthetic:sphere"
n = 20
d = 5
seed = 1
[model]
kind = "scaled-shallow"
width = 50
activation = "relu"
[train]
algorithm = "node-scaled"
step_size = 0.1
steps = 9
record_every = 3
gram_every = 0
TOML
read -r seconds bytes < <(python3 - <<'PY'
p, n, E, R = 250, 20, 10, 4
seconds = E * n * (1800 / 1e10 + 100 * 2e-9) + E * p * 1e-9 + E * 1e-5 + R * (2 * p * 1e-9 + 1e-5)
print(repr(seconds), 8 * (n * 6 + 4 * n * 56 + 12 * p + 8 * E + 40 * R))
PY
)
bracket "hand-counted scaled-shallow" "$seconds" "$bytes" "$T/shallow.toml"

# 1d. rff-resnet, depth L = 2, q = 2 hidden, P = 16 features on n = 10 points in the plane (p = L·q·P
#   = 64), same steps. Per evaluation and row: 14·L·q·P + 2·(2·q·(d + k)) = 896 + 24 flops and
#   4·L·P = 128 cos/sin calls at 30 ns. Memory: data 10·3, activations 4·10·(d + L·(q + P) + k = 39).
sed -e 's/^theorem = .*/theorem = "barboni-2022\/rff-expressivity"/' -e 's/^n = 20/n = 10/' -e 's/^d = 5/d = 2/' \
    -e 's/^kind = .*/kind = "rff-resnet"\ndepth = 2\nhidden = 2\nfeatures = 16/' -e '/^width = /d' -e '/^activation = /d' \
    -e 's/^algorithm = .*/algorithm = "rff-resnet-gd"/' "$T/shallow.toml" > "$T/rff.toml"
read -r seconds bytes < <(python3 - <<'PY'
p, n, E, R = 64, 10, 10, 4
seconds = E * n * (920 / 1e10 + 128 * 30e-9) + E * p * 1e-9 + E * 1e-5 + R * (2 * p * 1e-9 + 1e-5)
print(repr(seconds), 8 * (n * 3 + 4 * n * 39 + 12 * p + 8 * E + 40 * R))
PY
)
bracket "hand-counted rff-resnet" "$seconds" "$bytes" "$T/rff.toml"

# 2. The Caron pruning study's size (n = 1000 and 1000 test rows of dimension 784, m = 2000 nodes) on
# synthetic data, 1500 steps: about 0.95 s a step by the estimate (6·n·m·d flops), admitted.
cat > "$T/caron.toml" <<TOML
theorem = "caron-2023/node-scaling"
[data]
source = "synthetic:gaussian"
n = 1000
test_n = 1000
d = 784
seed = 1
[model]
kind = "scaled-shallow"
width = 2000
activation = "relu"
gamma = 0.5
alpha = 0.4
seed = 4
[train]
algorithm = "node-scaled"
steps = 1500
step_size = 40
record_every = 100
gram_every = 0
prune_keep = [1, 10, 100, 1000, 2000]
TOML
for cmd in train prove; do
  "$NNCERT" $cmd --problem "$T/caron.toml" --out "$T/out" --dry-run > "$T/dry" 2>&1 ||
    fail "Caron-size $cmd with 1500 steps refused under the default budget: $(cat "$T/dry")"
  grep -q "^admitted: .*steps = 1500" "$T/dry" || fail "Caron-size $cmd dry run: $(cat "$T/dry")"
done
sed -i 's/^steps = 1500/steps = 1000000000/' "$T/caron.toml"
expect_refused "Caron-size, 10^9 steps" "steps = 1000000000" "$NNCERT" train --problem "$T/caron.toml" --out "$T/out"

# 3. n = 20000 rows: each Gram is 20000² (3.2 GB) and its spectrum ~0.9 h, at every row by default.
cat > "$T/gram.toml" <<TOML
theorem = "kawaguchi-sun-2021/expressivity"
[data]
source = "synthetic:gaussian"
n = 20000
d = 10
seed = 1
[model]
kind = "mlp"
widths = [10, 64, 1]
[train]
algorithm = "gd"
step_size = 0.1
steps = 150
TOML
expect_refused "Grams of n = 20000 at every row" "--max-seconds" \
  "$NNCERT" train --problem "$T/gram.toml" --out "$T/out" --max-memory 1T
echo "gram_every = 0" >> "$T/gram.toml"
"$NNCERT" train --problem "$T/gram.toml" --out "$T/out" --dry-run > "$T/dry" 2>&1 ||
  fail "n = 20000 without Grams refused: $(cat "$T/dry")"
echo "ok"
