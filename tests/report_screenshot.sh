# Renders a report.html in Debian's headless Chromium and saves a PNG (issue 6 item 5).
#   bash tests/report_screenshot.sh NNCERT [OUT.png]
# Proves the synthetic positive instance of tests/cli/prove_common.inc into a temporary directory and
# screenshots its report. Skips (exit 0, with a message) when chromium is not installed; CI does not
# install it.
set -u
NNCERT=${1:?usage: report_screenshot.sh NNCERT [OUT.png]}
OUT=${2:-report-screenshot.png}
BROWSER=""
for b in chromium chromium-browser; do
  if command -v "$b" > /dev/null 2>&1; then BROWSER=$b; break; fi
done
if [ -z "$BROWSER" ]; then
  echo "skip: chromium is not installed (apt-get install chromium to run this check)"
  exit 0
fi
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli/prove_common.inc"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
write_positive "$T"
"$NNCERT" prove --problem "$T/positive.toml" --out "$T/p" > /dev/null 2>&1 || { echo "prove failed"; exit 1; }
# No network is needed: the page has no external resources.
"$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,3000 \
  --screenshot="$T/shot.png" "file://$T/p/report.html" > "$T/chromium.log" 2>&1
[ -s "$T/shot.png" ] || { echo "chromium wrote no screenshot"; cat "$T/chromium.log"; exit 1; }
python3 - "$T/shot.png" <<'PY' || exit 1
import sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
print("screenshot", len(data), "bytes")
PY
cp "$T/shot.png" "$OUT"
echo "saved $OUT"
