# Issue #12 §4: work the user can watch. On a terminal, prove shows which hypothesis is being verified
# and training's step, loss and time left on stderr; off a terminal (a pipe, a log, CI) it prints no
# progress at all. The terminal is simulated with util-linux `script`.
set -u
NNCERT=${1:?usage: progress.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
command -v script > /dev/null || { echo "note: no util-linux script here; progress not tested"; exit 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
write_positive "$T"
script -qec "'$NNCERT' prove --problem '$T/positive.toml' --out '$T/tty'" /dev/null > "$T/tty.log" 2>&1
for phrase in "verifying 1/" "verifying 2/" "training [" "loss " "s left"; do
  grep -qF "$phrase" "$T/tty.log" || { echo "on a terminal: no '$phrase' in the output"; cat -v "$T/tty.log" | head -20; exit 1; }
done
# Twin: the same run into a pipe has none of it.
"$NNCERT" prove --problem "$T/positive.toml" --out "$T/pipe" > "$T/pipe.out" 2> "$T/pipe.err"
grep -qE "verifying|training \[" "$T/pipe.out" "$T/pipe.err" && { echo "progress printed off a terminal"; cat "$T/pipe.err"; exit 1; }
echo "progress ok"
