# Issue #12 §2: --json on every command that prints a verdict: one JSON object on stdout, whose exit
# code and verdict words agree with the text output. (verify, certify-spd, sigma-min and kernel have
# their own tests; this covers prove, list and env.)
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
