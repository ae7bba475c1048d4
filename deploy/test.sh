#!/usr/bin/env bash
# Install what is needed, build, and run every test through ctest; then the
# unit and integration tests again, built with ASan and UBSan (build-asan/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
bash deploy/build.sh
(cd build && ctest --output-on-failure --timeout 900 -j2)
bash tests/sanitize/run.sh build-asan
