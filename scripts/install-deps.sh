#!/usr/bin/env bash
# Installs, with apt-get, every Debian 12 package that nncert's build, tests and default job need.
# Idempotent: packages already present are skipped, and apt-get runs only when something is missing.
# --tests adds what only the test suite needs: Debian's chromium (and a font for it), which renders
# report.html headless, clang with its libFuzzer runtime (libclang-rt-14-dev) for scripts/fuzz.sh, and
# Debian's PyTorch, against whose autodiff the Python bindings' torch conversion is tested, and Open MPI
# with ScaLAPACK, for the --distributed commands and their tests (tests/mpi; optional at build time).
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libeigen3-dev libboost-dev libspectra-dev catch2 libfmt-dev
  nlohmann-json3-dev libcli11-dev libtomlplusplus-dev
  zlib1g-dev libmpfr-dev libgmp-dev libssl-dev
  libopenblas-dev liblapacke-dev libblas-dev liblapack-dev
  dataset-fashion-mnist
  pybind11-dev python3-dev python3-numpy python3-pytest
)
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium fonts-liberation clang libclang-rt-14-dev python3-torch
             libscalapack-openmpi-dev openmpi-bin)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
