#!/usr/bin/env bash
# Issue #15 §2: nncert links the generic libblas.so.3 / liblapack.so.3, so the backend is chosen at run
# time (Debian's alternatives, or LD_LIBRARY_PATH) without a rebuild, and the certificate's environment
# names the library files actually loaded. The certification is sound under each backend: the linear-
# algebra soundness suite (exact spectra) runs under the reference BLAS and LAPACK, and certify-spd on
# an exactly known spectrum (A = H D H / 512, λ_min = 2^-12 exactly) gives enclosures containing the
# truth under both the default backend and the reference one.
set -u
NNCERT=${1:?usage: blas_backends.sh NNCERT}
BUILD=$(cd "$(dirname "$NNCERT")/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

multiarch=$(gcc -print-multiarch 2> /dev/null || echo x86_64-linux-gnu)
REF="/usr/lib/$multiarch/blas:/usr/lib/$multiarch/lapack"
[ -e "/usr/lib/$multiarch/blas/libblas.so.3" ] && [ -e "/usr/lib/$multiarch/lapack/liblapack.so.3" ] ||
  fail "the reference BLAS/LAPACK (Debian's libblas3, liblapack3) are not installed"

# The binary names no vendor library: the BLAS comes in as the generic soname (through LAPACKE).
readelf -d "$NNCERT" | grep NEEDED | grep -q "libopenblas" && fail "nncert links libopenblas directly"
LD_LIBRARY_PATH="$REF" ldd "$NNCERT" | grep -q "libblas.so.3 => /usr/lib/$multiarch/blas/" ||
  fail "LD_LIBRARY_PATH does not select the BLAS: $(LD_LIBRARY_PATH="$REF" ldd "$NNCERT" | grep -i blas)"

"$NNCERT" env > "$T/default.txt" || fail "env: $(cat "$T/default.txt")"
LD_LIBRARY_PATH="$REF" "$NNCERT" env > "$T/ref.txt" || fail "env under the reference BLAS: $(cat "$T/ref.txt")"
grep -q "linear algebra: .*BLAS /usr/lib/$multiarch/blas/libblas.so" "$T/ref.txt" ||
  fail "env does not name the reference BLAS it loaded: $(grep 'linear algebra' "$T/ref.txt")"
grep -q "reference or unknown BLAS" "$T/ref.txt" || fail "env calls the reference BLAS something else"
cmp -s <(grep "linear algebra" "$T/default.txt") <(grep "linear algebra" "$T/ref.txt") &&
  fail "the two backends are described alike: $(grep 'linear algebra' "$T/ref.txt")"

/usr/bin/python3 - "$T/a.npy" <<'PY' || fail "could not write the test matrix"
import sys, numpy as np
n = 512
h = np.array([[1]], dtype=np.int64)
while h.shape[0] < n:
    h = np.block([[h, h], [h, -h]])
rng = np.random.default_rng(5)
d = rng.integers(1 << 10, 1 << 12, n)          # D in multiples of 2^-20: H D H exact in int64
d[7] = 1 << 8                                   # λ_min = 2^8 · 2^-20 = 2^-12
a = (h * d) @ h                                 # integers below 2^21·512: exact
a = a.astype(np.float64) / (n * 2.0**20)        # exact: a power of two
assert (a == a.T).all()
np.save(sys.argv[1], a)
PY
for backend in default reference; do
  env_prefix=()
  [ "$backend" = reference ] && env_prefix=(env LD_LIBRARY_PATH="$REF")
  "${env_prefix[@]}" "$NNCERT" certify-spd "$T/a.npy" --json > "$T/$backend.json" || fail "$backend: not certified"
  python3 - "$T/$backend.json" "$backend" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
lo, up = r["lambda_min"]["lower"], r["lambda_min"]["upper"]
truth = 2.0 ** -12
assert r["verdict"] == "certified" and lo <= truth <= up, (sys.argv[2], r)
assert lo >= 0.999 * truth, (sys.argv[2], "enclosure not tight", r)
PY
done
# The exact-spectrum soundness suite of the linear-algebra core, under the reference libraries.
LD_LIBRARY_PATH="$REF" "$BUILD/tests/test_soundness" "[linalg]" > "$T/soundness.txt" 2>&1 ||
  { tail -30 "$T/soundness.txt"; fail "linear-algebra soundness under the reference BLAS"; }
echo "blas backends: ok"
