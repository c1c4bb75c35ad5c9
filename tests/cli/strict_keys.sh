#!/usr/bin/env bash
# Every section of a problem file but [verify] rejects an unknown key, in every command, with exit 2
# and one line "FILE:LINE: unknown key 'x' in [section] (allowed: ...)" at the key's real line; the
# same files without the typo are accepted, and so is every shipped problem file.
# Usage: bash strict_keys.sh <path-to-nncert>
set -u
NNCERT=${1:?usage: strict_keys.sh <path-to-nncert>}
ROOT=${NNCERT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A small MLP problem with every section; line numbers below are those of this text.
base_mlp() {
  cat <<'TOML'
theorem = "generic/jacobian-rank"

[data]
source = "synthetic:gaussian"
n = 4
d = 3
seed = 1

[model]
kind = "mlp"
widths = [3, 8, 1]
activation = "tanh"

[train]
algorithm = "gd"
steps = 5

[kernel]
depth = 1

[prove]
TOML
}

# with_typo LINE TEXT: the base file with TEXT inserted after line LINE (so the typo is on LINE + 1).
with_typo() { base_mlp | sed "$1a\\
$2"; }

# expect_unknown FILE LINE KEY SECTION COMMAND...: exit 2, nothing on stdout, one stderr line naming
# FILE:LINE, the key, the section and the allowed keys.
expect_unknown() {
  local file=$1 line=$2 key=$3 section=$4
  shift 4
  "$NNCERT" "$@" >"$DIR/out" 2>"$DIR/err"
  local got=$?
  [ "$got" -eq 2 ] || fail "$* with '$key' in $section: exit $got, expected 2; stderr: $(cat "$DIR/err")"
  [ ! -s "$DIR/out" ] || fail "$*: stdout not empty: $(cat "$DIR/out")"
  [ "$(wc -l <"$DIR/err")" -eq 1 ] || fail "$*: stderr is not one line: $(cat "$DIR/err")"
  grep -qF "$file:$line: unknown key '$key' $section (allowed: " "$DIR/err" ||
    fail "$*: expected '$file:$line: unknown key '$key' $section (allowed: ...', got: $(cat "$DIR/err")"
}

# Positive twin first: the base file loads and verifies.
base_mlp >"$DIR/ok.toml"
"$NNCERT" verify --problem "$DIR/ok.toml" >"$DIR/out" 2>"$DIR/err" || fail "base file: exit $?: $(cat "$DIR/err")"
"$NNCERT" problem-keys --check "$DIR/ok.toml" || fail "base file rejected by problem-keys --check"

with_typo 1 'theorme = "x"' >"$DIR/top.toml"
expect_unknown "$DIR/top.toml" 2 theorme "at the top level" verify --problem "$DIR/top.toml"

with_typo 5 'sed = 3' >"$DIR/data.toml"
expect_unknown "$DIR/data.toml" 6 sed "in [data]" verify --problem "$DIR/data.toml"
expect_unknown "$DIR/data.toml" 6 sed "in [data]" jacobian --problem "$DIR/data.toml" --out "$DIR/jac"

with_typo 11 'widht = 3' >"$DIR/model.toml"
expect_unknown "$DIR/model.toml" 12 widht "in [model]" verify --problem "$DIR/model.toml"

# `verify` never trains, yet a [train] typo is an error there too.
with_typo 16 'stpes = 10' >"$DIR/train.toml"
expect_unknown "$DIR/train.toml" 17 stpes "in [train]" verify --problem "$DIR/train.toml"
expect_unknown "$DIR/train.toml" 17 stpes "in [train]" train --problem "$DIR/train.toml" --out "$DIR/tr"

# [kernel] is read only by `nncert kernel`; `verify` and `prove` reject its typos as well.
with_typo 19 'dpeth = 2' >"$DIR/kernel.toml"
expect_unknown "$DIR/kernel.toml" 20 dpeth "in [kernel]" verify --problem "$DIR/kernel.toml"
expect_unknown "$DIR/kernel.toml" 20 dpeth "in [kernel]" prove --problem "$DIR/kernel.toml" --out "$DIR/pr"
expect_unknown "$DIR/kernel.toml" 20 dpeth "in [kernel]" kernel ntk --problem "$DIR/kernel.toml" --out "$DIR/k.npy"
[ ! -e "$DIR/pr" ] || fail "prove left an output directory behind after bad input"

# [prove] has no keys yet: anything in it is a typo.
with_typo 21 'blok = "layer:3"' >"$DIR/prove.toml"
expect_unknown "$DIR/prove.toml" 22 blok "in [prove]" verify --problem "$DIR/prove.toml"
grep -qF "(allowed: none)" "$DIR/err" || fail "[prove]: the message should say no key is allowed: $(cat "$DIR/err")"

# The other model kinds check their own lists: a key of one kind is unknown to another.
cat >"$DIR/rff.toml" <<'TOML'
[data]
source = "synthetic:sphere"
n = 4
d = 2

[model]
kind = "rff-resnet"
depth = 2
hidden = 2
features = 16
widths = [2, 1]
TOML
expect_unknown "$DIR/rff.toml" 11 widths "in [model]" train --problem "$DIR/rff.toml" --out "$DIR/tr2"
sed '/^widths/d' "$DIR/rff.toml" >"$DIR/rff-ok.toml"
"$NNCERT" problem-keys --check "$DIR/rff-ok.toml" || fail "rff-resnet file without the typo rejected"
cat >"$DIR/shallow.toml" <<'TOML'
[data]
source = "synthetic:sphere"
n = 4
d = 2
[model]
kind = "scaled-shallow"
width = 16
gama = 0.5
TOML
expect_unknown "$DIR/shallow.toml" 8 gama "in [model]" problem-keys --check "$DIR/shallow.toml"

# The first unknown key in the file is the one reported, whatever the section order.
printf '[train]\nstpes = 1\n[data]\nsed = 1\nsource = "synthetic:sphere"\n' >"$DIR/order.toml"
expect_unknown "$DIR/order.toml" 2 stpes "in [train]" problem-keys --check "$DIR/order.toml"

# Negative twin of all the above: every shipped problem file is accepted.
shipped=$(ls "$ROOT"/examples/*.toml "$ROOT"/proofs/instances/*.toml)
[ -n "$shipped" ] || fail "no shipped problem files found under $ROOT"
# shellcheck disable=SC2086
"$NNCERT" problem-keys --check $shipped || fail "a shipped problem file was rejected"
exit 0
