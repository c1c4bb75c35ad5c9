#!/usr/bin/env bash
# [model] theta = "FILE.npy": θ0 read from a file instead of drawn from the seed.
#  * a file holding exactly the seeded θ0 (written by `nncert jacobian`) gives the identical verification
#    (every number but the timings) and training, and a different θ gives different certified numbers,
#    Jacobian and initial loss;
#  * prove with a theta file writes a certificate that `nncert check` re-derives (θ0 from the file,
#    resolved beside the problem file), also after the directory is moved and with --data-root; after
#    the file is changed the check fails (the recorded sha256 of θ0 no longer matches);
#  * a missing file, the wrong length, a NaN, a 2-d array or an integer dtype is bad input (exit 2, one
#    line naming the file and the problem).
set -u
NNCERT=${1:?usage: model_theta_file.sh NNCERT}
. "$(dirname "$0")/cli_common.inc"

# npy_tool OP IN OUT [ARGS]: stdlib-only edits of a 1-d '<f8' .npy (no numpy needed).
npy_tool() {
  python3 - "$@" <<'PY'
import struct, sys
op, src, dst = sys.argv[1:4]
raw = open(src, "rb").read()
hlen = struct.unpack("<H", raw[8:10])[0]
values = list(struct.unpack("<%dd" % ((len(raw) - 10 - hlen) // 8), raw[10 + hlen:]))
def write(vals, descr="<f8", shape=None, fmt="d"):
    shape = shape or "(%d,)" % len(vals)
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(dst, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack("<%d%s" % (len(vals), fmt), *vals))
if op == "scale": write([1.25 * v for v in values])
elif op == "drop": write(values[:-1])
elif op == "nan": write(values[:3] + [float("nan")] + values[4:])
elif op == "matrix": write(values[:-1] if len(values) % 2 else values, shape="(2, %d)" % (len(values) // 2))
elif op == "int": write([int(round(v)) for v in values], descr="<i8", fmt="q")
elif op == "same":  # exit 0 when DST holds the same values as SRC
    raw2 = open(dst, "rb").read()
    h2 = struct.unpack("<H", raw2[8:10])[0]
    sys.exit(0 if raw2[10 + h2:] == raw[10 + hlen:] else 1)
PY
}

mkdir -p "$T/a"
cat > "$T/a/p.toml" <<'TOML'
theorem = "generic/jacobian-rank"
[data]
source = "synthetic:gaussian"
n = 5
d = 3
seed = 4
[model]
widths = [3, 6, 1]
activation = "tanh"
seed = 9
[train]
algorithm = "gd"
step_size = 0.05
steps = 20
record_every = 5
TOML
cp "$T/a/p.toml" "$T/seeded.toml"
with_theta() { sed "s|^\[model\]\$|[model]\ntheta = \"$2\"|" "$T/seeded.toml" > "$1"; }

"$NNCERT" jacobian --problem "$T/a/p.toml" --out "$T/jac" > /dev/null || fail "nncert jacobian failed"
cp "$T/jac/theta.npy" "$T/a/theta.npy"
with_theta "$T/a/q.toml" theta.npy
grep -q '^theta = "theta.npy"$' "$T/a/q.toml" || fail "test premise: q.toml has no theta key"

# Every field but the timings, for comparing two verifications.
strip_seconds() {
  python3 -c 'import json,sys
def strip(v):
    if isinstance(v, dict): return {k: strip(x) for k, x in v.items() if k != "seconds"}
    if isinstance(v, list): return [strip(x) for x in v]
    return v
print(json.dumps(strip(json.load(open(sys.argv[1]))), sort_keys=True))' "$1"
}
"$NNCERT" verify --problem "$T/a/p.toml" --json > "$T/seeded.json"; rc=$?
[ $rc -eq 0 ] || fail "seeded verify: exit $rc, expected 0 (certified)"
"$NNCERT" verify --problem "$T/a/q.toml" --json > "$T/file.json"; rc=$?
[ $rc -eq 0 ] || fail "verify with the theta file: exit $rc, expected 0"
[ "$(strip_seconds "$T/seeded.json")" = "$(strip_seconds "$T/file.json")" ] ||
  fail "the seeded θ0 from a file gave another verification: $(diff <(strip_seconds "$T/seeded.json") <(strip_seconds "$T/file.json"))"
grep -q '"lower"' "$T/file.json" || fail "test premise: the verification has no enclosure"

# Negative twin: another θ changes the certified numbers.
npy_tool scale "$T/a/theta.npy" "$T/a/scaled.npy"
with_theta "$T/a/s.toml" scaled.npy
"$NNCERT" verify --problem "$T/a/s.toml" --json > "$T/scaled.json" || fail "verify with a scaled θ failed"
[ "$(strip_seconds "$T/seeded.json")" != "$(strip_seconds "$T/scaled.json")" ] || fail "a different θ0 left every number unchanged"
# The Jacobian written at the file's θ is the one at the scaled parameters, not the seeded ones.
"$NNCERT" jacobian --problem "$T/a/s.toml" --out "$T/jac_s" > /dev/null || fail "jacobian with a theta file failed"
npy_tool same "$T/a/scaled.npy" "$T/jac_s/theta.npy" || fail "jacobian's theta.npy is not the file's θ"
npy_tool same "$T/a/theta.npy" "$T/jac_s/theta.npy" && fail "jacobian ignored the theta file"

# train starts from the file's θ: the seeded θ0 from a file gives the same trajectory byte for byte, the
# scaled one another initial loss.
"$NNCERT" train --problem "$T/a/p.toml" --out "$T/train_p" > /dev/null 2>&1 || fail "train (seeded) failed"
"$NNCERT" train --problem "$T/a/q.toml" --out "$T/train_q" > /dev/null 2>&1 || fail "train with the theta file failed"
"$NNCERT" train --problem "$T/a/s.toml" --out "$T/train_s" > /dev/null 2>&1 || fail "train with the scaled theta failed"
cmp -s "$T/train_p/trajectory.csv" "$T/train_q/trajectory.csv" || fail "train from the seeded θ0 in a file gave another trajectory"
[ "$(sed -n 2p "$T/train_p/trajectory.csv")" != "$(sed -n 2p "$T/train_s/trajectory.csv")" ] || fail "train ignored the scaled theta file"

# prove + check, moved, --data-root, and a changed file.
"$NNCERT" prove --problem "$T/a/q.toml" --out "$T/a/out" > "$T/prove.out" 2>&1; rc=$?
[ $rc -eq 0 ] || [ $rc -eq 5 ] || fail "prove with a theta file: exit $rc: $(cat "$T/prove.out")"
"$NNCERT" check "$T/a/out/certificate.json" > "$T/check.out" 2>&1 || fail "check: $(tail -5 "$T/check.out")"
mv "$T/a" "$T/moved"
"$NNCERT" check "$T/moved/out/certificate.json" > "$T/check.out" 2>&1 || fail "check after moving the directory: $(tail -5 "$T/check.out")"
mkdir -p "$T/cert_only" && cp "$T/moved/out/certificate.json" "$T/moved/out/trajectory.csv" "$T/cert_only/"
[ -f "$T/moved/out/steps.csv" ] && cp "$T/moved/out/steps.csv" "$T/cert_only/"
"$NNCERT" check "$T/cert_only/certificate.json" --data-root "$T/moved" > "$T/check.out" 2>&1 ||
  fail "check --data-root: $(tail -5 "$T/check.out")"
cp "$T/moved/scaled.npy" "$T/moved/theta.npy"
"$NNCERT" check "$T/moved/out/certificate.json" > "$T/check.out" 2>&1; rc=$?
[ $rc -eq 1 ] || fail "check with a changed theta file: exit $rc, expected 1: $(tail -5 "$T/check.out")"
grep -q "sha256_theta0" "$T/check.out" || fail "the failed check does not name sha256_theta0: $(grep FAIL "$T/check.out" | head -3)"
cp "$T/jac/theta.npy" "$T/moved/theta.npy"

# Bad theta files: exit 2, one line naming the problem file's key and the .npy.
P=$T/moved
with_theta "$P/bad.toml" missing.npy
expect_bad_input "missing file" "missing.npy" "$NNCERT" verify --problem "$P/bad.toml"
npy_tool drop "$P/theta.npy" "$P/short.npy"
with_theta "$P/bad.toml" short.npy
expect_bad_input "wrong length" "30 entries, the model has p = 31 parameters" "$NNCERT" verify --problem "$P/bad.toml"
npy_tool nan "$P/theta.npy" "$P/nan.npy"
with_theta "$P/bad.toml" nan.npy
expect_bad_input "NaN" "entry 3 is nan" "$NNCERT" prove --problem "$P/bad.toml" --out "$T/out"
npy_tool matrix "$P/theta.npy" "$P/matrix.npy"
with_theta "$P/bad.toml" matrix.npy
expect_bad_input "2-d array" "a 2-d array" "$NNCERT" jacobian --problem "$P/bad.toml" --out "$T/out"
npy_tool int "$P/theta.npy" "$P/int.npy"
with_theta "$P/bad.toml" int.npy
expect_bad_input "integer dtype" "dtype '<i8'" "$NNCERT" train --problem "$P/bad.toml" --out "$T/out"
grep -q "bad.toml:.*\[model\].theta" "$T/stderr" || fail "the message does not name the problem file's key: $(cat "$T/stderr")"
echo "theta files: seeded θ0 reproduced, another θ changes the numbers, check re-derives, bad files refused"
