#!/usr/bin/env bash
# [model] kind = "cnn" through the commands, on 7×7 Fashion-MNIST images (downsample:4):
#  * `nncert train` trains it by gradient descent: the training loss falls and the test accuracy is
#    recorded; the trajectory's first loss is the loss of the seeded θ0 (another seed: another loss);
#  * `nncert kernel cntk --predict` takes depth and filter from the cnn [model] (the same numbers as the
#    kernel with them written in [kernel] and no [model]), output_scale κ multiplies the kernel by κ²
#    exactly (certified λ_min too) and leaves the predictions alone, and `kernel cntk-gap` refuses the
#    vanilla readout;
#  * `nncert verify` and `nncert prove` refuse it (no theorem is about a CNN): exit 2, one line;
#  * flattened data, an even filter, a θ file of the wrong length: exit 2 naming the problem.
# Usage: bash tests/cli/cnn_model.sh <path-to-nncert>
set -u
NNCERT=${1:?path to nncert}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.inc"
if [ ! -d /usr/share/datasets/fashion-mnist ] && [ -z "${NNCERT_FASHION_MNIST_DIR:-}" ]; then
  echo "cnn_model.sh: skipped (no Fashion-MNIST files)"
  exit 0
fi

problem() {  # problem FILE TRANSFORM MODEL_EXTRA
  cat > "$1" <<TOML
theorem = "generic/jacobian-rank"

[data]
source = "fashion-mnist"
classes = [0, 1, 7]
n = 30
test_n = 30
seed = 3
transform = $2
targets = "one-hot"

[model]
kind = "cnn"
channels = 16
depth = 3
filter = 3
seed = 1
$3

[train]
algorithm = "gd"
step_size = 0.05
steps = 40
record_every = 10
TOML
}

problem "$T/p.toml" '["downsample:4", "scale01"]' ''
out=$("$NNCERT" train --problem "$T/p.toml" --out "$T/run" 2> "$T/err") || fail "train: exit $? $(cat "$T/err")"
case "$out" in *"test accuracy"*) ;; *) fail "train summary: $out" ;; esac
python3 - "$T/run/trajectory.csv" <<'PY' || fail "the training loss did not fall: $(cat "$T/run/trajectory.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
first, last = float(rows[0]["loss"]), float(rows[-1]["loss"])
print("cnn train: loss %.4g -> %.4g, test accuracy %s" % (first, last, rows[-1].get("test_accuracy")))
assert last < 0.7 * first, (first, last)
PY
# Twin: another seed starts from another loss (θ0 is the seeded draw, not a constant).
problem "$T/p2.toml" '["downsample:4", "scale01"]' ''
sed -i 's/^seed = 1$/seed = 2/' "$T/p2.toml"
"$NNCERT" train --problem "$T/p2.toml" --out "$T/run2" > /dev/null 2>&1 || fail "train seed 2"
python3 - "$T/run/trajectory.csv" "$T/run2/trajectory.csv" <<'PY' || fail "seeds 1 and 2 start from the same loss"
import csv, sys
a, b = (float(next(csv.DictReader(open(f)))["loss"]) for f in sys.argv[1:3])
assert abs(a - b) > 1e-6 * max(a, b), (a, b)
PY

