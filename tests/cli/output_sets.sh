#!/usr/bin/env bash
# The outputs of kernel (one .npy file) and of report and jacobian (directories) appear whole or not at
# all, as prove's do (output_atomicity.sh). A run killed (SIGKILL) right after writing each file leaves
# the previous output exactly as it was; the next run removes the killed run's staging directory and
# publishes the new output whole. Two overlapping runs into one --out: one succeeds, the other is
# refused at once by the lock (exit 2, one line). A Gram that leaves the double range is never written
# (exit 3, the previous K.npy kept). A foreign file or directory at --out is replaced only with --force.
# Uses the test hook NNCERT_TEST_PAUSE_AFTER_WRITE=NAME (lib/data/src/atomic_file.cpp).
set -u
NNCERT=${1:?usage: output_sets.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.inc"   # $T, fail, wait_for_pause, no_debris
. "$HERE/prove_common.inc" # prove_positive

# kernel_problem FILE SEED: three-point ReLU problems whose Grams differ with SEED.
kernel_problem() {
  cat > "$1" <<TOML
[data]
source = "synthetic:gaussian"
n = 5
d = 3
seed = $2
[model]
kind = "mlp"
widths = [3, 8, 1]
activation = "relu"
TOML
}
kernel_problem "$T/a.toml" 1
kernel_problem "$T/b.toml" 2

# kill_after NAME CMD...: runs CMD with the hook pausing after it writes NAME, then SIGKILLs it there.
kill_after() {
  local name="$1"
  shift
  NNCERT_TEST_PAUSE_AFTER_WRITE=$name "$@" > /dev/null 2> "$T/err.kill" &
  local pid=$!
  wait_for_pause "$T/err.kill" "$name"
  kill -KILL "$pid"
  wait "$pid" 2> /dev/null
}

# ---- kernel: K.npy
mkdir "$T/k"
"$NNCERT" kernel ntk --problem "$T/a.toml" --out "$T/k/K.npy" 2> "$T/err" || fail "first kernel: $(cat "$T/err")"
cp "$T/k/K.npy" "$T/K.old"
kill_after K.npy "$NNCERT" kernel ntk --problem "$T/b.toml" --out "$T/k/K.npy"
cmp -s "$T/K.old" "$T/k/K.npy" || fail "kernel killed after writing: K.npy is not the old one"
ls -A "$T/k" | grep -q '^\.K\.npy\.nncert-stage-' || fail "expected the killed kernel's staging directory (test premise)"
"$NNCERT" kernel ntk --problem "$T/b.toml" --out "$T/k/K.npy" 2> "$T/err" || fail "kernel after the kill: $(cat "$T/err")"
cmp -s "$T/K.old" "$T/k/K.npy" && fail "the new K.npy was not published"
no_debris "$T/k" "kernel after the kill" "K.npy"
cp "$T/k/K.npy" "$T/K.b"

# Overlapping kernel runs: the second is refused while the first holds the lock.
NNCERT_TEST_PAUSE_AFTER_WRITE=K.npy NNCERT_TEST_PAUSE_SECONDS=3 \
  "$NNCERT" kernel ntk --problem "$T/a.toml" --out "$T/k/K.npy" > /dev/null 2> "$T/err.a" &
pid=$!
wait_for_pause "$T/err.a" K.npy
"$NNCERT" kernel nngp --problem "$T/b.toml" --out "$T/k/K.npy" > "$T/out.b" 2> "$T/err.b"
rc=$?
[ "$rc" -eq 2 ] || fail "second overlapping kernel: exit $rc, expected 2"
grep -q "another nncert run is writing this output" "$T/err.b" || fail "kernel refusal: $(cat "$T/err.b")"
[ "$(wc -l < "$T/err.b")" -eq 1 ] || fail "kernel refusal is not one line"
wait "$pid" || fail "first overlapping kernel failed: $(cat "$T/err.a")"
cmp -s "$T/K.old" "$T/k/K.npy" || fail "the first overlapping kernel's K.npy was not published"
no_debris "$T/k" "overlapping kernels" "K.npy"

# A Gram out of the double range (inputs of size 1e200: their squares overflow): exit 3, K.npy kept.
printf '1e200,0,0,1\n0,1e200,0,1\n0,0,1e200,1\n' > "$T/huge.csv"
printf '[data]\nsource = "csv:huge.csv"\n[model]\nkind = "mlp"\nwidths = [3, 8, 1]\nactivation = "relu"\n' > "$T/huge.toml"
for certify in "" --certify; do
  "$NNCERT" kernel ntk --problem "$T/huge.toml" --out "$T/k/K.npy" $certify > "$T/out" 2> "$T/err"
  rc=$?
  [ "$rc" -eq 3 ] || fail "non-finite Gram $certify: exit $rc, expected 3 ($(cat "$T/out" "$T/err"))"
  cmp -s "$T/K.old" "$T/k/K.npy" || fail "non-finite Gram $certify: K.npy changed"
  no_debris "$T/k" "non-finite Gram $certify" "K.npy"
done

# A foreign file at --out: refused (exit 2, untouched) unless --force.
echo "notes" > "$T/k/notes.npy"
"$NNCERT" kernel ntk --problem "$T/a.toml" --out "$T/k/notes.npy" > /dev/null 2> "$T/err"
[ $? -eq 2 ] || fail "foreign file: expected exit 2"
[ "$(cat "$T/k/notes.npy")" = "notes" ] || fail "foreign file was modified"
"$NNCERT" kernel ntk --problem "$T/a.toml" --out "$T/k/notes.npy" --force 2> /dev/null || fail "--force refused"
cmp -s "$T/K.old" "$T/k/notes.npy" || fail "--force did not replace the foreign file with the Gram"

# ---- report: report.md, report.html, manifest
prove_positive "$NNCERT" "$T"
mkdir "$T/r"
R="$T/r/report"
"$NNCERT" report "$T/p/certificate.json" --out "$R" > /dev/null 2> "$T/err" || fail "first report: $(cat "$T/err")"
echo "old" >> "$R/report.md"  # mark the old set, so that a mix would show
cp -a "$R" "$T/R.old"
for boundary in report.md report.html .nncert-output-set; do
  kill_after "$boundary" "$NNCERT" report "$T/p/certificate.json" --out "$R"
  diff -r "$T/R.old" "$R" > /dev/null || fail "report killed after $boundary: not the old set"
done
"$NNCERT" report "$T/p/certificate.json" --out "$R" > /dev/null 2> "$T/err" || fail "report after the kills: $(cat "$T/err")"
grep -q '^old$' "$R/report.md" && fail "the new report was not published"
[ -s "$R/report.md" ] && [ -s "$R/report.html" ] || fail "the new report is incomplete"
no_debris "$T/r" "report after the kills" "report"

NNCERT_TEST_PAUSE_AFTER_WRITE=report.md NNCERT_TEST_PAUSE_SECONDS=3 \
  "$NNCERT" report "$T/p/certificate.json" --out "$R" > /dev/null 2> "$T/err.a" &
pid=$!
wait_for_pause "$T/err.a" report.md
"$NNCERT" report "$T/p/certificate.json" --out "$R" > "$T/out.b" 2> "$T/err.b"
rc=$?
[ "$rc" -eq 2 ] || fail "second overlapping report: exit $rc, expected 2"
grep -q "another nncert run is writing this output" "$T/err.b" || fail "report refusal: $(cat "$T/err.b")"
[ ! -s "$T/out.b" ] || fail "refused report wrote to stdout"
wait "$pid" || fail "first overlapping report failed: $(cat "$T/err.a")"
no_debris "$T/r" "overlapping reports" "report"

# A report that cannot be rendered (its trajectory file is missing) leaves no directory behind.
mkdir "$T/bad"
cp "$T/p/certificate.json" "$T/bad/"
"$NNCERT" report "$T/bad/certificate.json" --out "$T/r/none" > /dev/null 2> "$T/err"
[ $? -eq 2 ] || fail "report without its trajectory: expected exit 2"
no_debris "$T/r" "failed report" "report"

# ---- jacobian: J.npy, theta.npy, X.npy, f.npy as one set
J="$T/r/jac"
"$NNCERT" jacobian --problem "$T/positive.toml" --out "$J" 2> "$T/err" || fail "first jacobian: $(cat "$T/err")"
cp -a "$J" "$T/J.old"
for boundary in J.npy theta.npy X.npy f.npy; do
  kill_after "$boundary" "$NNCERT" jacobian --problem "$T/positive.toml" --out "$J" --block output
  diff -r "$T/J.old" "$J" > /dev/null || fail "jacobian killed after $boundary: not the old set"
done
"$NNCERT" jacobian --problem "$T/positive.toml" --out "$J" --block output 2> "$T/err" || fail "jacobian after the kills"
cmp -s "$T/J.old/J.npy" "$J/J.npy" && fail "the new J.npy (output block) was not published"
no_debris "$T/r" "jacobian after the kills" "jac report"
echo "ok"
