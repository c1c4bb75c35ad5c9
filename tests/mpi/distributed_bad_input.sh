#!/usr/bin/env bash
# nncert certify-spd --distributed with bad input on 2 ranks: every rank exits 2 within the timeout
# (no hang), rank 0 prints exactly one line on stderr and it is the serial command's message (the same
# file, problem and entry), rank 1 prints nothing, nothing goes to stdout. Also across layouts.
# Usage: bash tests/mpi/distributed_bad_input.sh <path-to-nncert>
set -u
NNCERT=${1:?path to nncert}
source "$(dirname "$0")/mpi_common.inc"
"$PY" "$(dirname "$0")/make_matrices.py" "$T" || fail "cannot write the test matrices"

# bad FILE [NEEDLE]: without NEEDLE the message must equal the serial command's; with it, contain it.
bad() {
  local file=$1 needle=${2:-}
  # shellcheck disable=SC2086  # EXTRA: more options, word-split on purpose
  run_ranks bad "$NNCERT" certify-spd --distributed "$file" --json ${EXTRA:-}
  for r in 0 1; do
    [ "$(rank_rc bad $r)" = 2 ] || fail "$file ${GRIDINFO:-}: rank $r exit $(rank_rc bad $r), want 2 ($(cat "$T/bad.err.0"))"
    [ ! -s "$T/bad.out.$r" ] || fail "$file: rank $r wrote to stdout: $(cat "$T/bad.out.$r")"
  done
  [ ! -s "$T/bad.err.1" ] || fail "$file: rank 1 wrote to stderr: $(cat "$T/bad.err.1")"
  [ "$(wc -l < "$T/bad.err.0")" = 1 ] || fail "$file: rank 0 stderr is not one line: $(cat "$T/bad.err.0")"
  if [ -z "$needle" ]; then
    # shellcheck disable=SC2086
    "$NNCERT" certify-spd "$file" --json ${EXTRA:-} > /dev/null 2> "$T/serial.err"
    cmp -s "$T/serial.err" "$T/bad.err.0" || fail "$file: '$(cat "$T/bad.err.0")' differs from the serial '$(cat "$T/serial.err")'"
  else
    grep -qF -- "$needle" "$T/bad.err.0" || fail "$file: message lacks '$needle': $(cat "$T/bad.err.0")"
  fi
}

run_all() {
  bad "$T/nonsym.npy"              # A(40,7) != A(7,40), named as the serial command names it
  bad "$T/nonsym_fortran.npy"
  bad "$T/nan.npy"                 # the first NaN in file order
  bad "$T/inf.npy"
  bad "$T/nonsquare.npy"
  bad "$T/vector.npy"
  bad "$T/truncated.npy"
  bad "$T/missing.npy"
  bad "$T/float32.npy" "float32.npy: --distributed reads dtype '<f8' only"
  EXTRA="--shift nan" bad "$T/spd69.npy"
}

GRIDINFO="default" run_all
export NNCERT_SCALAPACK_BLOCK=4 NNCERT_SCALAPACK_GRID=1x2
GRIDINFO="nb 4, 1x2" run_all
# A malformed layout variable is bad input too, reported once.
NNCERT_SCALAPACK_GRID=3x3 bad "$T/spd69.npy" "NNCERT_SCALAPACK_GRID=3x3"
# The positive twin: the good matrix passes with the same settings.
run_ranks good "$NNCERT" certify-spd --distributed "$T/spd69.npy"
[ "$(rank_rc good 0)" = 0 ] && [ "$(rank_rc good 1)" = 0 ] || fail "good matrix: exits $(rank_rc good 0) $(rank_rc good 1)"
echo "distributed bad input: OK"
