#!/usr/bin/env bash
# nncert sigma-min: exit 0 for full rank, 1 for a proven rank deficiency, 2 for bad input (one line
# naming the file, nothing on stdout). Usage: bash sigma_min_exit_codes.sh <path-to-nncert>
set -u
NNCERT=${1:?usage: sigma_min_exit_codes.sh <path-to-nncert>}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {
  local code=$1 file=$2
  shift 2
  "$NNCERT" sigma-min "$file" "$@" >"$DIR/out" 2>"$DIR/err"
  local got=$?
  [ "$got" -eq "$code" ] || fail "sigma-min $file $*: exit $got, expected $code; stderr: $(cat "$DIR/err")"
}
# Hadamard rows (H Hᵀ = 4I): σ_min = 2 exactly.
printf '1,1,1,1\n1,-1,1,-1\n' >"$DIR/hadamard.csv"
expect 0 "$DIR/hadamard.csv" --json
python3 -c "import json; d=json.load(open('$DIR/out')); e=d['sigma_min']; \
assert d['verdict']=='certified' and e['certified'] and e['lower']<=2<=e['upper'], d; \
assert d['rank']=={'lower':2,'upper':2} and d['n']==2 and d['p']==4, d" || fail "JSON: $(cat "$DIR/out")"
expect 1 "$DIR/hadamard.csv" --threshold 2.5
# Rank-deficient twin: second row = 2 × first.
printf '1,1,1,1\n2,2,2,2\n' >"$DIR/deficient.csv"
expect 1 "$DIR/deficient.csv" --json
python3 -c "import json; d=json.load(open('$DIR/out')); assert d['rank']['upper']==1, d" || fail "rank: $(cat "$DIR/out")"
# Bad input.
"$NNCERT" sigma-min "$DIR/missing.csv" >"$DIR/out" 2>"$DIR/err"
[ $? -eq 2 ] || fail "missing file: exit not 2"
[ ! -s "$DIR/out" ] && [ "$(wc -l <"$DIR/err")" -eq 1 ] && grep -q missing.csv "$DIR/err" || fail "missing: $(cat "$DIR/err")"
printf '1,inf\n' >"$DIR/inf.csv"
"$NNCERT" sigma-min "$DIR/inf.csv" >"$DIR/out" 2>"$DIR/err"
[ $? -eq 2 ] && [ ! -s "$DIR/out" ] && grep -q inf.csv "$DIR/err" || fail "inf.csv: $(cat "$DIR/err")"
echo "sigma_min_exit_codes: ok"
