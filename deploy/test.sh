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
# A failure of the first run is said again at the very end, where a CI that
# keeps only the tail of the output shows it: the failed tests' names, then
# the same tests run alone with their output, which tells a flaky test (it
# passes alone) from a broken one. (The sanitizer run names its own failures
# last already.)
say_failures_again() {
  local failed=build/Testing/Temporary/LastTestsFailed.log
  echo "test.sh: failed in build/:"
  if [ ! -s "$failed" ]; then
    echo "  (ctest named none: see its output)"
    return 0
  fi
  sed 's/^/  /' "$failed"
  # A few, each within 5 minutes: the run stays within CI's time.
  if [ "$(wc -l <"$failed")" -gt 10 ]; then
    echo "test.sh: more than 10 failed; not run again"
    return 0
  fi
  if (cd build && ctest --rerun-failed --output-on-failure --timeout 300 -j1 2>&1 | tail -n 400); then
    echo "test.sh: run alone, the tests that failed passed: they are flaky"
  else
    echo "test.sh: run alone, they failed again (their output is above)"
  fi
}
ctest_status=0 sanitize_status=0
step ctest bash -c 'cd build && ctest --output-on-failure --timeout 900 -j2' || ctest_status=$?
step sanitize bash tests/sanitize/run.sh build-asan || sanitize_status=$?
[ "$ctest_status" -eq 0 ] || say_failures_again
[ "$ctest_status" -eq 0 ] && exit "$sanitize_status"
exit "$ctest_status"
