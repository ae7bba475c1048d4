#!/usr/bin/env bash
# Schemathesis (PyPI) against a live `safecity serve`, as the office and as a
# unit, with every check on: the server must answer as /openapi.json says.
#
#   tests/http/schemathesis.sh BUILD_DIR SAFECITY_BIN [EXAMPLES]
#
# Makes (once, then reuses) a virtualenv under BUILD_DIR/schemathesis with a
# pinned Schemathesis; starts `serve` on a free loopback port on a fresh data
# directory with two units and two tasks (one with its deadline pending), issues an office token and a unit
# token with the CLI, and runs `st run` for each with at most EXAMPLES cases
# per operation and phase (default 3; with the coverage phase's own cases the
# whole test stays within about two minutes on two cores). Any failure of any
# check fails the test, its report printed, except those recorded in
# schemathesis-baseline.json: each names the issue item that fixes it and
# expires. python3-venv comes from deploy/setup.sh. One worker: CPython
# 3.11's parser, which Hypothesis calls to describe its filters, fails when
# two threads use it at once.
set -euo pipefail

build=$(cd "$1" && pwd)
bin=$2
examples=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
venv=$(bash "$here/../tools/pypi_venv.sh" "$build" schemathesis 4.32.5)

. "$here/../tools/serve_here.sh"

data=$work/data
sc() { "$bin" --data "$data" "$@"; }
token() { sc --output json token issue "$@" | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])'; }
sc init >/dev/null
sc unit add --id yanta --name 雁塔区 --kind district >/dev/null
sc unit add --id beilin --name 碑林区 --kind district >/dev/null
sc task assign --id XA-001 --title 城镇燃气安全隐患整改 --lead yanta --coop beilin --deadline 2031-04-15 >/dev/null
# A deadline the plan leaves open, as plans print it: 待定（按照国家确定时间实施）.
sc task assign --id XA-002 --title 电动自行车集中充电设施建设 --lead yanta --deadline-pending 按照国家确定时间实施 >/dev/null
office=$(token --role office --principal st.office --label schemathesis)
unit=$(token --role unit --unit yanta --label schemathesis)

# Port 0: the server takes a free port and says which when it serves.
# Schemathesis probes every operation without a token and with a wrong one
# (ignored_auth), hundreds of 401s from one address: the limit on failed
# authentications is raised here (it has a test of its own, in access_test).
serve_here "$bin" "$data" --tick-every 0 --failed-auth-burst 100000

# Schemathesis keeps its cache in the directory it runs in: the scratch one.
cd "$work"
status=0
for who in office unit; do
  secret=$office
  [ "$who" = unit ] && secret=$unit
  echo "schemathesis: as the $who"
  if ! "$venv/bin/st" --no-color --config-file "$here/schemathesis.toml" run "$url/openapi.json" \
      --checks all --max-examples "$examples" --seed 14 --workers 1 \
      --baseline "$here/schemathesis-baseline.json" ${SCHEMATHESIS_BASELINE_UPDATE:+--baseline-update} \
      --phases examples,coverage,fuzzing \
      -H "Authorization: Bearer $secret" \
      --output-truncate false >"$work/$who.log" 2>&1; then
    status=1
    cat "$work/$who.log"
  else
    tail -n 15 "$work/$who.log"
  fi
done
if [ "$status" -ne 0 ]; then
  echo "schemathesis: the server's log:"
  tail -n 50 "$work/serve.log"
fi
exit "$status"
