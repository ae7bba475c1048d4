#!/usr/bin/env bash
# The web console's first render in Debian's chromium, measured with the
# browser's own timing (performance marks the pages set when they are drawn):
# the office's dashboard of a round with 48 units and 1,500 tasks, and a
# unit's 我的任务 with 1,000 tasks. The floor in the same run is the login
# page (the console's scripts loaded, parsed and a page drawn, no data).
#
#   tests/bench/console_render.sh BUILD_DIR [RUNS]      (default 5 runs each; the median is printed)
#
# Not part of the test command. The last line is the figures with their
# ratio to the floor.
set -euo pipefail
build=$(cd "$1" && pwd)
runs=${2:-5}
bin=$build/safecity
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/tools/serve_here.sh"

data=$work/data
sc() { "$bin" --data "$data" "$@"; }
. "$root/tests/tools/xian_2027.sh"
xian_2027_round "$bin" "$data"
# 1,500 tasks of the round: 1,000 for 雁塔区, 500 over the other units it evaluates.
python3 - "$root/workflows/templates/xian2023/units.csv" >"$work/tasks.tsv" <<'PY'
import csv, sys
names = [r["name"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["kind"] != "office" and r["name"] != "雁塔区"]
print("序号\t整改任务\t责任单位\t完成时限")
for i in range(1, 1501):
    unit = "雁塔区" if i <= 1000 else names[(i - 1001) % len(names)]
    print(f"{i}\t第{i}项问题整改：城镇燃气、消防通道和电动自行车充电隐患排查整治\t{unit}\t2027年4月15日前")
PY
sc import tasks "$work/tasks.tsv" --campaign xian-2027-self-inspection --prefix r >/dev/null
printf '%s\n' office-pass-0001 | sc user add --name 王工 --role office --login wang.gong >/dev/null
printf '%s\n' unit-pass-00001 | sc user add --name 李工 --role unit --unit 雁塔区 --login li.gong >/dev/null

serve_here "$bin" "$data" --tick-every 0
node "$root/web/tests/console_render.mjs" "$url" "$runs"
