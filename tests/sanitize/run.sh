#!/usr/bin/env bash
# The sanitizer run of the test command: builds the core, the CLI, the unit
# and integration tests (and the `safecity` binary and load_driver they run)
# with AddressSanitizer and UndefinedBehaviorSanitizer into BUILD_DIR
# (-DSAFECITY_SANITIZE=ON, -O0, line tables only), then runs the ctest labels
# `unit` and `integration` there.
#
#   tests/sanitize/run.sh [BUILD_DIR (build-asan)] [CTEST_ARGS...]
#   tests/sanitize/run.sh BUILD_DIR --build      # build only (deploy/test.sh
#                                                # builds it beside the other tests)
#   e.g. tests/sanitize/run.sh build-asan -R 'Store|Replay'
#
# Replay.TenThousandRandomCommands is left out here: 10,000 commands under
# the sanitizers take two minutes of the suite's time and reach no code the
# other tests do not; it runs in the ordinary build.
#
# Any report fails the run: the process aborts at the first UBSan report
# (-fno-sanitize-recover=undefined) or ASan error, and LeakSanitizer fails it
# at exit. ASan's reports also go to BUILD_DIR/sanitizer/, one file per
# process, so one from a child process (the CLI a test runs) fails the run
# even when the test took the child's exit for a refusal; they are printed at
# the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD="${1:-build-asan}"
shift $(($# >= 1 ? 1 : 0))

started=$(date +%s)
# Without the web console: no test here drives a browser (the browser test
# runs in build/), and Vite's build would only cost CI time.
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize -DSAFECITY_SANITIZE=ON -DSAFECITY_CONSOLE=OFF >/dev/null
ninja -C "$BUILD" unit_tests integration_tests safecity load_driver
built=$(date +%s)
if [ "${1:-}" = "--build" ]; then
  echo "sanitize: built in $((built - started)) s"
  exit 0
fi

REPORTS="$(cd "$BUILD" && pwd)/sanitizer"
rm -rf "$REPORTS"
mkdir -p "$REPORTS"
export ASAN_OPTIONS="log_path=$REPORTS/asan:detect_leaks=1:abort_on_error=1:halt_on_error=1"
# A leak inside Cairo itself, not ours (see the file).
export LSAN_OPTIONS="suppressions=$(pwd)/tests/sanitize/lsan.supp:print_suppressions=0"
# GCC 12's UBSan writes to stderr whatever log_path says: it aborts instead, so
# a child process that hits it dies of SIGABRT, which no test takes for a refusal.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
status=0
ctest --test-dir "$BUILD" -L '^(unit|integration)$' -E '^Replay\.TenThousandRandomCommands' --output-on-failure --timeout 900 -j2 "$@" ||
  status=$?

reports=("$REPORTS"/*)
if [ -e "${reports[0]}" ]; then
  echo "sanitize: ${#reports[@]} report(s) in $REPORTS:" >&2
  for r in "${reports[@]}"; do
    echo "==== $r" >&2
    head -n 80 "$r" >&2
  done
  status=1
fi
echo "sanitize: built in $((built - started)) s, tests ran in $(($(date +%s) - built)) s; $([ $status -eq 0 ] && echo "no report" || echo FAILED)"
exit $status
