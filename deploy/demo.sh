#!/usr/bin/env bash
# The main job: install what is needed, build, and run `safecity demo` on the
# embedded log (a whole rectification round on real units of Xi'an 2023).
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
bash deploy/build.sh
./build/safecity demo --dir "${SAFECITY_DEMO_DIR:-safecity-demo}"
