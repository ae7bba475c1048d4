#!/usr/bin/env bash
# Builds the libFuzzer target for the command decoder with clang into
# BUILD_DIR/fuzz (a CMake project of its own; see tests/fuzz/CMakeLists.txt),
# replays the checked-in regression inputs, then fuzzes for SECONDS.
#
#   tests/fuzz/run.sh BUILD_DIR [SECONDS [LIBFUZZER_FLAGS...]]
#   e.g. tests/fuzz/run.sh build 600 -max_len=65536
#
# BUILD_DIR is the main build (deploy/build.sh), whose libsafecity_core.a is
# linked. Starts from tests/fuzz/corpus/ (real request bodies) and keeps what
# it learns in BUILD_DIR/fuzz/corpus/ for the next run. Exits non-zero when an
# input crashes, leaks, throws or runs longer than 10 s, and names the file
# that reproduces it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [SECONDS [LIBFUZZER_FLAGS...]]" >&2; exit 2; }
BUILD="$(cd "$1" && pwd)"
SECONDS_TO_RUN="${2:-30}"
shift $(($# >= 2 ? 2 : 1))
OUT="$BUILD/fuzz"
BIN="$OUT/command_body_fuzzer"

command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing; run deploy/setup.sh" >&2; exit 2; }
cmake -S "$HERE" -B "$OUT" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSAFECITY_MAIN_BUILD="$BUILD" >/dev/null
ninja -C "$OUT" command_body_fuzzer

# A fresh directory each run for the fuzzer's store and for what it finds;
# the corpus it grows stays.
rm -rf "$OUT/artifacts" "$OUT/tmp"
mkdir -p "$OUT/artifacts" "$OUT/tmp" "$OUT/corpus"
export TMPDIR="$OUT/tmp"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
LOG="$OUT/fuzz.log"

failed() {
  echo "fuzz: FAILED ($1); the end of $LOG:" >&2
  tail -n 60 "$LOG" >&2
  local found=("$OUT"/artifacts/*)
  if [ -e "${found[0]}" ]; then
    for f in "${found[@]}"; do echo "fuzz: reproducer: $f  (run: $BIN $f)" >&2; done
  fi
  exit 1
}

# Inputs that once crashed, replayed whole (no length limit applies to them).
regressions=("$HERE"/regressions/*)
if [ -e "${regressions[0]}" ]; then
  "$BIN" -timeout=10 -artifact_prefix="$OUT/artifacts/" "${regressions[@]}" >"$LOG" 2>&1 ||
    failed "a regression input of tests/fuzz/regressions/"
fi

"$BIN" -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -dict="$HERE/json.dict" -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 \
  "$@" "$OUT/corpus" "$HERE/corpus" >"$LOG" 2>&1 || failed "exit status $?"
grep -E '^Done|stat::number_of_executed_units|stat::peak_rss_mb' "$LOG" | sed 's/^/fuzz: /' || true
echo "fuzz: no crash, leak or timeout in ${SECONDS_TO_RUN} s; corpus $(ls "$OUT/corpus" | wc -l) inputs in $OUT/corpus"
