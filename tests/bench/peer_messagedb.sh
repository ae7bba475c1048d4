#!/usr/bin/env bash
# peer_messagedb: safecity's durable appends against a PostgreSQL event store
# on the same machine in the same run.
#
# The peer is Message DB (the Eventide project's event store, @eventide/message-db
# from npm) on PostgreSQL 15 from Debian, both put into a temporary directory
# (a fresh cluster under DIR, on the filesystem engine_load writes to). pgbench
# sends N single-event appends (message_store.write_message, each its own
# transaction, synchronous_commit on, so each is durable when it returns) from
# C clients; then engine_load sends N commands from C clients to the embedded
# engine (fsync per group commit). The last line is the ratio:
#
#   Message DB 1.3.1, PostgreSQL 15.x: N durable appends, C clients: X appends/s
#   safecity engine_load: N commands, C clients: Y events/s
#   safecity / Message DB = R
#
#   bash tests/bench/peer_messagedb.sh [--appends N (20000)] [--clients C (64)]
#                                      [--build-dir DIR (build-bench)] [--dir DIR (/tmp/safecity-peer)]
#
# KEEP=1 leaves DIR (the cluster's log, pgbench's and engine_load's output) for a look.
# Run it as root on a Debian machine (it installs postgresql-15 with apt when it
# is missing, and runs the database as the `postgres` user), after a Release
# build: BUILD_TYPE=Release BUILD_DIR=build-bench bash deploy/build.sh
# Not part of the test command.
set -euo pipefail

appends=20000
clients=64
build_dir=build-bench
work=/tmp/safecity-peer
message_db_version=1.3.1
while [ $# -gt 0 ]; do
  case "$1" in
    --appends) appends="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --dir) work="$2"; shift 2 ;;
    *) echo "peer_messagedb: 未知参数 unknown option '$1'; use --appends N, --clients C, --build-dir DIR, --dir DIR" >&2; exit 2 ;;
  esac
done
case "$appends$clients" in *[!0-9]*) echo "peer_messagedb: --appends and --clients take whole numbers" >&2; exit 2 ;; esac
[ "$appends" -ge "$clients" ] || { echo "peer_messagedb: --appends must be at least --clients" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
engine_load="$root/$build_dir/tests/engine_load"
[ -x "$engine_load" ] || { echo "peer_messagedb: $engine_load is missing; build first: BUILD_TYPE=Release BUILD_DIR=$build_dir bash deploy/build.sh" >&2; exit 2; }

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/postgres" ] || [ ! -x "$pgbin/pgbench" ]; then
  [ "$(id -u)" = 0 ] || { echo "peer_messagedb: PostgreSQL 15 is missing; run as root to install it" >&2; exit 2; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15 >/dev/null
fi
command -v npm >/dev/null || { echo "peer_messagedb: npm is missing; bash deploy/setup.sh installs Node.js" >&2; exit 2; }

# PostgreSQL refuses to run as root: the cluster belongs to `postgres`.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

rm -rf "$work"
mkdir -p "$work"
pg="$work/pg"
mkdir -p "$pg"
[ "$(id -u)" = 0 ] && chown postgres: "$pg"
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# Message DB, from npm, into the temporary directory.
(cd "$work" && npm pack --silent "@eventide/message-db@$message_db_version" >/dev/null && tar xzf "eventide-message-db-$message_db_version.tgz")
chmod -R a+rX "$work/package"

port=$((20000 + RANDOM % 20000))
as_pg "$pgbin/initdb" -D "$pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durable as PostgreSQL ships (fsync, synchronous_commit, full_page_writes on);
# only the socket is private and the connection limit fits the clients.
as_pg "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w \
  -o "-k $pg -p $port -c listen_addresses='' -c max_connections=$((clients + 10)) -c shared_buffers=256MB" start >/dev/null
export PGHOST="$pg" PGPORT="$port" PGUSER=postgres
as_pg env PGHOST="$pg" PGPORT="$port" PGUSER=postgres bash "$work/package/database/install.sh" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; exit 3; }
pg_version="$(as_pg "$pgbin/postgres" --version | awk '{print $3}')"

# One append per transaction: a task event of the size safecity stores (about
# 500 bytes of data and metadata), to one of N/5 task streams (engine_load
# sends five commands per task).
streams=$((appends / 5))
cat >"$work/append.sql" <<SQL
\set task random(1, $streams)
SELECT message_store.write_message(gen_random_uuid()::varchar, 'task-B' || :task, 'TaskAcknowledged', ('{"task_id":"B' || :task || '","note":"已签收","acknowledged_by":"yanta","acknowledged_at":"2023-03-01T09:00:00+08:00","lead_unit":"yanta","title":"城镇燃气安全隐患整改","deadline":"2023-04-15","round_id":null,"source":{"kind":"direct"}}')::jsonb, ('{"command_id":"kB' || :task || '","correlation_id":"task-B' || :task || '","actor":{"id":"yanta","role":"unit"},"occurred_at":"2023-03-01T09:00:00+08:00","schema_version":1,"prev_hash":"9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60"}')::jsonb);
SQL
chmod a+r "$work/append.sql"
per_client=$((appends / clients))
as_pg env PGHOST="$pg" PGPORT="$port" "$pgbin/pgbench" -n -U message_store -c "$clients" -j 2 -t "$per_client" \
  -f "$work/append.sql" message_store >"$work/pgbench.log" 2>&1 || { cat "$work/pgbench.log" >&2; exit 3; }
mdb_rate="$(awk '/^tps = / {print $3; exit}' "$work/pgbench.log")"
written="$(as_pg env PGHOST="$pg" PGPORT="$port" psql -qtA -U postgres message_store -c 'SELECT count(*) FROM message_store.messages')"
as_pg "$pgbin/pg_ctl" -D "$pg/data" -m fast stop >/dev/null

"$engine_load" --commands "$appends" --clients "$clients" --dir "$work/engine" >"$work/engine.log" 2>&1 ||
  { cat "$work/engine.log" >&2; exit 3; }
engine_rate="$(sed -n 's/.* \([0-9][0-9]*\) events\/s$/\1/p' "$work/engine.log" | head -1)"
[ -n "$mdb_rate" ] && [ -n "$engine_rate" ] || { echo "peer_messagedb: could not read the rates" >&2; cat "$work/pgbench.log" "$work/engine.log" >&2; exit 3; }

printf 'Message DB %s, PostgreSQL %s: %s durable appends (%s written), %s clients: %.0f appends/s\n' \
  "$message_db_version" "$pg_version" "$((per_client * clients))" "$written" "$clients" "$mdb_rate"
printf 'safecity engine_load: %s commands, %s clients: %s events/s\n' "$appends" "$clients" "$engine_rate"
awk -v s="$engine_rate" -v m="$mdb_rate" 'BEGIN { printf "safecity / Message DB = %.2f\n", s / m }'
