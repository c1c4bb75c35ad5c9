#!/usr/bin/env bash
# nncert jacobian / nncert kernel entk: shapes of J, θ0, X, f(X) and K in the .npy headers; the same
# problem twice gives identical bytes (seeded θ0); bad [model] values exit 2 with one stderr line
# naming the file, the key and the line, and write nothing.
set -u
NNCERT="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
shape() { head -c 128 "$1" | tr -d '\0' | grep -ao "'shape': ([0-9, ]*)" ; }

cat > "$work/p.toml" <<'TOML'
[data]
source = "synthetic:teacher"
n = 12
d = 3
seed = 4

[model]
kind = "mlp"
widths = [3, 16, 1]
activation = "softplus"
seed = 2
TOML

"$NNCERT" jacobian --problem "$work/p.toml" --out "$work/jac" 2>"$work/err" || fail "jacobian exit $? ($(cat "$work/err"))"
[ "$(shape "$work/jac/J.npy")" = "'shape': (12, 81)" ] || fail "J shape: $(shape "$work/jac/J.npy")"
[ "$(shape "$work/jac/theta.npy")" = "'shape': (81,)" ] || fail "theta shape: $(shape "$work/jac/theta.npy")"
[ "$(shape "$work/jac/X.npy")" = "'shape': (12, 3)" ] || fail "X shape: $(shape "$work/jac/X.npy")"
[ "$(shape "$work/jac/f.npy")" = "'shape': (12, 1)" ] || fail "f shape: $(shape "$work/jac/f.npy")"
"$NNCERT" jacobian --problem "$work/p.toml" --out "$work/jac2" --block output 2>"$work/err" || fail "block exit $?"
[ "$(shape "$work/jac2/J.npy")" = "'shape': (12, 16)" ] || fail "output-block J shape: $(shape "$work/jac2/J.npy")"
cmp -s "$work/jac/theta.npy" "$work/jac2/theta.npy" || fail "θ0 differs between two runs with the same seed"

"$NNCERT" kernel entk --problem "$work/p.toml" --out "$work/K.npy" 2>"$work/err" || fail "entk exit $? ($(cat "$work/err"))"
[ "$(shape "$work/K.npy")" = "'shape': (12, 12)" ] || fail "K shape: $(shape "$work/K.npy")"

# Bad [model] values: exit 2, one line naming file, key and line, no output written.
check_bad() {  # $1 = replacement line for 'activation = ...', $2 = text the message must contain
  sed "s/^activation = .*/$1/" "$work/p.toml" > "$work/bad.toml"
  "$NNCERT" kernel entk --problem "$work/bad.toml" --out "$work/bad.npy" 2>"$work/err"
  rc=$?
  [ "$rc" -eq 2 ] || fail "'$1': exit $rc, expected 2"
  [ "$(wc -l < "$work/err")" -eq 1 ] || fail "'$1': stderr is not one line: $(cat "$work/err")"
  grep -q "bad.toml:10" "$work/err" || fail "'$1': message does not name file and line 10: $(cat "$work/err")"
  grep -q "$2" "$work/err" || fail "'$1': message does not name '$2': $(cat "$work/err")"
  [ ! -e "$work/bad.npy" ] || fail "'$1': output written despite the error"
}
check_bad "activation = \"swish\"" "activation"
check_bad "colour = 3" "colour"
check_bad "sigma_w = -2.0" "sigma_w"
check_bad "activation = 7" "activation"
sed 's/^widths = .*/widths = [4, 16, 1]/' "$work/p.toml" > "$work/bad.toml"
"$NNCERT" jacobian --problem "$work/bad.toml" --out "$work/badjac" 2>"$work/err"
[ $? -eq 2 ] || fail "input width mismatch: expected exit 2"
grep -q "widths" "$work/err" || fail "width mismatch message does not name widths: $(cat "$work/err")"
[ ! -e "$work/badjac" ] || fail "output directory created despite the error"
exit 0
