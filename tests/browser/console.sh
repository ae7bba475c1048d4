#!/usr/bin/env bash
# The web console in a real browser: Debian's chromium driven by
# playwright-core (web/node_modules, from the lockfile; no browser is
# downloaded), against a live `safecity serve` on a fresh data directory.
#
#   tests/browser/console.sh BUILD_DIR SAFECITY_BIN
#
# Sets up what the office would have before its first login (the Xi'an
# template: 49 units, the scoring sheet; a round of 2027 in its system check; a person's account
# for each role), starts `serve` on a free loopback port, and runs
# web/tests/console.test.mjs, which walks each role's daily work (see there).
# Screenshots of each role's main page go to BUILD_DIR/browser/.
set -euo pipefail

build=$(cd "$1" && pwd)
bin=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "console: $chromium is missing; deploy/setup.sh installs Debian's chromium"
  exit 1
fi

. "$here/../tools/serve_here.sh"

data=$work/data
sc() { "$bin" --data "$data" "$@"; }
. "$here/../tools/xian_2027.sh"
xian_2027_round "$bin" "$data"
# Launched and in its system check (系统核查), where findings are recorded.
sc campaign launch xian-2027-self-inspection >/dev/null
sc campaign start xian-2027-self-inspection self_check >/dev/null
sc campaign start xian-2027-self-inspection system_check >/dev/null
person() {  # PASSWORD, then user add's flags
  local pw=$1
  shift
  printf '%s\n' "$pw" | sc user add "$@" >/dev/null
}
person office-pass-0001 --name 王工 --role office --login wang.gong
person unit-pass-00001 --name 李工 --role unit --unit 雁塔区 --login li.gong
person unit-pass-00002 --name 赵工 --role unit --unit 碑林区 --login zhao.gong
person insp-pass-00001 --name 张工 --role inspector --login zhang.gong
person audit-pass-0001 --name 审计员 --role auditor --login shen.ji

# A signing key outside the data directory: the server signs a checkpoint
# every second the log grew, and the auditor checks a proof in the page.
"$bin" checkpoint keygen --out "$work/checkpoint.key" >/dev/null
serve_here "$bin" "$data" --tick-every 0 --signing-key "$work/checkpoint.key" --checkpoint-every 1

mkdir -p "$build/browser"
status=0
CHROMIUM=$chromium PUBLIC_KEY=$work/checkpoint.key.pub node "$root/web/tests/console.test.mjs" "$url" "$build/browser" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- serve's log"
  tail -n 40 "$work/serve.log"
fi
exit "$status"
