#!/usr/bin/env bash
# The README's main command: installs what is missing, builds, and proves the default theorem on
# Fashion-MNIST (examples/fashion-mnist-alignment.toml), writing the certificate and report to out/default/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
problem=${1:-examples/fashion-mnist-alignment.toml}
out=${2:-out/default}
set +e
./build/verifiers/nncert prove --problem "$problem" --out "$out"
status=$?
set -e
if [ -f "$out/report.html" ]; then
  echo "report: $(cd "$out" && pwd)/report.html (and report.md, certificate.json)"
fi
exit $status
