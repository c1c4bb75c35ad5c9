# report.html in real headless Chromium (Debian's chromium package, installed by the README's test
# command): the page loads with no network, its SVG plots are in the rendered DOM, and its screenshot
# carries far more ink than a blank page's (a blank-page screenshot taken the same way is the negative
# twin). NNCERT_SCREENSHOT_DIR keeps report.png for a person to look at.
set -u
NNCERT=${1:?usage: report_chromium.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "chromium not installed: run 'bash scripts/install-deps.sh --tests'"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
prove_positive "$NNCERT" "$T"

# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The proxy flags make any
# attempt to fetch an external resource fail, so a page that needs one renders incompletely.
browse() {
  timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --user-data-dir="$T/profile" --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>' \
    --window-size=1200,2400 "$@" 2> "$T/chromium.err"
}
png_bytes() { stat -c %s "$1"; }
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'; }

browse --dump-dom "file://$T/p/report.html" > "$T/dom.html" || { echo "chromium --dump-dom failed"; cat "$T/chromium.err"; exit 1; }
svgs=$(grep -o '<svg' "$T/dom.html" | wc -l)
[ "$svgs" -ge 2 ] || { echo "rendered DOM holds $svgs <svg> plots (expected >= 2)"; exit 1; }
grep -q "certified envelope" "$T/dom.html" || { echo "rendered DOM lacks the envelope curve"; exit 1; }

browse --screenshot="$T/report.png" "file://$T/p/report.html" > /dev/null || { echo "screenshot failed"; cat "$T/chromium.err"; exit 1; }
printf '<!doctype html><html><body></body></html>' > "$T/blank.html"
browse --screenshot="$T/blank.png" "file://$T/blank.html" > /dev/null || { echo "blank screenshot failed"; exit 1; }
for f in report blank; do
  [ "$(od -An -c -j1 -N3 "$T/$f.png" | tr -d ' ')" = "PNG" ] || { echo "$f.png is not a PNG"; exit 1; }
done
[ "$(png_size "$T/report.png")" = "1200x2400" ] || { echo "report.png is $(png_size "$T/report.png"), expected 1200x2400"; exit 1; }
report=$(png_bytes "$T/report.png"); blank=$(png_bytes "$T/blank.png")
# A PNG's compressed size tracks its ink: text and plots make it many times a blank page's.
[ "$report" -ge $((10 * blank)) ] || { echo "report.png ($report B) is not clearly richer than a blank page ($blank B)"; exit 1; }
if [ -n "${NNCERT_SCREENSHOT_DIR:-}" ]; then mkdir -p "$NNCERT_SCREENSHOT_DIR" && cp "$T/report.png" "$NNCERT_SCREENSHOT_DIR/"; fi
echo "chromium ok: $svgs svg plots, screenshot $report B vs blank $blank B"
