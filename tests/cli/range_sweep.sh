#!/usr/bin/env bash
# The whole floating-point range through every command: certify-spd, sigma-min, kernel
# ntk|nngp|h-infinity|cntk, jacobian, kernel entk and verify on data, weights, biases and thresholds
# scaled from 1e-300 to 1e300, depths up to 1000, subnormal and near-overflow matrices. For every run:
# exit in {0, 1, 3} (a valid input is never "bad input" and never crashes), no NaN/Inf in any output
# .npy or JSON, and no output left behind unless the command succeeded. Where the answer is known
# exactly (diagonal matrices, homogeneous kernels) the verdict or the values are checked too. Each
# documented limit is run at the limit and just past it.
# Usage: bash tests/cli/range_sweep.sh <path-to-nncert>   (from the repository root)
set -u
NNCERT=${1:?path to nncert}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
runs=0

# Every value of a float64 .npy file (C or Fortran order) is finite.
npy_finite() {
  python3 - "$1" <<'PY' || return 1
import array, math, struct, sys
raw = open(sys.argv[1], 'rb').read()
assert raw[:6] == b'\x93NUMPY', 'not an npy file'
major = raw[6]
hlen = struct.unpack('<H', raw[8:10])[0] if major == 1 else struct.unpack('<I', raw[8:12])[0]
start = (10 if major == 1 else 12) + hlen
assert "'<f8'" in raw[:start].decode('latin1'), 'not float64'
values = array.array('d'); values.frombytes(raw[start:])
bad = [v for v in values if not math.isfinite(v)]
sys.exit(1 if bad else 0)
PY
}

# JSON on stdout parses and holds no NaN/Infinity literal (nlohmann writes non-finite numbers as null).
json_clean() {
  python3 -c '
import json, sys
def reject(token): raise ValueError("non-finite literal " + token)
json.loads(sys.stdin.read(), parse_constant=reject)' < "$1"
}

