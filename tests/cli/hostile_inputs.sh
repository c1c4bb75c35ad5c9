#!/usr/bin/env bash
# Hostile inputs: every one exits 2 with ONE printable line on stderr (naming the file), at most
# 1100 characters, nothing on stdout and no output directory; none is "internal error" (exit 4).
# A directory, /dev/zero or a FIFO as a data source or problem file, as the matrix of certify-spd and
# sigma-min and as the certificate of check and report; an --out that is a file where a directory is
# written, or a directory (or device) where a file is written; an unknown command; absurd sizes;
# steps = 10^12; control bytes in a CSV cell; a 10 MB line in a CSV cell and in the problem file.
set -u
NNCERT="$1"
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/cli_common.inc"  # $T, fail, expect_bad_input

# problem SOURCE [EXTRA]: a small problem reading SOURCE.
problem() {
  cat > "$T/p.toml" <<TOML
theorem = "kawaguchi-sun-2021/expressivity"
[data]
source = "$1"
${2:-}
[model]
kind = "mlp"
widths = [3, 8, 1]
activation = "tanh"
[train]
algorithm = "gd"
steps = 10
TOML
}

mkdir "$T/dir.csv"
mkfifo "$T/fifo.csv"
problem "csv:$T/dir.csv"
expect_bad_input "directory as CSV (verify)" "dir.csv" "$NNCERT" verify --problem "$T/p.toml"
expect_bad_input "directory as CSV (train)" "dir.csv" "$NNCERT" train --problem "$T/p.toml" --out "$T/out"
expect_bad_input "directory as CSV (prove)" "dir.csv" "$NNCERT" prove --problem "$T/p.toml" --out "$T/out"
problem "csv:/dev/zero"
expect_bad_input "/dev/zero as CSV" "/dev/zero" "$NNCERT" verify --problem "$T/p.toml"
problem "csv:$T/fifo.csv"
expect_bad_input "FIFO as CSV" "fifo.csv" "$NNCERT" verify --problem "$T/p.toml"
problem "npy:$T/dir.csv"
expect_bad_input "directory as npy" "dir.csv" "$NNCERT" verify --problem "$T/p.toml"
expect_bad_input "directory as problem file" "dir.csv" "$NNCERT" verify --problem "$T/dir.csv"
expect_bad_input "/dev/zero as problem file" "/dev/zero" "$NNCERT" verify --problem /dev/zero
expect_bad_input "FIFO as problem file" "fifo.csv" "$NNCERT" train --problem "$T/fifo.csv" --out "$T/out"

# Every command's file arguments: a directory or a FIFO where a file is read.
mkdir "$T/dir.npy" "$T/dir.json"
mkfifo "$T/fifo.npy" "$T/fifo.json"
for cmd in certify-spd sigma-min; do
  expect_bad_input "directory as $cmd matrix" "dir.npy" "$NNCERT" "$cmd" "$T/dir.npy"
  expect_bad_input "FIFO as $cmd matrix" "fifo.npy" "$NNCERT" "$cmd" "$T/fifo.npy"
done
expect_bad_input "directory as certificate (check)" "dir.json" "$NNCERT" check "$T/dir.json"
expect_bad_input "FIFO as certificate (check)" "fifo.json" "$NNCERT" check "$T/fifo.json"
expect_bad_input "directory as certificate (report)" "dir.json" "$NNCERT" report "$T/dir.json" --out "$T/out"
expect_bad_input "FIFO as certificate (report)" "fifo.json" "$NNCERT" report "$T/fifo.json" --out "$T/out"
for kind in ntk entk; do
  expect_bad_input "directory as problem (kernel $kind)" "dir.json" "$NNCERT" kernel "$kind" --problem "$T/dir.json" --out "$T/out"
  expect_bad_input "FIFO as problem (kernel $kind)" "fifo.json" "$NNCERT" kernel "$kind" --problem "$T/fifo.json" --out "$T/out"
done
expect_bad_input "directory as problem (jacobian)" "dir.json" "$NNCERT" jacobian --problem "$T/dir.json" --out "$T/out"
expect_bad_input "directory as problem (problem-keys)" "dir.json" "$NNCERT" problem-keys --check "$T/dir.json"
expect_bad_input "FIFO as problem (problem-keys)" "fifo.json" "$NNCERT" problem-keys --check "$T/fifo.json"
expect_bad_input "FIFO as instance directory (regress)" "fifo.json" "$NNCERT" regress "$T/fifo.json"
mkfifo "$T/fifo.toml"
problem "synthetic:gaussian" $'n = 8\nd = 3\nseed = 1'
expect_bad_input "FIFO as theorem file (verify)" "fifo.toml" "$NNCERT" verify "$T/fifo.toml" --problem "$T/p.toml"

