#!/usr/bin/env bash
# Install what is needed, build, and run every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
bash deploy/build.sh
cd build
ctest --output-on-failure --timeout 900 -j2
