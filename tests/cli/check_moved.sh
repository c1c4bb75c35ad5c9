# Issue #12 §4: a certificate directory moved together with its data still checks (the problem path is
# recorded relative to the certificate); --data-root names another directory for the data; and a data
# file check cannot find is named by the full path it looked for.
set -u
NNCERT=${1:?usage: check_moved.sh NNCERT}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/a"
python3 - "$T/a/X.csv" <<'PY'
import math, random, sys
random.seed(3)
with open(sys.argv[1], "w") as out:
    for i in range(6):
        x = [random.gauss(0, 1) for _ in range(3)]
        print(",".join(repr(v) for v in x) + "," + repr(math.tanh(x[0])), file=out)
PY
cat > "$T/a/problem.toml" <<'TOML'
theorem = "generic/jacobian-rank"
[data]
source = "csv:X.csv"
[model]
kind = "mlp"
widths = [3, 16, 1]
activation = "tanh"
seed = 2
[train]
algorithm = "gd"
steps = 20
step_size = 0.01
TOML
"$NNCERT" prove --problem "$T/a/problem.toml" --out "$T/a/out" > "$T/prove.out" 2>&1
rc=$?
case $rc in 0|5) ;; *) echo "prove: exit $rc"; cat "$T/prove.out"; exit 1 ;; esac
path=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["problem"]["path"])' "$T/a/out/certificate.json")
[ "$path" = "../problem.toml" ] || { echo "problem path not recorded relative to the certificate: $path"; exit 1; }

# Moved together: still valid, with no option.
mv "$T/a" "$T/b"
"$NNCERT" check "$T/b/out/certificate.json" > "$T/check1.out" 2>&1 || { echo "moved directory does not check"; cat "$T/check1.out"; exit 1; }

# The certificate alone elsewhere: the data is not found, and the message names the full path looked for.
mkdir -p "$T/c"
cp -r "$T/b/out" "$T/c/out"
"$NNCERT" check "$T/c/out/certificate.json" > "$T/check2.out" 2> "$T/check2.err"
rc=$?
[ $rc -eq 2 ] || { echo "missing data: expected exit 2, got $rc"; cat "$T/check2.out" "$T/check2.err"; exit 1; }
[ "$(wc -l < "$T/check2.err")" -eq 1 ] || { echo "missing data: not one line"; cat "$T/check2.err"; exit 1; }
grep -qF "$T/c/X.csv" "$T/check2.err" || { echo "missing data: the message does not name the full path $T/c/X.csv"; cat "$T/check2.err"; exit 1; }
# --data-root points at the data: valid again.
"$NNCERT" check "$T/c/out/certificate.json" --data-root "$T/b" > "$T/check3.out" 2>&1 || {
  echo "--data-root: not valid"; cat "$T/check3.out"; exit 1; }
# Negative twin: a data root with different data is not the certified data: invalid (exit 1).
mkdir -p "$T/d"
sed -e '1s/^[^,]*/0.5/' "$T/b/X.csv" > "$T/d/X.csv"
"$NNCERT" check "$T/c/out/certificate.json" --data-root "$T/d" > "$T/check4.out" 2>&1
rc=$?
[ $rc -eq 1 ] || { echo "--data-root with other data: expected invalid (exit 1), got $rc"; cat "$T/check4.out"; exit 1; }
echo "check_moved ok"
