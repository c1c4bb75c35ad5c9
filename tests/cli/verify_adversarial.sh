# nncert verify on adversarial problem files: bad block lists and [verify] keys that would weaken a
# hypothesis are bad input (exit 2, one line on stderr naming the file and the key, nothing on
# stdout); two layers of a bias-free ReLU net are never certified as 1-homogeneous (exit 1: the
# residual ||f − J_S θ_S|| = ||f|| is proven positive); exactly parallel rows of magnitude 1e-160
# (their squares underflow) are refuted, and their one-ulp twin is certified.
set -u
NNCERT=${1:?usage: verify_adversarial.sh NNCERT}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

printf '0.5,-1.25,2\n1,0.75,-0.5\n-1.5,0.25,1\n2,1,0.5\n' > "$T/X.csv"
printf '1,0\n0,1\n1,1\n0.5,-1\n' > "$T/Y.csv"
problem() {  # problem NAME THEOREM VERIFY_LINES
  printf 'theorem = "%s"\n[data]\nsource = "csv:X.csv,Y.csv"\n[model]\nkind = "mlp"\nwidths = [3, 5, 2]\nactivation = "relu"\nbias = false\nseed = 3\n[verify]\n%s\n' \
    "$2" "$3" > "$T/$1.toml"
}
expect_bad_input() {  # expect_bad_input NAME KEY
  "$NNCERT" verify --problem "$T/$1.toml" > "$T/$1.out" 2> "$T/$1.err"
  rc=$?
  [ $rc -eq 2 ] || { echo "$1: expected exit 2, got $rc"; cat "$T/$1.out" "$T/$1.err"; exit 1; }
  [ ! -s "$T/$1.out" ] || { echo "$1: partial output on bad input"; cat "$T/$1.out"; exit 1; }
  [ "$(wc -l < "$T/$1.err")" -eq 1 ] || { echo "$1: expected one line on stderr"; cat "$T/$1.err"; exit 1; }
  grep -q "$1.toml" "$T/$1.err" || { echo "$1: the message does not name the file"; cat "$T/$1.err"; exit 1; }
  grep -q "'$2'" "$T/$1.err" || { echo "$1: the message does not name the key $2"; cat "$T/$1.err"; exit 1; }
}
expect_exit() {  # expect_exit NAME CODE
  "$NNCERT" verify --problem "$T/$1.toml" > "$T/$1.out" 2>&1
  rc=$?
  [ $rc -eq "$2" ] || { echo "$1: expected exit $2, got $rc"; cat "$T/$1.out"; exit 1; }
}

ALIGN=kawaguchi-zhang-deng-2022/alignment
problem dup "$ALIGN" 'block = "layer:1,layer:1"';             expect_bad_input dup block
problem alias "$ALIGN" 'block = "wide,layer:2"';              expect_bad_input alias block
problem unknown_block "$ALIGN" 'block = "layer:7"';           expect_bad_input unknown_block block
problem unknown_key "$ALIGN" 'tolerance = 100';               expect_bad_input unknown_key tolerance
problem two_layers "$ALIGN" 'block = "layer:1,layer:2"'
expect_exit two_layers 1
grep -q '\[refuted\] .*common_model_structure' "$T/two_layers.out" || { echo "two layers: not refuted"; cat "$T/two_layers.out"; exit 1; }
# Twin: one weight layer is certified by Euler's identity, whatever its spelling.
problem one_layer "$ALIGN" 'block = " layer:1 "'
"$NNCERT" verify --problem "$T/one_layer.toml" > "$T/one_layer.out" 2>&1
grep -q '\[certified\] .*common_model_structure' "$T/one_layer.out" || { echo "one layer: not certified"; cat "$T/one_layer.out"; exit 1; }

# Du et al.'s theorem: [verify] parallel = false would drop the no-parallel hypothesis.
DU=du-2019/h-infinity
problem weaken_parallel "$DU" 'parallel = false';             expect_bad_input weaken_parallel parallel
problem weaken_tolerance "$DU" 'tolerance = 100';             expect_bad_input weaken_tolerance tolerance

# Exactly parallel rows at 1e-160 (x_1 = 2 x_0; every square underflows): refuted. Twin one ulp off.
printf '1e-160,2e-160,3e-160\n2e-160,4e-160,6e-160\n1,0,0\n0,1,0\n' > "$T/X.csv"
problem tiny_parallel "$DU" ''
"$NNCERT" verify --problem "$T/tiny_parallel.toml" > "$T/tiny_parallel.out" 2>&1
grep -q '\[refuted\] .*(distinct_inputs)' "$T/tiny_parallel.out" || { echo "tiny parallel rows: not refuted"; cat "$T/tiny_parallel.out"; exit 1; }
printf '1e-160,2e-160,3e-160\n2e-160,4e-160,6.0000000000000007e-160\n1,0,0\n0,1,0\n' > "$T/X.csv"
"$NNCERT" verify --problem "$T/tiny_parallel.toml" > "$T/tiny_twin.out" 2>&1
grep -q '\[certified\] .*(distinct_inputs)' "$T/tiny_twin.out" || { echo "tiny twin: not certified"; cat "$T/tiny_twin.out"; exit 1; }
echo "verify adversarial ok"
