#!/usr/bin/env bash
# nncert kernel ntk|nngp|h-infinity|cntk|cntk-gap: outputs, --certify verdicts and exit codes, bad input.
# Usage: bash tests/cli/kernel_commands.sh <path-to-nncert>   (from the repository root)
set -u
NNCERT=${1:?path to nncert}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# docs/kernels.md#worked-values inputs x1, x2, x3 (positive instance) and with x4 = 2·x2 appended (negative).
printf '1,0,0,1\n0.6,0.8,0,1\n0,0.6,0.8,1\n' > "$T/X.csv"
printf '1,0,0,1\n0.6,0.8,0,1\n0,0.6,0.8,1\n1.2,1.6,0,1\n' > "$T/Xbad.csv"

cat > "$T/p.toml" <<TOML
[data]
source = "csv:X.csv"
[model]
kind = "mlp"
widths = [3, 64, 64, 1]
activation = "relu"
bias = false
TOML
sed 's/X.csv/Xbad.csv/' "$T/p.toml" > "$T/bad.toml"

# Positive: depth-2 ReLU NTK of §2 is certified (λ_min = 1.2766874161...).
out=$("$NNCERT" kernel ntk --problem "$T/p.toml" --out "$T/K.npy" --certify --json); rc=$?
[ $rc -eq 0 ] || fail "ntk --certify exit $rc (want 0): $out"
echo "$out" | grep -q '"verdict":"certified"' || fail "ntk verdict: $out"
echo "$out" | grep -q '"lambda_min":{' || fail "ntk lambda_min missing: $out"
echo "$out" | grep -q '"n":3' || fail "ntk n: $out"
[ -s "$T/K.npy" ] || fail "K.npy not written"
lower=$(echo "$out" | sed 's/.*"lower":\([^,]*\),.*/\1/')
awk -v l="$lower" 'BEGIN { exit !(l > 1.2766 && l <= 1.27668741614973802) }' || fail "lambda_min lower $lower"

# Negative: x4 = 2·x2 makes the Gram exactly singular: never certified.
"$NNCERT" kernel ntk --problem "$T/bad.toml" --out "$T/Kb.npy" --certify --json > "$T/neg.json"; rc=$?
[ $rc -eq 1 ] || [ $rc -eq 3 ] || fail "singular Gram: exit $rc (want 1 or 3): $(cat "$T/neg.json")"
grep -q '"verdict":"certified"' "$T/neg.json" && fail "singular Gram certified"

# H-infinity and NNGP without --certify: exit 0, file written.
"$NNCERT" kernel h-infinity --problem "$T/p.toml" --out "$T/H.npy" --json > "$T/h.json" || fail "h-infinity exit"
[ -s "$T/H.npy" ] || fail "H.npy"
"$NNCERT" kernel nngp --problem "$T/p.toml" --out "$T/S.npy" 2> /dev/null || fail "nngp exit"
"$NNCERT" kernel h-infinity --problem "$T/p.toml" --out "$T/H2.npy" --certify > /dev/null; [ $? -eq 0 ] || fail "h-infinity certify"

# Bad input: exit 2 with one "nncert: error:" line naming the file; no output file left behind.
printf '[data]\nsource = "csv:X.csv"\n[model]\nkind = "mlp"\nwidths = [3, 8, 1]\nactivation = "softplus"\n' > "$T/soft.toml"
"$NNCERT" kernel ntk --problem "$T/soft.toml" --out "$T/no.npy" 2> "$T/err"; rc=$?
[ $rc -eq 2 ] || fail "softplus exit $rc"
grep -q "soft.toml" "$T/err" || fail "message does not name the file: $(cat "$T/err")"
[ -e "$T/no.npy" ] && fail "output written on error"
printf '[data]\nsource = "csv:X.csv"\n[kernel]\nfilter = 2\n' > "$T/k.toml"
"$NNCERT" kernel cntk-gap --problem "$T/k.toml" --out "$T/no.npy" 2> "$T/err"; rc=$?
[ $rc -eq 2 ] || fail "even filter exit $rc"
printf '[data]\nsource = "csv:X.csv"\n' > "$T/img.toml"
"$NNCERT" kernel cntk --problem "$T/img.toml" --out "$T/no.npy" 2> "$T/err"; rc=$?
[ $rc -eq 2 ] || fail "cntk on non-image data exit $rc"
"$NNCERT" kernel ntk --problem "$T/missing.toml" --out "$T/no.npy" 2> /dev/null; [ $? -eq 2 ] || fail "missing problem"
echo "kernel commands: ok"
