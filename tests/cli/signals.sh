#!/usr/bin/env bash
# Long runs can be stopped: SIGINT during verify, train, check and kernel, and SIGTERM during prove,
# certify-spd and report (at a write boundary), end the command within about a second with exit 130
# (SIGINT) or 143 (SIGTERM), one line on stderr, nothing on stdout, no output and no debris (staging
# directories, temporary or lock files); a previous output is left as it was.
set -u
NNCERT=${1:?usage: signals.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
. "$HERE/cli_common.inc"  # $T, fail, interrupt, wait_for_pause, no_debris

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

# A long training run (10^7 steps: tens of seconds, and a 640 MB estimate for the per-step loss log that
# admission charges; 10^8 would ask 6.4 GB, more than a small CI machine has).
write_positive "$T"
sed -e 's/^steps = 300$/steps = 10000000/' -e 's/^record_every = 10$/record_every = 1000000/' \
  "$T/positive.toml" > "$T/long_train.toml"
mkdir "$T/w"
interrupt "train" INT 130 "$NNCERT" train --problem "$T/long_train.toml" --out "$T/w/run"
no_debris "$T/w" "train" ""
interrupt "prove" TERM 143 "$NNCERT" prove --problem "$T/long_train.toml" --out "$T/w/p"
no_debris "$T/w" "prove" ""

# A long check: a certificate whose trajectory has many rows to re-confirm.
sed -e 's/^steps = 300$/steps = 200000/' -e 's/^record_every = 10$/record_every = 1/' \
  "$T/positive.toml" > "$T/long_check.toml"
"$NNCERT" prove --problem "$T/long_check.toml" --out "$T/c" > /dev/null 2>&1 || fail "prove for the check test"
interrupt "check" INT 130 "$NNCERT" check "$T/c/certificate.json"

# A long kernel: the interval Gram of n = 3000 points and its λ_min certificate (about 10 s). The
# previous K.npy is left as it was, with nothing beside it.
cat > "$T/long_kernel.toml" <<'TOML'
[data]
source = "synthetic:gaussian"
n = 3000
d = 3
seed = 1
[model]
kind = "mlp"
widths = [3, 8, 1]
activation = "relu"
TOML
mkdir "$T/k"
"$NNCERT" kernel ntk --problem "$T/long_kernel.toml" --out "$T/k/K.npy" 2> /dev/null || fail "kernel ntk for the kernel test"
cp "$T/k/K.npy" "$T/K.old"
interrupt "kernel" INT 130 "$NNCERT" kernel ntk --problem "$T/long_kernel.toml" --out "$T/k/K.npy" --certify
cmp -s "$T/K.old" "$T/k/K.npy" || fail "kernel: the interrupted run changed K.npy"
no_debris "$T/k" "kernel" "K.npy"

# A long certify-spd: λ_min of a 4000 x 4000 Gram (about 1 s on an idle 2-core machine, so the
# signal comes 0.3 s in).
sed 's/^n = 3000$/n = 4000/' "$T/long_kernel.toml" > "$T/long_spd.toml"
"$NNCERT" kernel ntk --problem "$T/long_spd.toml" --out "$T/K4.npy" 2> /dev/null || fail "kernel ntk for the certify-spd test"
INTERRUPT_AFTER=0.3 interrupt "certify-spd" TERM 143 "$NNCERT" certify-spd "$T/K4.npy"

# report, stopped right after it wrote report.md (test hook, lib/data/src/atomic_file.cpp): no report
# directory, nothing beside it.
mkdir "$T/r"
NNCERT_TEST_PAUSE_AFTER_WRITE=report.md "$NNCERT" report "$T/c/certificate.json" --out "$T/r/report" > "$T/stdout" 2> "$T/stderr" &
pid=$!
wait_for_pause "$T/stderr" report.md
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 143 ] || fail "report: exit $rc, expected 143 ($(cat "$T/stderr"))"
grep -q "interrupted by SIGTERM" "$T/stderr" || fail "report: message: $(cat "$T/stderr")"
[ ! -s "$T/stdout" ] || fail "report: wrote to stdout"
no_debris "$T/r" "report" ""
echo "ok"
