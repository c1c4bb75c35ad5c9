# Two prove runs with the same seed and thread count: identical certificates apart from "created"
# and the "seconds" timings, identical trajectory and Markdown report bodies.
set -u
NNCERT=${1:?usage: prove_determinism.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
write_positive "$T"
"$NNCERT" prove --problem "$T/positive.toml" --out "$T/a" > /dev/null 2>&1 || { echo "run a failed"; exit 1; }
sleep 1
"$NNCERT" prove --problem "$T/positive.toml" --out "$T/b" > /dev/null 2>&1 || { echo "run b failed"; exit 1; }
cmp -s "$T/a/trajectory.csv" "$T/b/trajectory.csv" || { echo "trajectories differ"; exit 1; }
python3 - "$T/a/certificate.json" "$T/b/certificate.json" <<'PY' || exit 1
import json, sys
def strip(c):
    c.pop("created")
    for h in c["hypotheses"]:
        h.pop("seconds")
    return c
a, b = (strip(json.load(open(p))) for p in sys.argv[1:3])
if a != b:
    for k in a:
        if a[k] != b.get(k):
            print("certificates differ in", k)
    sys.exit(1)
PY
echo "deterministic"
