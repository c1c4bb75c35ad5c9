#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test suite, then fuzzes
# every parser for a bounded time (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --tests
# Benchmarks are built by scripts/build.sh (and the quick start), not in CI, to keep CI short.
bash scripts/build.sh -DNNCERT_WERROR=ON -DNNCERT_BUILD_BENCH=OFF
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j"$jobs"
# Every parser under libFuzzer with ASan/UBSan for a bounded time (NNCERT_FUZZ_SECONDS each, default 20).
bash scripts/fuzz.sh
