# nncert report: re-renders report.md and report.html from a certificate; identical to prove's; the
# HTML is self-contained (inline SVG, no external resources).
set -u
NNCERT=${1:?usage: report_render.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
prove_positive "$NNCERT" "$T"
"$NNCERT" report "$T/p/certificate.json" --out "$T/r" > "$T/r.out" 2>&1 || { echo "report failed"; cat "$T/r.out"; exit 1; }
cmp -s "$T/p/report.md" "$T/r/report.md" || { echo "report.md differs"; exit 1; }
cmp -s "$T/p/report.html" "$T/r/report.html" || { echo "report.html differs"; exit 1; }
grep -q "<svg" "$T/r/report.html" || { echo "no svg"; exit 1; }
grep -q "certified envelope" "$T/r/report.html" || { echo "no envelope curve"; exit 1; }
grep -Eq '<script|<link|src="http|href="http' "$T/r/report.html" && { echo "external resource in report.html"; exit 1; }
for s in "How strong is this guarantee" "## Hypotheses" "## Prediction" "## Confirmation" "## Provenance (informational)"; do
  grep -q "$s" "$T/r/report.md" || { echo "report.md lacks '$s'"; exit 1; }
done
"$NNCERT" report "$T/nope.json" --out "$T/r2" > /dev/null 2>&1
[ $? -eq 2 ] || { echo "missing certificate: expected exit 2"; exit 1; }
echo "report ok"
