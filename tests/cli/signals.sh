#!/usr/bin/env bash
# Long runs can be stopped: SIGINT during verify, train and check, and SIGTERM during prove, end the
# command within about a second with exit 130 (SIGINT) or 143 (SIGTERM), one line on stderr, nothing
# on stdout, no output directory and no debris (staging directories, temporary or lock files).
set -u
NNCERT=${1:?usage: signals.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
T=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# interrupt LABEL SIGNAL EXPECTED CMD...: starts CMD, lets it run 1.5 s, sends SIGNAL and requires
# exit EXPECTED within 1.5 s more, with one line on stderr and nothing on stdout.
interrupt() {
  local label="$1" sig="$2" expected="$3"
  shift 3
  "$@" > "$T/stdout" 2> "$T/stderr" &
  local pid=$!
  sleep 1.5
  kill -0 "$pid" 2> /dev/null || fail "$label: finished before the signal (test premise: a long run): $(cat "$T/stderr")"
  kill "-$sig" "$pid"
  local waited=0
  while kill -0 "$pid" 2> /dev/null; do
    sleep 0.1
    waited=$((waited + 1))
    [ "$waited" -le 15 ] || { kill -KILL "$pid"; fail "$label: still running 1.5 s after SIG$sig"; }
  done
  wait "$pid"
  local rc=$?
  [ "$rc" -eq "$expected" ] || fail "$label: exit $rc, expected $expected ($(cat "$T/stderr"))"
  [ ! -s "$T/stdout" ] || fail "$label: wrote to stdout: $(head -c 200 "$T/stdout")"
  [ "$(wc -l < "$T/stderr")" -eq 1 ] || fail "$label: stderr is not one line: $(cat "$T/stderr")"
  grep -q "interrupted by SIG$sig" "$T/stderr" || fail "$label: message: $(cat "$T/stderr")"
}

# A long verify: the Gram matrix of many points.
cat > "$T/long_verify.toml" <<'TOML'
theorem = "kawaguchi-sun-2021/expressivity"
[data]
source = "synthetic:gaussian"
n = 1500
d = 3
seed = 1
[model]
kind = "mlp"
widths = [3, 3000, 1]
activation = "tanh"
[verify]
block = "output"
TOML
interrupt "verify" INT 130 "$NNCERT" verify --problem "$T/long_verify.toml"

# A long training run.
write_positive "$T"
sed -e 's/^steps = 300$/steps = 100000000/' -e 's/^record_every = 10$/record_every = 1000000/' \
  "$T/positive.toml" > "$T/long_train.toml"
mkdir "$T/w"
interrupt "train" INT 130 "$NNCERT" train --problem "$T/long_train.toml" --out "$T/w/run"
[ -z "$(ls -A "$T/w")" ] || fail "train: debris: $(ls -A "$T/w" | tr '\n' ' ')"
interrupt "prove" TERM 143 "$NNCERT" prove --problem "$T/long_train.toml" --out "$T/w/p"
[ -z "$(ls -A "$T/w")" ] || fail "prove: debris: $(ls -A "$T/w" | tr '\n' ' ')"

# A long check: a certificate whose trajectory has many rows to re-confirm.
sed -e 's/^steps = 300$/steps = 200000/' -e 's/^record_every = 10$/record_every = 1/' \
  "$T/positive.toml" > "$T/long_check.toml"
"$NNCERT" prove --problem "$T/long_check.toml" --out "$T/c" > /dev/null 2>&1 || fail "prove for the check test"
interrupt "check" INT 130 "$NNCERT" check "$T/c/certificate.json"
echo "ok"
