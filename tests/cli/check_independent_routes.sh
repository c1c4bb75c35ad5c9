# nncert check's independent routes reject falsified constants on their own (not only through the
# re-run comparison): the block-local-PL re-derivation (deep two-phase example: mu_* raised, beta
# lowered) and the local-PL re-derivation (flow example: the margin raised). Each edit must produce a
# failing "(independent)" line for that hypothesis; the unedited certificates pass it.
set -u
NNCERT=${1:?usage: check_independent_routes.sh NNCERT}
ROOT=${NNCERT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
# expect DIR HYPOTHESIS ok|FAIL
expect() {
  "$NNCERT" check "$1/certificate.json" > "$T/out" 2>&1
  grep -q "\[$3\] hypothesis '$2' (independent)" "$T/out" || { echo "$1: expected [$3] for '$2' (independent)"; cat "$T/out"; fail=1; }
}
# edit SRC DST PYTHON-EXPRESSION-ON-h (h: the hypothesis named by HYP)
edit() {
  rm -rf "$2"; cp -r "$1" "$2"
  python3 - "$2/certificate.json" "$3" "$4" <<'PY'
import json, sys
path, hyp, expr = sys.argv[1], sys.argv[2], sys.argv[3]
c = json.load(open(path))
h = [x for x in c["hypotheses"] if x["id"] == hyp][0]
exec(expr)
json.dump(c, open(path, "w"), indent=2)
PY
}
"$NNCERT" prove --problem "$ROOT/examples/fashion-mnist-expressivity-deep.toml" --out "$T/deep" > /dev/null 2>&1 || { echo "deep example: prove failed"; exit 1; }
expect "$T/deep" block-local-pl ok
edit "$T/deep" "$T/deep-mu" block-local-pl 'h["constants"]["mu_star"]["lower"] *= 1.05'
expect "$T/deep-mu" block-local-pl FAIL
edit "$T/deep" "$T/deep-beta" block-local-pl 'h["constants"]["beta"]["upper"] *= 0.99'
expect "$T/deep-beta" block-local-pl FAIL

"$NNCERT" prove --problem "$ROOT/examples/synthetic-rff-local-pl-flow.toml" --out "$T/flow" > /dev/null 2>&1 || { echo "flow example: prove failed"; exit 1; }
expect "$T/flow" local-pl ok
edit "$T/flow" "$T/flow-margin" local-pl 'h["enclosure"]["lower"] *= 1.5'
expect "$T/flow-margin" local-pl FAIL
[ $fail -eq 0 ] && echo "independent routes reject every edit"
exit $fail
