# generic/pl-inequality with a parameter checkpoint: `nncert check` re-proves μ = min σ_min(J)²/n at θ0
# and at the checkpoint by its independent route (MPFR Jacobians, exact witnesses); after the checkpoint
# file is replaced by one where J loses rank (all parameters 0: J has rank 1), that route fails.
set -u
NNCERT=${1:?usage: check_pl_checkpoints.sh NNCERT}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# write_npy FILE VALUES...: a 1-d '<f8' .npy (format 1.0), without numpy.
write_npy() {
  python3 - "$@" <<'PY'
import struct, sys
path, values = sys.argv[1], [float(v) for v in sys.argv[2:]]
header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }" % len(values)
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
with open(path, "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    f.write(struct.pack("<%dd" % len(values), *values))
PY
}
# 21 parameters of the 3-4-1 tanh net with biases: a fixed, well-spread point.
write_npy "$T/ckpt.npy" 0.3 -0.7 0.5 0.9 -0.2 0.4 -0.6 0.8 0.1 -0.4 0.6 -0.9 0.2 -0.3 0.7 -0.5 1.1 -0.8 0.6 -1.2 0.15
cat > "$T/p.toml" <<'TOML'
theorem = "generic/pl-inequality"
[data]
source = "synthetic:gaussian"
n = 8
d = 3
seed = 11
[model]
kind = "mlp"
widths = [3, 4, 1]
activation = "tanh"
seed = 2
[train]
algorithm = "gd"
step_size = 0.05
steps = 40
record_every = 5
[verify]
checkpoints = ["ckpt.npy"]
TOML
"$NNCERT" prove --problem "$T/p.toml" --out "$T/out" > "$T/prove.out" 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 5 ] || { echo "prove exited $rc"; cat "$T/prove.out"; exit 1; }
"$NNCERT" check "$T/out/certificate.json" > "$T/check.out" 2>&1
grep -q "\[ok\] hypothesis '.*' (independent): re-proven independently: sigma_min(J)^2/n >= .* 1 checkpoint(s)" "$T/check.out" ||
  { echo "no independent re-proof at the checkpoint"; cat "$T/check.out"; exit 1; }
write_npy "$T/ckpt.npy" 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
"$NNCERT" check "$T/out/certificate.json" > "$T/check2.out" 2>&1
[ $? -eq 1 ] || { echo "a rank-deficient checkpoint: expected exit 1"; cat "$T/check2.out"; exit 1; }
grep -q "\[FAIL\] hypothesis '.*' (independent)" "$T/check2.out" || { echo "the independent route did not fail"; cat "$T/check2.out"; exit 1; }
echo "checkpoints re-proven; a rank-deficient checkpoint fails"
