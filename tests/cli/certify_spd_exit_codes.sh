#!/usr/bin/env bash
# nncert certify-spd: exit codes 0/1/3 by verdict, 2 with one stderr line naming the file for bad input,
# and no output on stdout for bad input. Usage: bash certify_spd_exit_codes.sh <path-to-nncert>
set -u
NNCERT=${1:?usage: certify_spd_exit_codes.sh <path-to-nncert>}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# write_npy FILE SHAPE_TUPLE COUNT [TRUNCATE_BYTES]: float64 C-order .npy holding 1, 2, 3, ... (or a
# symmetric tridiagonal pattern when the shape is square), crafted without numpy.
write_npy() {
  python3 - "$@" <<'PY'
import struct, sys
path, shape, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
cut = int(sys.argv[4]) if len(sys.argv) > 4 else 0
header = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }" % shape
pad = 16 - (10 + len(header) + 1) % 16
header = header + " " * pad + "\n"
dims = eval(shape)
vals = []
if len(dims) == 2 and dims[0] == dims[1]:
    n = dims[0]
    for i in range(n):
        for j in range(n):
            vals.append(2.0 if i == j else (-1.0 if abs(i - j) == 1 else 0.0))
else:
    vals = [float(k + 1) for k in range(count)]
data = b"".join(struct.pack("<d", v) for v in vals)
if cut:
    data = data[:-cut]
with open(path, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data)
PY
}

expect() {  # expect CODE FILE [ARGS...]
  local code=$1 file=$2
  shift 2
  "$NNCERT" certify-spd "$file" "$@" >"$DIR/out" 2>"$DIR/err"
  local got=$?
  [ "$got" -eq "$code" ] || fail "certify-spd $file $*: exit $got, expected $code; stderr: $(cat "$DIR/err")"
}

expect_bad() {  # exit 2, nothing on stdout, exactly one stderr line naming the file
  local file=$1
  expect 2 "$file"
  [ ! -s "$DIR/out" ] || fail "$file: partial output on stdout: $(cat "$DIR/out")"
  [ "$(wc -l <"$DIR/err")" -eq 1 ] || fail "$file: expected one stderr line, got: $(cat "$DIR/err")"
  grep -qF "$(basename "$file")" "$DIR/err" || fail "$file: stderr does not name the file: $(cat "$DIR/err")"
}

# Positive definite: tridiag(-1,2,-1) (λ_min = 2 − 2cos(π/(n+1)) > 0).
printf '2,-1,0\n-1,2,-1\n0,-1,2\n' >"$DIR/pd.csv"
expect 0 "$DIR/pd.csv"
expect 0 "$DIR/pd.csv" --json
python3 -c "import json,sys; d=json.load(open('$DIR/out')); assert d['verdict']=='certified', d; \
e=d['lambda_min']; t=2-2**0.5; assert e['certified'] and e['lower']<=t<=e['upper'], d; assert d['n']==3" \
  || fail "JSON of pd.csv: $(cat "$DIR/out")"
write_npy "$DIR/pd.npy" "(50, 50)" 2500
expect 0 "$DIR/pd.npy"
# Its negative twin: λ_min(tridiag 3x3) = 2 − √2 ≈ 0.586, so --shift 0.6 is refuted, 0.5 certified.
expect 1 "$DIR/pd.csv" --shift 0.6
expect 0 "$DIR/pd.csv" --shift 0.5
# Not positive definite: indefinite, and exactly singular (decided by the exact rung).
printf '1,2\n2,1\n' >"$DIR/indefinite.csv"
expect 1 "$DIR/indefinite.csv"
printf '1,1\n1,1\n' >"$DIR/singular.csv"
expect 1 "$DIR/singular.csv"

# Bad input: each exits 2 with one line naming the file.
expect_bad "$DIR/missing.npy"
write_npy "$DIR/truncated.npy" "(4, 4)" 16 8
expect_bad "$DIR/truncated.npy"
printf '1,nan\nnan,1\n' >"$DIR/nan.csv"
expect_bad "$DIR/nan.csv"
printf '1,2,3\n4,5,6\n' >"$DIR/nonsquare.csv"
expect_bad "$DIR/nonsquare.csv"
printf '2,1\n1.5,2\n' >"$DIR/nonsymmetric.csv"
expect_bad "$DIR/nonsymmetric.csv"
grep -q "not symmetric" "$DIR/err" || fail "nonsymmetric.csv: message does not say 'not symmetric'"
write_npy "$DIR/vector.npy" "(5,)" 5
expect_bad "$DIR/vector.npy"
: >"$DIR/empty.csv"
expect_bad "$DIR/empty.csv"
printf '1,2\n3\n' >"$DIR/ragged.csv"
expect_bad "$DIR/ragged.csv"
echo "certify_spd_exit_codes: ok"
