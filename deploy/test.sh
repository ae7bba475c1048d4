#!/usr/bin/env bash
# Install what is needed, build, and run every test through ctest; then the
# unit and integration tests again, built with ASan and UBSan (build-asan/).
# Each step prints how long it took (CI must finish within 45 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
step() {
  # Called as `step … || status=$?`, where set -e does not apply: the step's
  # own exit code must be returned, not the echo's.
  local name="$1" started=$SECONDS rc=0
  shift
  "$@" || rc=$?
  echo "test.sh: $name took $((SECONDS - started)) s"
  return "$rc"
}
step setup bash deploy/setup.sh
step build bash deploy/build.sh
status=0
step ctest bash -c 'cd build && ctest --output-on-failure --timeout 900 -j2' || status=$?
step sanitize bash tests/sanitize/run.sh build-asan || status=$?
exit $status
