#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into BUILD_DIR/fuzz (a CMake
# project of its own; see tests/fuzz/CMakeLists.txt), and runs one of them:
# first its checked-in regression inputs, then fuzzing for SECONDS.
#
#   tests/fuzz/run.sh BUILD_DIR --build                   # build every target, run none
#   tests/fuzz/run.sh BUILD_DIR TARGET [SECONDS [LIBFUZZER_FLAGS...]]
#   e.g. tests/fuzz/run.sh build csv_import 600 -max_len=65536
#
# TARGET is command_body, csv_import, webhook_inbound or kafka_record.
# BUILD_DIR is the main build (deploy/build.sh), whose libsafecity_*.a are
# linked. A target starts from tests/fuzz/corpus/TARGET/ (real inputs) and
# keeps what it learns in BUILD_DIR/fuzz/TARGET/corpus/ for the next run.
# Exits non-zero when an input crashes, leaks, throws or runs longer than
# 10 s, and names the file that reproduces it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage() {
  echo "usage: $0 BUILD_DIR --build | $0 BUILD_DIR TARGET [SECONDS [LIBFUZZER_FLAGS...]]" >&2
  echo "  TARGET: command_body, csv_import, webhook_inbound or kafka_record" >&2
  exit 2
}
[ $# -ge 2 ] || usage
BUILD="$(cd "$1" && pwd)"
TARGET="$2"
SECONDS_TO_RUN="${3:-30}"
shift $(($# >= 3 ? 3 : 2))
OUT="$BUILD/fuzz"

command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing; run deploy/setup.sh" >&2; exit 2; }
# Two tests may build at once (ctest -j2 without the fuzz_build fixture):
# the lock makes the second wait for the first.
mkdir -p "$OUT"
exec 9>"$OUT/.build.lock"
flock 9
cmake -S "$HERE" -B "$OUT" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSAFECITY_MAIN_BUILD="$BUILD" >/dev/null
if [ "$TARGET" = "--build" ]; then
  ninja -C "$OUT"
  exit 0
fi
[ -f "$HERE/${TARGET}_fuzzer.cc" ] || usage
ninja -C "$OUT" "${TARGET}_fuzzer"
flock -u 9

# Per target: the longest input to generate, and a dictionary.
case "$TARGET" in
  csv_import) MAX_LEN=24576 ;;  # the Gongshu breakdown table is 21 KB
  *) MAX_LEN=8192 ;;
esac
BIN="$OUT/${TARGET}_fuzzer"
RUN="$OUT/$TARGET"
# A fresh directory each run for the fuzzer's store and for what it finds;
# the corpus it grows stays.
rm -rf "$RUN/artifacts" "$RUN/tmp"
mkdir -p "$RUN/artifacts" "$RUN/tmp" "$RUN/corpus"
export TMPDIR="$RUN/tmp"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
LOG="$RUN/fuzz.log"
: >"$LOG"

failed() {
  echo "fuzz $TARGET: FAILED ($1); the end of $LOG:" >&2
  tail -n 60 "$LOG" >&2
  local found=("$RUN"/artifacts/*)
  if [ -e "${found[0]}" ]; then
    for f in "${found[@]}"; do
      echo "fuzz $TARGET: reproducer: $f  (run: $BIN $f; keep it in tests/fuzz/regressions/$TARGET/ with the fix)" >&2
    done
  fi
  exit 1
}

# Inputs that once crashed, replayed whole (no length limit applies to them).
regressions=("$HERE/regressions/$TARGET"/*)
if [ -e "${regressions[0]}" ]; then
  "$BIN" -timeout=10 -artifact_prefix="$RUN/artifacts/" "${regressions[@]}" >>"$LOG" 2>&1 ||
    failed "a regression input of tests/fuzz/regressions/$TARGET/"
fi

"$BIN" -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len="$MAX_LEN" \
  -dict="$HERE/$TARGET.dict" -artifact_prefix="$RUN/artifacts/" -print_final_stats=1 \
  "$@" "$RUN/corpus" "$HERE/corpus/$TARGET" >>"$LOG" 2>&1 || failed "exit status $?"
grep -E '^Done|stat::number_of_executed_units|stat::peak_rss_mb' "$LOG" | sed "s/^/fuzz $TARGET: /" || true
echo "fuzz $TARGET: no crash, leak or timeout in ${SECONDS_TO_RUN} s; corpus $(ls "$RUN/corpus" | wc -l) inputs in $RUN/corpus"
