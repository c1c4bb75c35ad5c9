#!/usr/bin/env bash
# nncert certify-spd --distributed on 2 ranks against the serial command, on matrices with exactly
# known spectra (make_matrices.py): the verdicts agree, both enclosures contain the exact λ_min, a
# singular or indefinite matrix is never certified, and rank 0 alone prints, with the serial fields.
# Block sizes and process grids vary (NNCERT_SCALAPACK_BLOCK, NNCERT_SCALAPACK_GRID) so that the
# matrices span many blocks, with n not a multiple of the block size.
# Usage: bash tests/mpi/distributed_certify_spd.sh <path-to-nncert>
set -u
NNCERT=${1:?path to nncert}
source "$(dirname "$0")/mpi_common.inc"
"$PY" "$(dirname "$0")/make_matrices.py" "$T" || fail "cannot write the test matrices"

# check CASE SHIFT ALLOWED: both verdicts in ALLOWED ("refuted|inconclusive": either, as the serial
# command's exact rung may refute where the distributed test cannot), equal when ALLOWED is one verdict;
# every rank exits with the distributed verdict's code; both enclosures contain the exact λ_min.
check() {
  local name=$1 shift_=$2 allowed=$3 truth
  truth=$(awk -v n="$name" '$1 == n { print $2 }' "$T/spectra.txt")
  "$NNCERT" certify-spd "$T/$name.npy" --shift "$shift_" --json > "$T/serial.json" 2> "$T/serial.err"
  local src=$?
  run_ranks dist "$NNCERT" certify-spd --distributed "$T/$name.npy" --shift "$shift_" --json
  case $allowed in *"|"*) ;; *) [ "$(rank_rc dist 0)" = "$src" ] || fail "$name shift $shift_ ${GRIDINFO:-}: exit $(rank_rc dist 0), serial $src" ;; esac
  for r in 0 1; do
    [ "$(rank_rc dist $r)" = "$(rank_rc dist 0)" ] || fail "$name: rank $r exit $(rank_rc dist $r), rank 0 $(rank_rc dist 0)"
    [ ! -s "$T/dist.err.$r" ] || fail "$name: rank $r wrote to stderr: $(cat "$T/dist.err.$r")"
  done
  [ ! -s "$T/dist.out.1" ] || fail "$name: rank 1 printed: $(cat "$T/dist.out.1")"
  "$PY" - "$T/serial.json" "$T/dist.out.0" "$truth" "$allowed" "$name $shift_ ${GRIDINFO:-}" "$(rank_rc dist 0)" <<'PY' || exit 1
import json, sys
serial, dist = (json.load(open(p)) for p in sys.argv[1:3])
truth, allowed, label, code = float(sys.argv[3]), sys.argv[4].split("|"), sys.argv[5], int(sys.argv[6])
def fail(msg):
    print(f"FAIL: {label}: {msg}", file=sys.stderr); sys.exit(1)
if sorted(serial) != sorted(dist): fail(f"fields differ: {sorted(serial)} vs {sorted(dist)}")
if sorted(serial["lambda_min"]) != sorted(dist["lambda_min"]): fail("lambda_min fields differ")
for who, j in (("serial", serial), ("distributed", dist)):
    if j["verdict"] not in allowed: fail(f"{who} verdict {j['verdict']}, allowed {allowed}")
    lo, up = j["lambda_min"]["lower"], j["lambda_min"]["upper"]
    if not (lo <= truth <= up): fail(f"{who} enclosure [{lo!r}, {up!r}] misses lambda_min = {truth}")
if {"certified": 0, "refuted": 1, "inconclusive": 3}[dist["verdict"]] != code: fail(f"exit {code} for {dist['verdict']}")
if len(allowed) == 1 and serial["verdict"] != dist["verdict"]: fail(f"verdicts differ: serial {serial['verdict']}, distributed {dist['verdict']}")
PY
}

run_all() {
  check spd69 0 certified
  check spd69 0.99999904632568359 certified       # 1 − 2^-20: just below λ_min = 1
  check spd69 1.0000009536743164 refuted          # 1 + 2^-20: just above
  check spd69_fortran 0.99999904632568359 certified
  check spd64 2.999 certified
  check spd64 3.001 refuted
  check singular69 0 "refuted|inconclusive"      # λ_min = 0 exactly: never certified
  check singular69 -0.001 certified
  check indefinite37 0 refuted
  check one 2 certified                            # 1×1, λ = 3
  check one 3 refuted
}

GRIDINFO="default layout" run_all
export NNCERT_SCALAPACK_BLOCK=8 NNCERT_SCALAPACK_GRID=2x1
GRIDINFO="nb 8, 2x1" run_all
export NNCERT_SCALAPACK_BLOCK=5 NNCERT_SCALAPACK_GRID=1x2
GRIDINFO="nb 5, 1x2" run_all

# Text output: rank 0 prints the serial command's two lines (verdict line, reason), rank 1 nothing.
"$NNCERT" certify-spd "$T/spd69.npy" > "$T/serial.txt"
run_ranks text "$NNCERT" certify-spd --distributed "$T/spd69.npy"
[ "$(wc -l < "$T/text.out.0")" = "$(wc -l < "$T/serial.txt")" ] || fail "text output: $(cat "$T/text.out.0")"
[ "$(head -c 30 "$T/text.out.0")" = "$(head -c 30 "$T/serial.txt")" ] || fail "text differs: $(cat "$T/text.out.0")"
[ ! -s "$T/text.out.1" ] || fail "rank 1 printed text"
echo "distributed certify-spd: OK"
