#!/usr/bin/env bash
# prove's output set is atomic as a whole. A run killed (SIGKILL, nothing can clean up) at each write
# boundary leaves DIR exactly as the previous run left it, and `check` still finds it valid; the next
# run removes the killed run's staging directory and publishes a complete new set. Two overlapping
# runs into one DIR: one succeeds, the other is refused at once by the lock (exit 2). A non-empty
# directory that is not an nncert output set is refused unless --force.
# Uses the test hook NNCERT_TEST_PAUSE_AFTER_WRITE=NAME (lib/data/src/atomic_file.cpp): the process
# sleeps right after writing NAME, which is where the test kills it.
set -u
NNCERT=${1:?usage: output_atomicity.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/prove_common.inc"
. "$HERE/cli_common.inc"  # $T, fail, wait_for_pause, no_debris

write_positive "$T"
sed -e 's/^seed = 5$/seed = 6/' "$T/positive.toml" > "$T/other.toml"
cmp -s "$T/positive.toml" "$T/other.toml" && fail "could not make a second problem"
mkdir "$T/w"
DIR="$T/w/set"

"$NNCERT" prove --problem "$T/positive.toml" --out "$DIR" > /dev/null 2> "$T/err" || fail "first prove: $(cat "$T/err")"
cp -a "$DIR" "$T/old"
[ -f "$DIR/.nncert-output-set" ] || fail "no manifest in the published set"

for boundary in trajectory.csv certificate.json report.md report.html .nncert-output-set; do
  NNCERT_TEST_PAUSE_AFTER_WRITE=$boundary "$NNCERT" prove --problem "$T/other.toml" --out "$DIR" > /dev/null 2> "$T/err.$boundary" &
  pid=$!
  wait_for_pause "$T/err.$boundary" "$boundary"
  kill -KILL "$pid"
  wait "$pid" 2> /dev/null
  diff -r "$T/old" "$DIR" > /dev/null || fail "killed after $boundary: DIR is not the old set"
  "$NNCERT" check "$DIR/certificate.json" > /dev/null 2>&1 || fail "killed after $boundary: check fails on DIR"
  ls -A "$T/w" | grep -q '^\.set\.nncert-stage-' || fail "expected the killed run's staging directory (test premise)"
done

# The next run cleans up the killed runs' debris and publishes a whole new set.
"$NNCERT" prove --problem "$T/other.toml" --out "$DIR" > /dev/null 2> "$T/err" || fail "prove after kills: $(cat "$T/err")"
[ "$(ls -A "$T/w")" = "set" ] || fail "debris beside DIR: $(ls -A "$T/w" | tr '\n' ' ')"
cmp -s "$T/old/certificate.json" "$DIR/certificate.json" && fail "the new set was not published"
cmp -s "$T/old/trajectory.csv" "$DIR/trajectory.csv" && fail "the new trajectory was not published"
"$NNCERT" check "$DIR/certificate.json" > /dev/null 2>&1 || fail "check fails on the new set"

# SIGTERM at a write boundary: exit 143, DIR untouched, and no debris at all (the signal thread cleans).
cp -a "$DIR" "$T/old2"
NNCERT_TEST_PAUSE_AFTER_WRITE=certificate.json "$NNCERT" prove --problem "$T/positive.toml" --out "$DIR" > "$T/out.term" 2> "$T/err.term" &
pid=$!
wait_for_pause "$T/err.term" certificate.json
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 143 ] || fail "SIGTERM: exit $rc, expected 143"
diff -r "$T/old2" "$DIR" > /dev/null || fail "SIGTERM: DIR changed ($(cat "$T/err.term"); old2 seed $(grep -o "seed = [0-9]" "$T/old2/certificate.json" | tr "\n" " "), DIR seed $(grep -o "seed = [0-9]" "$DIR/certificate.json" | tr "\n" " "))"
[ "$(ls -A "$T/w")" = "set" ] || fail "SIGTERM left debris: $(ls -A "$T/w" | tr '\n' ' ')"
[ ! -s "$T/out.term" ] || fail "SIGTERM: output on stdout"

# Two overlapping runs: the second is refused by the lock while the first holds it.
NNCERT_TEST_PAUSE_AFTER_WRITE=trajectory.csv NNCERT_TEST_PAUSE_SECONDS=3 \
  "$NNCERT" prove --problem "$T/positive.toml" --out "$DIR" > /dev/null 2> "$T/err.a" &
pid=$!
wait_for_pause "$T/err.a" trajectory.csv
"$NNCERT" prove --problem "$T/other.toml" --out "$DIR" > "$T/out.b" 2> "$T/err.b"
rc=$?
[ "$rc" -eq 2 ] || fail "second overlapping run: exit $rc, expected 2"
grep -q "another nncert run is writing this output" "$T/err.b" || fail "refusal message: $(cat "$T/err.b")"
[ "$(wc -l < "$T/err.b")" -eq 1 ] || fail "refusal is not one line"
wait "$pid" || fail "first overlapping run failed: $(cat "$T/err.a")"
"$NNCERT" check "$DIR/certificate.json" > /dev/null 2>&1 || fail "check after the overlapping runs"
[ "$(ls -A "$T/w")" = "set" ] || fail "debris after the overlapping runs: $(ls -A "$T/w" | tr '\n' ' ')"

# A directory holding other files is not replaced unless --force.
mkdir "$T/mine"
echo "keep" > "$T/mine/notes.txt"
"$NNCERT" prove --problem "$T/positive.toml" --out "$T/mine" > /dev/null 2> "$T/err.mine"
[ $? -eq 2 ] || fail "foreign directory: expected exit 2"
grep -q "not an nncert output set" "$T/err.mine" || fail "foreign directory message: $(cat "$T/err.mine")"
[ "$(cat "$T/mine/notes.txt")" = "keep" ] || fail "foreign directory was modified"
"$NNCERT" prove --problem "$T/positive.toml" --out "$T/mine" --force > /dev/null 2>&1 || fail "--force refused"
[ -f "$T/mine/certificate.json" ] && [ ! -e "$T/mine/notes.txt" ] || fail "--force did not replace the directory"
echo "ok"
