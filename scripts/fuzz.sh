#!/usr/bin/env bash
# Builds the fuzzers (a fuzz-only tree in build-fuzz/: clang, libFuzzer, ASan, UBSan; only the parsers
# are compiled) and runs each for a bounded time, NNCERT_FUZZ_JOBS at a time (default: the core count).
# First every saved crash input under fuzz/regressions/NAME/ is replayed; then each fuzzer runs from its
# committed seeds (fuzz/corpus/NAME/, read only; new inputs go to build-fuzz/corpus/NAME/).
# Fails when any fuzzer finds a crash, a leak, a timeout or an exception other than InvalidInput; the
# input is then in build-fuzz/artifacts/NAME/.
#
#   NNCERT_FUZZ_SECONDS=20   run time of each fuzzer (0: replay the regressions and seeds only)
#   NNCERT_FUZZ_JOBS=N       fuzzers run in parallel
#   scripts/fuzz.sh [NAME...]   only these fuzzers (csv npy idx problem_toml certificate_json block_list)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${NNCERT_FUZZ_SECONDS:-20}
jobs=${NNCERT_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
all=(csv npy idx problem_toml certificate_json block_list)
names=("$@")
[ ${#names[@]} -eq 0 ] && names=("${all[@]}")

build=build-fuzz
start=$(date +%s)
CC=clang CXX=clang++ cmake -S . -B "$build" -DNNCERT_BUILD_FUZZERS=ON -DCMAKE_BUILD_TYPE=Fuzz \
  -DCMAKE_CXX_FLAGS_FUZZ="-O1 -g" >/dev/null
if [ $# -eq 0 ]; then
  cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)"  # one make run: both cores busy throughout
else
  cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target "${names[@]/#/fuzz_}"
fi
echo "fuzz: build took $(($(date +%s) - start)) s"

# One fuzzer: replay its regressions, then fuzz from its seeds.
fuzz_steps() {
  local name=$1 bin="$build/fuzz/fuzz_$1"
  local work="$build/corpus/$name" artifacts="$build/artifacts/$name/"
  mkdir -p "$work" "$artifacts"
  local options=(-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts")
  [ -f "fuzz/$name.dict" ] && options+=(-dict="fuzz/$name.dict")
  if compgen -G "fuzz/regressions/$name/*" >/dev/null; then
    "$bin" "${options[@]}" fuzz/regressions/"$name"/* || return 1
  fi
  if [ "$seconds" -gt 0 ]; then
    "$bin" "${options[@]}" -max_total_time="$seconds" "$work" "fuzz/corpus/$name"
  else
    "$bin" "${options[@]}" -runs=0 "fuzz/corpus/$name"
  fi
}

# Output in $build/logs/NAME.log, exit status in $build/logs/NAME.status.
run_one() {
  local rc=0
  fuzz_steps "$1" >"$build/logs/$1.log" 2>&1 || rc=$?
  echo "$rc" >"$build/logs/$1.status"
}

mkdir -p "$build/logs"
rm -f "$build"/logs/*.status
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_one "$name" &
done
wait

failed=0
for name in "${names[@]}"; do
  status=ok
  [ "$(cat "$build/logs/$name.status" 2>/dev/null)" = 0 ] || { status=FAILED; failed=1; }
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$build/logs/$name.log" | tail -1 | grep -o '[0-9]*$' || echo 0)
  printf 'fuzz: %-17s %-6s %10s executions in %s s\n' "$name" "$status" "$execs" "$seconds"
  if [ "$status" = FAILED ]; then
    tail -n 40 "$build/logs/$name.log"
    echo "fuzz: the failing input is in $build/artifacts/$name/ (add it to fuzz/regressions/$name/ once fixed)"
  fi
done
echo "fuzz: total $(($(date +%s) - start)) s"
exit "$failed"
