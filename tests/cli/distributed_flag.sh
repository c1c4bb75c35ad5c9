#!/usr/bin/env bash
# --distributed in any build. Built without MPI: certify-spd and kernel --certify with --distributed exit
# 2 with one line saying so, and the serial commands are unaffected. Built with MPI (the binary links
# libmpi): run without mpirun, as one MPI process, it certifies what the serial command certifies and
# refutes what it refutes (tests/mpi/ covers several ranks).
# Usage: bash tests/cli/distributed_flag.sh <path-to-nncert>
set -u
NNCERT=${1:?path to nncert}
source "$(dirname "$0")/cli_common.inc"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader

# [[2, 1], [1, 2]] (λ = 1, 3) as a C-order '<f8' .npy, without numpy.
python3 - "$T/a.npy" <<'PY'
import struct, sys
header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"
header += " " * (16 - (10 + len(header) + 1) % 16) + "\n"
data = b"".join(struct.pack("<d", v) for v in (2.0, 1.0, 1.0, 2.0))
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data)
PY
printf '1,0,0,1\n0.6,0.8,0,1\n0,0.6,0.8,1\n' > "$T/X.csv"
printf '[data]\nsource = "csv:X.csv"\n[model]\nkind = "mlp"\nwidths = [3, 64, 64, 1]\nactivation = "relu"\nbias = false\n' > "$T/p.toml"

"$NNCERT" certify-spd "$T/a.npy" > /dev/null || fail "serial certify-spd"
if ldd "$NNCERT" 2> /dev/null | grep -q 'libmpi'; then
  timeout 60 "$NNCERT" certify-spd --distributed "$T/a.npy" --shift 0.5 > "$T/o" 2> "$T/e"
  [ $? -eq 0 ] || fail "one-process distributed certify-spd at 0.5: $(cat "$T/o" "$T/e")"
  grep -q '^certified' "$T/o" || fail "not certified: $(cat "$T/o")"
  timeout 60 "$NNCERT" certify-spd --distributed "$T/a.npy" --shift 1.5 > "$T/o" 2> "$T/e"
  [ $? -eq 1 ] || fail "one-process distributed certify-spd at 1.5 (λ_min = 1): $(cat "$T/o" "$T/e")"
  timeout 60 "$NNCERT" kernel ntk --problem "$T/p.toml" --distributed --certify > "$T/o" 2> "$T/e"
  [ $? -eq 0 ] || fail "one-process distributed kernel: $(cat "$T/o" "$T/e")"
else
  expect_bad_input "certify-spd without MPI" "built without MPI" "$NNCERT" certify-spd --distributed "$T/a.npy"
  expect_bad_input "kernel without MPI" "built without MPI" "$NNCERT" kernel ntk --problem "$T/p.toml" --distributed --certify
fi
echo "distributed flag: OK"
