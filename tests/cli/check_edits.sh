# nncert check: a fresh certificate is valid (exit 0); every kind of edit makes it invalid (exit 1,
# naming the failing claim): a bound, a verdict, a hash, a prediction constant, the confirmation, a
# trajectory row, the problem text; unreadable certificates exit 2.
set -u
NNCERT=${1:?usage: check_edits.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
prove_positive "$NNCERT" "$T"
"$NNCERT" check "$T/p/certificate.json" > "$T/check.out" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "fresh certificate: expected exit 0, got $rc"; cat "$T/check.out"; exit 1; }
grep -q "(independent): re-proven independently" "$T/check.out" || { echo "no independent re-check ran"; cat "$T/check.out"; exit 1; }

fail=0
# edit NAME PYTHON-EXPRESSION-ON-c: copies the certificate directory, edits, expects exit 1.
edit() {
  name=$1; expr=$2
  rm -rf "$T/e"; cp -r "$T/p" "$T/e"
  python3 - "$T/e/certificate.json" "$expr" <<'PY'
import json, sys
path, expr = sys.argv[1], sys.argv[2]
c = json.load(open(path))
exec(expr)
json.dump(c, open(path, "w"), indent=2)
PY
  "$NNCERT" check "$T/e/certificate.json" > "$T/e.out" 2> "$T/e.err"
  rc=$?
  if [ $rc -ne 1 ]; then echo "edit '$name': expected exit 1, got $rc"; cat "$T/e.out"; fail=1; return; fi
  grep -q "certificate invalid" "$T/e.err" || { echo "edit '$name': no message naming the claim"; fail=1; }
}
edit "raised bound" 'h = [h for h in c["hypotheses"] if h["verdict"] == "certified"][-1]; h["enclosure"]["lower"] *= 1.5'
edit "slightly raised bound" 'h = c["hypotheses"][-1]; h["enclosure"]["lower"] *= 1.000001'
edit "lowered bound" 'h = c["hypotheses"][-1]; h["enclosure"]["lower"] *= 0.5'
edit "constant" 'h = c["hypotheses"][-1]; h["constants"]["lambda_min_G"]["lower"] *= 2'
edit "verdict" 'c["hypotheses"][0]["verdict"] = "refuted"'
edit "overall verdict" 'c["verdict"] = "inconclusive"'
edit "data hash" 'c["data"]["sha256_x"] = "0" * 64'
edit "theta0 hash" 'c["model"]["sha256_theta0"] = "1" * 64'
edit "problem hash" 'c["problem"]["sha256"] = "2" * 64'
edit "problem text" 'c["problem"]["text"] = c["problem"]["text"].replace("seed = 5", "seed = 6")'
edit "trajectory hash" 'c["trajectory"]["sha256"] = "3" * 64'
edit "rate" 'c["prediction"]["rate"]["upper"] *= 0.9'
edit "L0" 'c["prediction"]["run_quantities"]["L0"]["upper"] *= 0.5'
edit "eta" 'q = c["prediction"]["run_quantities"]["eta"]; q["lower"] = q["upper"] = q["upper"] * 2'
edit "confirmation verdict" 'c["confirmation"]["verdict"] = "violated"'
edit "worst ratio" 'c["confirmation"]["worst_ratio"] *= 0.5'
edit "exit code" 'c["exit_code"] = 3'

# A trajectory row edited in the CSV (the hash no longer matches).
rm -rf "$T/e"; cp -r "$T/p" "$T/e"
python3 - "$T/e/trajectory.csv" <<'PY'
import sys
path = sys.argv[1]
lines = open(path).read().splitlines()
cells = lines[5].split(",")
cells[3] = repr(float(cells[3]) * 0.999)
lines[5] = ",".join(cells)
open(path, "w").write("\n".join(lines) + "\n")
PY
"$NNCERT" check "$T/e/certificate.json" > /dev/null 2>&1
[ $? -eq 1 ] || { echo "edited trajectory row: expected exit 1"; fail=1; }

# --no-replay: the weaker verdict says what it did not re-derive.
"$NNCERT" check --no-replay "$T/p/certificate.json" > "$T/nr.out" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "--no-replay on a fresh certificate: expected exit 0, got $rc"; cat "$T/nr.out"; fail=1; }
grep -q "^valid without replay" "$T/nr.out" || { echo "--no-replay does not say its verdict is weaker"; fail=1; }
grep -q "^valid$" "$T/nr.out" && { echo "--no-replay prints the plain verdict 'valid'"; fail=1; }
grep -q "^valid$" "$T/check.out" || { echo "the default check does not print 'valid'"; fail=1; }

# Messages name the certificate, not the problem file it embeds.
rm -rf "$T/e"; cp -r "$T/p" "$T/e"
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["problem"]["text"] = "[model\n"; json.dump(c, open(sys.argv[1], "w"))' "$T/e/certificate.json"
"$NNCERT" check "$T/e/certificate.json" > /dev/null 2> "$T/e.err"
[ $? -eq 2 ] || { echo "unparsable embedded problem: expected exit 2"; fail=1; }
grep -q "$T/e/certificate.json: " "$T/e.err" || { echo "message does not start with the certificate: $(cat "$T/e.err")"; fail=1; }

# Unreadable: bad JSON, a missing field, a missing file.
echo '{"schema": ' > "$T/bad.json"
"$NNCERT" check "$T/bad.json" > /dev/null 2> "$T/bad.err"
[ $? -eq 2 ] || { echo "bad JSON: expected exit 2"; fail=1; }
[ "$(wc -l < "$T/bad.err")" -eq 1 ] || { echo "bad JSON: expected a one-line message"; cat "$T/bad.err"; fail=1; }
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); del c["data"]; json.dump(c, open(sys.argv[2], "w"))' "$T/p/certificate.json" "$T/p/missing.json"
"$NNCERT" check "$T/p/missing.json" > /dev/null 2> "$T/missing.err"
[ $? -eq 2 ] || { echo "missing field: expected exit 2"; fail=1; }
grep -q "data" "$T/missing.err" || { echo "missing field not named"; fail=1; }
"$NNCERT" check "$T/none.json" > /dev/null 2>&1
[ $? -eq 2 ] || { echo "missing file: expected exit 2"; fail=1; }
[ $fail -eq 0 ] && echo "check detects every edit"
exit $fail
