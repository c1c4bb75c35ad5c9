# Issue #12 §2: `nncert env` prints what it checked (rounding mode, FTZ/DAZ, gradual underflow,
# directed rounding, BLAS and its threads, compiler and flags), as text and as JSON. Negative twin: a
# process started with flush-to-zero and denormals-are-zero set (a library built with -ffast-math,
# preloaded) is reported unsound, naming the flag, with exit 3.
set -u
NNCERT=${1:?usage: env_report.sh NNCERT}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$NNCERT" env > "$T/env.txt" 2>&1 || { echo "env: not sound on this machine"; cat "$T/env.txt"; exit 1; }
for item in "rounding mode: round-to-nearest" "flush-to-zero (MXCSR FTZ): clear" "denormals-are-zero (MXCSR DAZ): clear" \
            "gradual underflow" "directed rounding on this thread" "linear algebra: " "threads: OpenBLAS" "compiler: " \
            "flags: " "-frounding-math"; do
  grep -qF -- "$item" "$T/env.txt" || { echo "env does not print '$item'"; cat "$T/env.txt"; exit 1; }
done
tail -1 "$T/env.txt" | grep -qx "sound" || { echo "env: last line is not the verdict"; exit 1; }
"$NNCERT" env --json > "$T/env.json" || { echo "env --json failed"; exit 1; }
python3 - "$T/env.json" <<'PY' || exit 1
import json, sys
e = json.load(open(sys.argv[1]))
assert e["verdict"] == "sound", e
names = {c["name"]: c for c in e["checks"]}
for n in ("rounding mode", "flush-to-zero (MXCSR FTZ)", "denormals-are-zero (MXCSR DAZ)", "gradual underflow"):
    assert names[n]["ok"] is True, names.get(n)
assert "-frounding-math" in e["flags"], e["flags"]
assert e["build"]["blas"], e["build"]
PY
# The negative twin needs a C compiler that links crtfastmath.o into a -ffast-math shared object.
if command -v gcc > /dev/null && printf 'void nncert_test_fast_math(void) {}\n' > "$T/fm.c" &&
   gcc -shared -fPIC -ffast-math -o "$T/libfastmath.so" "$T/fm.c" 2> /dev/null; then
  LD_PRELOAD="$T/libfastmath.so" "$NNCERT" env > "$T/bad.txt" 2>&1
  rc=$?
  [ $rc -eq 3 ] || { echo "env with FTZ/DAZ set: expected exit 3, got $rc"; cat "$T/bad.txt"; exit 1; }
  grep -qF "[FAIL] flush-to-zero (MXCSR FTZ): set" "$T/bad.txt" || { echo "env does not name FTZ"; cat "$T/bad.txt"; exit 1; }
  tail -1 "$T/bad.txt" | grep -qx "unsound" || { echo "env: not unsound"; cat "$T/bad.txt"; exit 1; }
else
  echo "note: no gcc here, the FTZ/DAZ twin was not run"
fi
echo "env report ok"
