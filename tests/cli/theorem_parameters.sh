# Issue #12 §2: a theorem file's hypothesis parameters are checked like a problem file's keys: a typo
# ("tolerence") is exit 2 naming the theorem file, the line, the hypothesis and the known parameters,
# instead of silently keeping the default. Twin: the shipped theorem file itself is accepted.
set -u
NNCERT=${1:?usage: theorem_parameters.sh NNCERT}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=${NNCERT_SOURCE_DIR:-$(cd "$HERE/../.." && pwd)}
. "$HERE/prove_common.inc"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
write_positive "$T"
cp "$ROOT/proofs/caron-2023-node-scaling.toml" "$T/good.toml"
cat > "$T/p.toml" <<'TOML'
[data]
source = "synthetic:sphere"
n = 6
d = 4
seed = 2
[model]
kind = "scaled-shallow"
width = 50
activation = "relu"
seed = 4
TOML
"$NNCERT" verify "$T/good.toml" --problem "$T/p.toml" > "$T/good.out" 2>&1
rc=$?
[ $rc -ne 2 ] || { echo "the shipped theorem file is rejected"; cat "$T/good.out"; exit 1; }
sed -e 's/mode = "at-most", tolerance = 1e-12/mode = "at-most", tolerence = 1e-12/' "$T/good.toml" > "$T/typo.toml"
grep -q tolerence "$T/typo.toml" || { echo "test premise: the typo was not introduced"; exit 1; }
"$NNCERT" verify "$T/typo.toml" --problem "$T/p.toml" > "$T/typo.out" 2> "$T/typo.err"
rc=$?
[ $rc -eq 2 ] || { echo "typo in a theorem parameter: expected exit 2, got $rc"; cat "$T/typo.out" "$T/typo.err"; exit 1; }
[ "$(wc -l < "$T/typo.err")" -eq 1 ] || { echo "not one line"; cat "$T/typo.err"; exit 1; }
for part in "typo.toml:" "'tolerence' is not a parameter of verifier 'unit_norm_inputs'" "known: mode, tolerance"; do
  grep -qF "$part" "$T/typo.err" || { echo "message lacks '$part': $(cat "$T/typo.err")"; exit 1; }
done
echo "theorem parameters ok"