# run EXPECTED_CODES OUTPUT_FILE_OR_- COMMAND...: runs once, checks the exit code is in the list, a
# JSON stdout (when the command got --json) is clean, and the output file is finite when it exists and
# absent when the command did not succeed with a result (exit 2, or the kernel's range exit 3).
run() {
  local want=$1 out=$2
  shift 2
  rm -f "$T/stdout" "$T/stderr"
  [ "$out" = - ] || rm -rf "$out"
  "$@" > "$T/stdout" 2> "$T/stderr"
  rc=$?
  runs=$((runs + 1))
  case " $want " in *" $rc "*) ;; *) fail "exit $rc (want one of: $want): $* -- $(cat "$T/stdout" "$T/stderr" | head -c 600)" ;; esac
  case " $* " in *" --json "*) [ $rc -eq 2 ] || json_clean "$T/stdout" || fail "JSON not clean: $* -- $(head -c 600 "$T/stdout")" ;; esac
  if [ "$out" != - ]; then
    if [ $rc -eq 2 ]; then
      [ -e "$out" ] && fail "output $out left behind on error: $*"
    elif [ -d "$out" ]; then
      for f in "$out"/*.npy; do npy_finite "$f" || fail "non-finite value in $f: $*"; done
    elif [ -e "$out" ]; then
      npy_finite "$out" || fail "non-finite value in $out: $*"
    fi
  fi
  return 0
}
verdict_is() { grep -q "\"verdict\":\"$1\"" "$T/stdout" || fail "verdict not $1: $(head -c 600 "$T/stdout")"; }

# ---------------------------------------------------------------- certify-spd: c·diag(1, 2, 3)
# λ_min = c exactly (for c a power of ten the diagonal entries are the doubles nearest c, 2c, 3c, and
# the true λ_min is the double c); shift c/2 must be certified, shift 2c refuted.
for e in -300 -250 -200 -150 -100 -50 0 50 100 150 200 250 300; do
  python3 -c "c=1e$e; print(f'{c!r},0,0'); print(f'0,{2*c!r},0'); print(f'0,0,{3*c!r}')" > "$T/d.csv"
  half=$(python3 -c "print(repr(1e$e/2))")
  twice=$(python3 -c "print(repr(1e$e*2))")
  run "0" - "$NNCERT" certify-spd "$T/d.csv" --shift "$half" --json; verdict_is certified
  run "1" - "$NNCERT" certify-spd "$T/d.csv" --shift "$twice" --json; verdict_is refuted
  run "0 1 3" - "$NNCERT" certify-spd "$T/d.csv" --shift "1e$e" --json
  grep -q '"verdict":"certified"' "$T/stdout" && fail "certify-spd certified lambda_min > c at c = 1e$e"
done
# Subnormal and near-overflow matrices, with the exact verdicts.
printf '5e-324\n' > "$T/eta.csv"
run "0" - "$NNCERT" certify-spd "$T/eta.csv" --json; verdict_is certified
run "1" - "$NNCERT" certify-spd "$T/eta.csv" --shift 5e-324 --json; verdict_is refuted
printf '1,0\n0,1\n' > "$T/id.csv"
run "0" - "$NNCERT" certify-spd "$T/id.csv" --shift 0.9999999999999999 --json; verdict_is certified
run "1" - "$NNCERT" certify-spd "$T/id.csv" --shift 1 --json; verdict_is refuted
run "1" - "$NNCERT" certify-spd "$T/id.csv" --shift 1.0000000000000002 --json; verdict_is refuted
printf '1.7976931348623157e308,1e308\n1e308,1.7976931348623157e308\n' > "$T/top.csv"
run "0" - "$NNCERT" certify-spd "$T/top.csv" --json; verdict_is certified
printf '1.7976931348623157e308,1.7976931348623157e308\n1.7976931348623157e308,1.7976931348623157e308\n' > "$T/sing.csv"
run "1" - "$NNCERT" certify-spd "$T/sing.csv" --json; verdict_is refuted
printf '3e-323,2e-323\n2e-323,3e-323\n' > "$T/sub.csv"
run "0" - "$NNCERT" certify-spd "$T/sub.csv" --json; verdict_is certified
run "0 1 3" - "$NNCERT" certify-spd "$T/top.csv" --shift 1.7976931348623157e308 --json
run "0 1 3" - "$NNCERT" certify-spd "$T/top.csv" --shift -1.7976931348623157e308 --json
# Limit: the shift must be finite.
run "2" - "$NNCERT" certify-spd "$T/id.csv" --shift inf
grep -q "shift" "$T/stderr" || fail "non-finite shift: the message does not name the shift: $(cat "$T/stderr")"

# ---------------------------------------------------------------- sigma-min: c·diag(1, 2) (2×3)
for e in -300 -200 -154 -100 0 100 154 200 300; do
  python3 -c "c=1e$e; print(f'{c!r},0,0'); print(f'0,{2*c!r},0')" > "$T/s.csv"
  half=$(python3 -c "print(repr(1e$e/2))")
  thrice=$(python3 -c "print(repr(1e$e*3))")
  run "0" - "$NNCERT" sigma-min "$T/s.csv" --json; verdict_is certified
  run "0" - "$NNCERT" sigma-min "$T/s.csv" --threshold "$half" --json; verdict_is certified
  run "1" - "$NNCERT" sigma-min "$T/s.csv" --threshold "$thrice" --json; verdict_is refuted
done
printf '1.2e154,0\n0,1.3e154\n' > "$T/big.csv"
run "0" - "$NNCERT" sigma-min "$T/big.csv" --json; verdict_is certified
printf '1,2\n3,4\n' > "$T/small.csv"
run "1" - "$NNCERT" sigma-min "$T/small.csv" --threshold 1e160 --json; verdict_is refuted
run "1" - "$NNCERT" sigma-min "$T/small.csv" --threshold 1.7976931348623157e308 --json; verdict_is refuted
printf '5e-324,0\n0,1e-323\n' > "$T/subdiag.csv"
run "0" - "$NNCERT" sigma-min "$T/subdiag.csv" --json; verdict_is certified
printf '1e300,1e-300\n1e-300,1e300\n' > "$T/graded.csv"
run "0" - "$NNCERT" sigma-min "$T/graded.csv" --json; verdict_is certified
# Limit: the threshold must be finite and >= 0.
run "2" - "$NNCERT" sigma-min "$T/small.csv" --threshold -1
grep -q "threshold" "$T/stderr" || fail "negative threshold: the message does not name the threshold"

# ---------------------------------------------------------------- kernels
# Data: three distinct rows (the §2 instance) scaled by s; target column 1.
write_data() {  # $1 = scale, $2 = file
  python3 -c "
s = float('$1')
for row in ((1, 0, 0), (0.6, 0.8, 0), (0, 0.6, 0.8)):
    print(','.join(repr(v * s) for v in row) + ',1')" > "$2"
}
problem() {  # $1 = file, $2 = data csv, $3 = activation, $4 = sigma_w, $5 = sigma_b, $6 = depth, $7 = scaling
  local bias=false sw=$4 sb=$5
  [ "$sb" = 0 ] || bias=true
  case $sw in *[.e]*) ;; *) sw=$sw.0 ;; esac  # TOML floats, never integers
  case $sb in *[.e]*) ;; *) sb=$sb.0 ;; esac
  cat > "$1" <<TOML
[data]
source = "csv:$2"
[model]
kind = "mlp"
widths = [3, 8, 1]
activation = "$3"
sigma_w = $sw
bias = $bias
sigma_b = $sb
[kernel]
depth = $6
scaling = "$7"
TOML
}

for s in 1e-300 1e-200 1e-155 1e-150 1e-100 1e-50 1 1e50 1e76 1e77 1e100 1e150 1e200 1e300; do
  write_data "$s" "$T/X_$s.csv"
  for kind in ntk nngp; do
    problem "$T/p.toml" "X_$s.csv" relu 1 0 2 paper
    run "0 3" "$T/K.npy" "$NNCERT" kernel "$kind" --problem "$T/p.toml" --out "$T/K.npy" --json
    run "0 1 3" "$T/K.npy" "$NNCERT" kernel "$kind" --problem "$T/p.toml" --out "$T/K.npy" --certify --json
  done
  problem "$T/p.toml" "X_$s.csv" relu 1 0 1 paper
  run "0 3" "$T/H.npy" "$NNCERT" kernel h-infinity --problem "$T/p.toml" --out "$T/H.npy" --json
  run "0 1 3" "$T/H.npy" "$NNCERT" kernel h-infinity --problem "$T/p.toml" --out "$T/H.npy" --certify --json
done

# Weights and biases across the range (model scaling), depth 3: the issue's σ_w = 1e-150 case gives
# a kernel near 1e-1200, which double cannot hold: inconclusive with the layer named, never NaN.
for sw in 1e-300 1e-150 1e-50 1 1e50 1e150 1e300; do
  for sb in 0 1e-300 1e-150 1 1e150 1e300; do
    problem "$T/p.toml" "X_1.csv" relu "$sw" "$sb" 3 model
    run "0 3" "$T/K.npy" "$NNCERT" kernel ntk --problem "$T/p.toml" --out "$T/K.npy" --json
  done
  problem "$T/p.toml" "X_1.csv" erf "$sw" 0 3 model
  run "0 1 3" "$T/K.npy" "$NNCERT" kernel ntk --problem "$T/p.toml" --out "$T/K.npy" --certify --json
done
problem "$T/p.toml" "X_1.csv" relu 1e-150 0 3 model
run "3" "$T/K.npy" "$NNCERT" kernel ntk --problem "$T/p.toml" --out "$T/K.npy" --json
grep -q "underflows" "$T/stdout" || fail "sigma_w = 1e-150: the reason does not say the kernel underflows: $(cat "$T/stdout")"
run "3" "$T/K.npy" "$NNCERT" kernel ntk --problem "$T/p.toml" --out "$T/K.npy" --certify --json

# Depth up to the documented limit 1000, and just past it (exit 2 naming the key).
for act in relu erf identity; do
  for depth in 1 10 100 1000; do
    problem "$T/p.toml" "X_1.csv" "$act" 1 0 "$depth" paper
    run "0 3" "$T/K.npy" "$NNCERT" kernel ntk --problem "$T/p.toml" --out "$T/K.npy" --json
  done
  run "0 1 3" "$T/K.npy" "$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/K.npy" --certify --json
done
problem "$T/p.toml" "X_1.csv" relu 1 0 1001 paper
run "2" "$T/K.npy" "$NNCERT" kernel ntk --problem "$T/p.toml" --out "$T/K.npy"
grep -q "depth" "$T/stderr" || fail "depth 1001: the message does not name the key: $(cat "$T/stderr")"
[ -e "$T/K.npy" ] && fail "depth 1001 left an output file"

# Limits of the double kernel evaluation, each at the limit and one ulp past it.
limit_data() {  # $1 = first-row entry a (hex float; row (a, 0, 0), then (0, 1, 0), (0, 0, 1)), $2 = file
  python3 -c "
a = float.fromhex('$1')
print(f'{a!r},0,0,1'); print('0,1,0,1'); print('0,0,1,1')" > "$2"
}
# (a) Recursions not homogeneous in the data (erf, or a bias): every variance in [2^-1022, 2^511]
# (the products of two variances must stay finite). Paper-scaled erf NNGP: Σ⁰(x, x) = ‖x‖².
problem "$T/p.toml" "L.csv" erf 1 0 2 paper
limit_data 0x1.6a09e667f3bccp+255 "$T/L.csv"  # ‖x‖² just below 2^511
run "0" "$T/K.npy" "$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/K.npy" --json
limit_data 0x1.6a09e667f3bcep+255 "$T/L.csv"  # ‖x‖² just above 2^511
run "3" "$T/K.npy" "$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/K.npy" --json
grep -q "2^511" "$T/stdout" || fail "past the variance limit: the reason does not name it: $(cat "$T/stdout")"
limit_data 0x1p-511 "$T/L.csv"                # ‖x‖² = 2^-1022 = DBL_MIN: the lower limit itself
run "0" "$T/K.npy" "$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/K.npy" --json
limit_data 0x1.fffffffffffffp-512 "$T/L.csv"  # just below: ‖x‖² < DBL_MIN
run "3" "$T/K.npy" "$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/K.npy" --json
grep -q "underflows" "$T/stdout" || fail "past the lower variance limit: the reason does not name it: $(cat "$T/stdout")"
# (b) Kernels homogeneous in the data (bias-free ReLU, H∞): data are rescaled exactly, so the only
# limit is the kernel itself: K(x, x) = ‖x‖² for the paper-scaled ReLU NNGP, 2·H∞(x, x) = ‖x‖².
problem "$T/p.toml" "L.csv" relu 1 0 2 paper
limit_data 0x1.fffffffffffffp+511 "$T/L.csv"  # ‖x‖² = (2^512 − 2^459)² rounds below DBL_MAX
run "0" "$T/K.npy" "$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/K.npy" --json
run "0" "$T/H.npy" "$NNCERT" kernel h-infinity --problem "$T/p.toml" --out "$T/H.npy" --json
limit_data 0x1p+512 "$T/L.csv"                # ‖x‖² = 2^1024: the kernel overflows
run "3" "$T/K.npy" "$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/K.npy" --json
grep -q "overflows" "$T/stdout" || fail "past the kernel's upper limit: the reason does not say so: $(cat "$T/stdout")"
limit_data 0x1p-511 "$T/L.csv"
run "0" "$T/K.npy" "$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/K.npy" --json
limit_data 0x1p-512 "$T/L.csv"                # ‖x‖² = 2^-1024 < DBL_MIN: the kernel underflows
run "3" "$T/K.npy" "$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/K.npy" --json
grep -q "underflows" "$T/stdout" || fail "past the kernel's lower limit: the reason does not say so: $(cat "$T/stdout")"

# Exact reference: the bias-free ReLU kernels are homogeneous of degree 2, K(2^k X) = 4^k K(X), and the
# fast path computes exactly that (every step scales by a power of two or is scale free).
python3 -c "
for row in ((1, 0, 0), (0.6, 0.8, 0), (0, 0.6, 0.8)): print(','.join(repr(v * 2.0**200) for v in row) + ',1')" > "$T/X_2e200.csv"
problem "$T/p.toml" "X_1.csv" relu 1 0 3 paper
run "0" "$T/K1.npy" "$NNCERT" kernel ntk --problem "$T/p.toml" --out "$T/K1.npy"
problem "$T/p.toml" "X_2e200.csv" relu 1 0 3 paper
run "0" "$T/K2.npy" "$NNCERT" kernel ntk --problem "$T/p.toml" --out "$T/K2.npy"
python3 - "$T/K1.npy" "$T/K2.npy" <<'PY' || fail "ntk(2^200 X) != 2^400 ntk(X)"
import array, struct, sys
def load(p):
    raw = open(p, 'rb').read(); h = struct.unpack('<H', raw[8:10])[0]
    a = array.array('d'); a.frombytes(raw[10 + h:]); return a
k1, k2 = load(sys.argv[1]), load(sys.argv[2])
sys.exit(0 if all(b == a * 2.0**400 for a, b in zip(k1, k2)) and len(k1) == 9 else 1)
PY

# ---------------------------------------------------------------- jacobian, kernel entk, verify
for s in 1e-300 1e-100 1 1e100 1e300; do
  for act in tanh relu softplus; do
    cat > "$T/m.toml" <<TOML
theorem = "generic/jacobian-rank"
[data]
source = "csv:X_$s.csv"
[model]
kind = "mlp"
widths = [3, 16, 1]
activation = "$act"
seed = 2
TOML
    run "0 3" "$T/jac" "$NNCERT" jacobian --problem "$T/m.toml" --out "$T/jac"
    run "0 3" "$T/E.npy" "$NNCERT" kernel entk --problem "$T/m.toml" --out "$T/E.npy"
    run "0 1 3" - "$NNCERT" verify --problem "$T/m.toml" --json
  done
done

# ---------------------------------------------------------------- prove and train across data scales
# A whole run on data from 1e-300 to 1e300: the loss may underflow, overflow or the run diverge, but
# prove answers with one of its verdict codes (5: a rate-free theorem's run too short or diverged) and a
# certificate without a non-finite literal, and train writes its trajectory.
for s in 1e-300 1e-100 1 1e100 1e300; do
  cat > "$T/w.toml" <<TOML
theorem = "generic/jacobian-rank"
[data]
source = "csv:X_$s.csv"
[model]
kind = "mlp"
widths = [3, 16, 1]
activation = "tanh"
seed = 2
[train]
algorithm = "gd"
steps = 20
TOML
  rm -rf "$T/wp" "$T/wt"
  run "0 1 3 5" - "$NNCERT" prove --problem "$T/w.toml" --out "$T/wp"
  json_clean "$T/wp/certificate.json" || fail "non-finite literal in the certificate at data scale $s"
  run "0" - "$NNCERT" train --problem "$T/w.toml" --out "$T/wt"
  [ -s "$T/wt/trajectory.csv" ] || fail "train wrote no trajectory at data scale $s"
done

# ---------------------------------------------------------------- RFF-ResNet: bandwidth and data scale
# The frequencies are N(0, 1)/bandwidth: a bandwidth of 1e-300 gives frequencies near 1e300, whose
# phases ω·x overflow or lose every digit; 1e300 gives ω·x ≈ 0 (a constant feature map, rank one).
# Both are valid inputs: certified, refuted or inconclusive, never bad input or a non-finite output.
for bw in 1e-300 1e-150 1e-8 1 1e8 1e150 1e300; do
  for s in 1e-300 1 1e300; do
    cat > "$T/r.toml" <<TOML
theorem = "barboni-2022/rff-expressivity"
[data]
source = "csv:X_$s.csv"
[model]
kind = "rff-resnet"
depth = 2
hidden = 3
features = 16
bandwidth = $bw
seed = 3
TOML
    run "0 1 3" - "$NNCERT" verify --problem "$T/r.toml" --json
    run "0 3" "$T/rjac" "$NNCERT" jacobian --problem "$T/r.toml" --out "$T/rjac"
  done
done
# At a bandwidth where the features are exactly constant in float (ω·x rounds to the same phase for
# every input), the feature Gram is rank one, so the expressivity hypothesis must not be certified.
cat > "$T/r.toml" <<TOML
theorem = "barboni-2022/rff-expressivity"
[data]
source = "csv:X_1e-300.csv"
[model]
kind = "rff-resnet"
depth = 2
hidden = 3
features = 16
bandwidth = 1e300
seed = 3
TOML
run "1 3" - "$NNCERT" verify --problem "$T/r.toml" --json
grep -q '"verdict":"certified"' "$T/stdout" && fail "rank-one RFF features certified: $(head -c 600 "$T/stdout")"

echo "range sweep: ok ($runs runs)"
