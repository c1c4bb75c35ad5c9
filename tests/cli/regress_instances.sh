#!/usr/bin/env bash
# Every theorem on its stored positive and negative instances (proofs/instances): `nncert regress`
# must report every expected verdict, and a deliberately wrong expectation must make it fail.
set -euo pipefail
nncert=$1
out=$("$nncert" regress)
echo "$out" | tail -1
echo "$out" | grep -q " 0 failed$" || { echo "$out"; exit 1; }
# Both positive and negative instances exist for every theorem family.
for family in kawaguchi-sun alignment node-scaling arora-ntk du rff jacobian-rank pl; do
  [ "$(ls proofs/instances/${family}-pos*.toml | wc -l)" -ge 1 ] || { echo "no positive instance for $family"; exit 1; }
  [ "$(ls proofs/instances/${family}-neg*.toml | wc -l)" -ge 1 ] || { echo "no negative instance for $family"; exit 1; }
done
# The runner can fail: flip one expectation in a copy.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r proofs/instances/data "$tmp/"
sed 's/expect = "certified"/expect = "refuted"/' proofs/instances/kawaguchi-sun-pos0-synthetic.toml > "$tmp/flipped.toml"
set +e
"$nncert" regress "$tmp" > "$tmp/log"
rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "regress with a wrong expectation exited $rc, expected 1"; cat "$tmp/log"; exit 1; }
grep -q "^FAIL flipped.toml" "$tmp/log" || { cat "$tmp/log"; exit 1; }
# Unknown theorem ids are bad input.
set +e
"$nncert" verify no-such/theorem --problem proofs/instances/du-pos-spec-inputs.toml 2> "$tmp/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "unknown theorem exited $rc, expected 2"; exit 1; }
grep -q "unknown theorem 'no-such/theorem'" "$tmp/err"
echo ok
