#!/usr/bin/env bash
# Configures and builds nncert into build/ (Release, every core). Extra arguments go to cmake's configure
# step.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
# NNCERT_BUILD_TARGET=nncert builds only the command-line program (the quick start's job).
cmake --build build -j"$jobs" ${NNCERT_BUILD_TARGET:+--target "$NNCERT_BUILD_TARGET"}
