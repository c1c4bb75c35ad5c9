# Issue #12 §2: --json on every command that prints a verdict: one JSON object on stdout, whose exit
# code and verdict words agree with the text output. (verify, certify-spd, sigma-min and kernel have
# their own tests; this covers prove, check and list.)
set -u
NNCERT=${1:?usage: json_output.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
write_negative "$T"
for name in positive negative; do
  "$NNCERT" prove --problem "$T/$name.toml" --out "$T/$name" --json > "$T/$name.json" 2> "$T/$name.err"
  rc=$?
  python3 - "$T/$name.json" "$rc" "$T/$name/certificate.json" <<'PY' || { cat "$T/$name.err"; exit 1; }
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, "prove --json printed more than one line"
out, rc = json.loads(lines[0]), int(sys.argv[2])
cert = json.load(open(sys.argv[3]))
assert out["exit_code"] == rc == cert["exit_code"], (out["exit_code"], rc)
for key in ("verdict", "strength", "confirmation"):
    assert out[key] == cert[key], key
assert out["certificate"].endswith("certificate.json")
PY
done
# check --json: valid for the positive certificate; invalid (exit 1) after an edit, with the failed item.
"$NNCERT" check "$T/positive/certificate.json" --json > "$T/check.json" || { echo "check --json: not valid"; exit 1; }
python3 - "$T/positive/certificate.json" "$T/edited.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["hypotheses"][0]["margin"] = c["hypotheses"][0]["margin"] * 2 + 1
json.dump(c, open(sys.argv[2], "w"))
PY
cp "$T/positive/trajectory.csv" "$T/positive/steps.csv" "$T/" 2>/dev/null
"$NNCERT" check "$T/edited.json" --json > "$T/check_bad.json" 2> /dev/null
rc=$?
[ $rc -eq 1 ] || { echo "check --json on an edited certificate: expected exit 1, got $rc"; exit 1; }
python3 - "$T/check.json" "$T/check_bad.json" <<'PY' || exit 1
import json, sys
good, bad = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert good["verdict"] == "valid" and good["replayed"] is True, good["verdict"]
assert all(i["status"] in ("ok", "skipped") for i in good["items"])
assert bad["verdict"] == "invalid" and any(i["status"] == "failed" for i in bad["items"]), bad["verdict"]
PY
"$NNCERT" list --json > "$T/list.json" || { echo "list --json failed"; exit 1; }
python3 - "$T/list.json" <<'PY' || exit 1
import json, sys
out = json.load(open(sys.argv[1]))
ids = [t["id"] for t in out["theorems"]]
assert "kawaguchi-sun-2021/expressivity" in ids and len(ids) >= 10, ids
assert any(v["name"] == "expressivity" for v in out["verifiers"])
assert [m["kind"] for m in out["models"]] == ["mlp", "scaled-shallow", "rff-resnet"]
PY
echo "json output ok"