# The kernel takes depth and filter from the cnn (depth 3, filter 3 here; written out, with no [model]).
"$NNCERT" kernel cntk --problem "$T/p.toml" --predict --json > "$T/k1.json" 2> "$T/err" || fail "kernel cntk: $(cat "$T/err")"
sed -e '/^\[model\]/,/^$/d' "$T/p.toml" > "$T/nomodel.toml"
printf '\n[kernel]\ndepth = 3\nfilter = 3\n' >> "$T/nomodel.toml"
"$NNCERT" kernel cntk --problem "$T/nomodel.toml" --predict --json > "$T/k2.json" 2> "$T/err" || fail "kernel cntk without model: $(cat "$T/err")"
printf '\n[kernel]\ndepth = 2\nfilter = 5\n' > "$T/k3.extra"
sed -e '/^\[model\]/,/^$/d' "$T/p.toml" > "$T/other.toml"
cat "$T/k3.extra" >> "$T/other.toml"
"$NNCERT" kernel cntk --problem "$T/other.toml" --predict --json > "$T/k3.json" 2> "$T/err" || fail "kernel cntk depth 2: $(cat "$T/err")"
python3 - "$T/k1.json" "$T/k2.json" "$T/k3.json" <<'PY' || fail "kernel cntk does not use the cnn's depth and filter"
import json, sys
a, b, c = (json.load(open(f)) for f in sys.argv[1:4])
assert a["test_mse"] == b["test_mse"] and a["test_accuracy"] == b["test_accuracy"], (a, b)
assert a["test_mse"] != c["test_mse"], (a, c)   # twin: another depth and filter
PY
# output_scale κ = 1/4: the kernel of that net is κ²·CNTK, bit for bit (κ is a power of two); the
# regression's predictions, and so its accuracy, do not change. Twin: κ² is not κ.
sed 's/^seed = 1$/seed = 1\noutput_scale = 0.25/' "$T/p.toml" > "$T/kappa.toml"
"$NNCERT" kernel cntk --problem "$T/p.toml" --out "$T/K1.npy" > /dev/null 2>&1 || fail "kernel cntk --out"
"$NNCERT" kernel cntk --problem "$T/kappa.toml" --out "$T/Kk.npy" --certify > /dev/null 2>&1 || fail "kernel cntk --out, kappa"
"$NNCERT" kernel cntk --problem "$T/kappa.toml" --predict --json > "$T/kk.json" 2> "$T/err" || fail "kernel cntk --predict, kappa: $(cat "$T/err")"
/usr/bin/python3 - "$T/K1.npy" "$T/Kk.npy" "$T/k1.json" "$T/kk.json" <<'PY' || fail "output_scale does not scale the kernel by its square"
import json, sys
import numpy as np
K1, Kk = np.load(sys.argv[1]), np.load(sys.argv[2])
a, b = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
assert np.array_equal(Kk, K1 / 16), np.abs(Kk - K1 / 16).max()
assert not np.allclose(Kk, K1 / 4)
assert a["test_accuracy"] == b["test_accuracy"] and abs(a["test_mse"] - b["test_mse"]) <= 1e-9, (a, b)
assert b["lambda_min"]["lower"] > 0 and abs(b["lambda_min"]["lower"] - a["lambda_min"]["lower"] / 16) <= 1e-6 * a["lambda_min"]["lower"], (a, b)
PY
sed 's/^output_scale = 0.25/output_scale = 0.3/' "$T/kappa.toml" > "$T/kappa3.toml"
expect_bad_input "output_scale not a power of two" "power of two" "$NNCERT" train --problem "$T/kappa3.toml" --out "$T/out"
expect_bad_input "cntk-gap on a vanilla cnn" 'readout = "vanilla"' "$NNCERT" kernel cntk-gap --problem "$T/p.toml" --predict

# No theorem is about a CNN.
expect_bad_input "verify" 'kind = "cnn"' "$NNCERT" verify --problem "$T/p.toml"
expect_bad_input "prove" 'kind = "cnn"' "$NNCERT" prove --problem "$T/p.toml" --out "$T/out"

# Bad input: flattened images, an even filter, a θ file of the wrong length.
problem "$T/flat.toml" '["flatten", "scale01"]' ''
expect_bad_input "flattened data" "needs image data" "$NNCERT" train --problem "$T/flat.toml" --out "$T/out"
problem "$T/even.toml" '["downsample:4"]' ''
sed -i 's/^filter = 3$/filter = 4/' "$T/even.toml"
expect_bad_input "even filter" "filter" "$NNCERT" train --problem "$T/even.toml" --out "$T/out"
python3 - "$T/short.npy" <<'PY'
import struct, sys
vals = [0.5] * 10
header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }" % len(vals)
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
with open(sys.argv[1], "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + struct.pack("<10d", *vals))
PY
problem "$T/theta.toml" '["downsample:4"]' 'theta = "short.npy"'
expect_bad_input "theta of the wrong length" "10 entries" "$NNCERT" train --problem "$T/theta.toml" --out "$T/out"
echo "cnn model: ok"