# --out: a file where a directory is written, a directory or a device where a file is written.
problem "synthetic:gaussian" $'n = 8\nd = 3\nseed = 1'
echo "mine" > "$T/file.txt"
sed 's/activation = "tanh"/activation = "relu"/' "$T/p.toml" > "$T/relu.toml"
for cmd in train prove jacobian; do
  expect_bad_input "--out a file ($cmd)" "file.txt: exists and is not a directory" "$NNCERT" "$cmd" --problem "$T/p.toml" --out "$T/file.txt"
done
expect_bad_input "--out below a file" "file.txt/sub" "$NNCERT" train --problem "$T/p.toml" --out "$T/file.txt/sub"
expect_bad_input "kernel --out a directory" "dir.npy: is a directory" "$NNCERT" kernel ntk --problem "$T/relu.toml" --out "$T/dir.npy"
expect_bad_input "kernel entk --out a directory" "dir.npy: is a directory" "$NNCERT" kernel entk --problem "$T/relu.toml" --out "$T/dir.npy"
expect_bad_input "kernel --out a FIFO" "fifo.npy: exists and is not a regular file" "$NNCERT" kernel nngp --problem "$T/relu.toml" --out "$T/fifo.npy"
expect_bad_input "kernel --out a foreign file" "file.txt: exists and is not an output of this kind" "$NNCERT" kernel ntk --problem "$T/relu.toml" --out "$T/file.txt"
[ "$(cat "$T/file.txt")" = "mine" ] || fail "a refused --out file was modified"

# An unknown command: the one line lists the commands there are.
expect_bad_input "unknown command" "commands: certify-spd, check," "$NNCERT" frobnicate
expect_bad_input "unknown kernel" "commands: ntk, nngp," "$NNCERT" kernel frob

# Absurd sizes: refused before anything is generated or allocated.
problem "synthetic:gaussian" $'n = 1000000000\nd = 3'
expect_bad_input "n = 10^9" "needs an estimated" "$NNCERT" verify --problem "$T/p.toml"
problem "synthetic:gaussian" $'n = 8\nd = 3'
sed -i 's/widths = \[3, 8, 1\]/widths = [3, 1000000000, 1]/' "$T/p.toml"
expect_bad_input "width 10^9" "p = 5000000001 parameters" "$NNCERT" train --problem "$T/p.toml" --out "$T/out"
problem "synthetic:gaussian" $'n = 8\nd = 3'
sed -i 's/steps = 10/steps = 1000000000000/' "$T/p.toml"
expect_bad_input "steps = 10^12" "steps = 1000000000000" "$NNCERT" train --problem "$T/p.toml" --out "$T/out"
expect_bad_input "steps = 10^12 (prove)" "steps = 1000000000000" "$NNCERT" prove --problem "$T/p.toml" --out "$T/out"

# Control bytes in a CSV cell: escaped in the message.
printf 'a,b,c,y\n1,2,3,4\n1,2,\001\033[31mX,4\n' > "$T/ctl.csv"
problem "csv:$T/ctl.csv"
expect_bad_input "control bytes" '\x01\x1b[31mX' "$NNCERT" verify --problem "$T/p.toml"

# A 10 MB line: the echoed value is elided.
{ printf 'a,b,c,y\n1,2,3,'; head -c 10000000 /dev/zero | tr '\0' 'z'; printf '\n'; } > "$T/long.csv"
problem "csv:$T/long.csv"
expect_bad_input "10 MB CSV cell" "bytes elided" "$NNCERT" verify --problem "$T/p.toml"
{ printf 'theorem = "'; head -c 10000000 /dev/zero | tr '\0' 'z'; printf '"\n'; } > "$T/long.toml"
expect_bad_input "10 MB problem line" "above the limit" "$NNCERT" verify --problem "$T/long.toml"
# Within the size limit, a 900 kB unknown theorem name is elided in the message.
{ printf 'theorem = "'; head -c 900000 /dev/zero | tr '\0' 'z'; printf '"\n'; } > "$T/longname.toml"
sed -n '2,$p' "$T/p.toml" >> "$T/longname.toml"
expect_bad_input "900 kB theorem name" "longname.toml" "$NNCERT" verify --problem "$T/longname.toml"

# Broken TOML: the file, line and column.
printf '[data\nsource = 1\n' > "$T/broken.toml"
expect_bad_input "broken TOML" "broken.toml:1:" "$NNCERT" verify --problem "$T/broken.toml"

# Negative twin: the same kind of problem, well formed, is accepted (exit 0, 1 or 3, not 2).
problem "synthetic:gaussian" $'n = 8\nd = 3\nseed = 1'
timeout 60 "$NNCERT" verify --problem "$T/p.toml" > /dev/null 2> "$T/stderr"
rc=$?
[ "$rc" -ne 2 ] && [ "$rc" -ne 4 ] || fail "well-formed problem: exit $rc ($(cat "$T/stderr"))"
echo "ok"
