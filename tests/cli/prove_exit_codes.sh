# nncert prove: exit 0 on a positive instance (every hypothesis certified, prediction confirmed), 1 on
# a refuted one, 2 on bad input; the four outputs exist; the report location is printed.
set -u
NNCERT=${1:?usage: prove_exit_codes.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
write_positive "$T"
write_negative "$T"

"$NNCERT" prove --problem "$T/positive.toml" --out "$T/pos" > "$T/pos.out" 2> "$T/pos.err"
rc=$?
[ $rc -eq 0 ] || { echo "positive: expected exit 0, got $rc"; cat "$T/pos.out" "$T/pos.err"; exit 1; }
for f in certificate.json report.html report.md trajectory.csv; do
  [ -s "$T/pos/$f" ] || { echo "positive: missing $f"; exit 1; }
done
grep -q "report: .*report.html" "$T/pos.out" || { echo "the report location is not printed"; exit 1; }
# stderr is not a terminal here: no progress bar.
grep -q "training \[" "$T/pos.err" && { echo "progress bar drawn although stderr is not a terminal"; exit 1; }
ls "$T/pos" | grep -q '\.tmp' && { echo "temporary files left behind"; exit 1; }

"$NNCERT" prove --problem "$T/negative.toml" --out "$T/neg" > "$T/neg.out" 2>&1
rc=$?
[ $rc -eq 1 ] || { echo "negative: expected exit 1, got $rc"; cat "$T/neg.out"; exit 1; }
python3 - "$T/neg/certificate.json" <<'PY' || exit 1
import json, sys
c = json.load(open(sys.argv[1]))
assert c["verdict"] == "refuted", c["verdict"]
assert c["confirmation"]["verdict"] == "not applicable", c["confirmation"]
assert c["prediction"]["applicable"] is False
PY

# The step size above n / lambda_max(G) violates the side condition: no claim, exit 3.
sed -e 's/^step_size = 0.05/step_size = 100.0/' "$T/positive.toml" > "$T/big_step.toml"
"$NNCERT" prove --problem "$T/big_step.toml" --out "$T/big" > "$T/big.out" 2>&1
rc=$?
[ $rc -eq 3 ] || { echo "big step: expected exit 3, got $rc"; cat "$T/big.out"; exit 1; }

# Bad input: missing problem file, unknown theorem.
"$NNCERT" prove --problem "$T/nope.toml" --out "$T/x" > /dev/null 2>&1
[ $? -eq 2 ] || { echo "missing problem: expected exit 2"; exit 1; }
"$NNCERT" prove no-such/theorem --problem "$T/positive.toml" --out "$T/x" > /dev/null 2>&1
[ $? -eq 2 ] || { echo "unknown theorem: expected exit 2"; exit 1; }
echo "prove exit codes ok"
