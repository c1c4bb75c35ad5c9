#!/usr/bin/env bash
# The README's main command: installs what is missing, builds, and proves the default theorem on
# Fashion-MNIST (examples/fashion-mnist-alignment.toml), writing the certificate and report to out/default/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Only the program the job needs, with the test command's flags, so that `bash scripts/test.sh`
# afterwards reuses every object and builds just the tests.
NNCERT_BUILD_TARGET=nncert bash scripts/build.sh -DNNCERT_WERROR=ON -DNNCERT_BUILD_BENCH=OFF
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
