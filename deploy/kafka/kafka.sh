#!/usr/bin/env bash
# A real Apache Kafka broker on 127.0.0.1 for development and tests.
#
#   deploy/kafka/kafka.sh fetch                 fetch Kafka 4.4.0 from Maven Central (cached)
#   deploy/kafka/kafka.sh start [--nodes 1|3] [--dir DIR] [--port P]
#                                               format KRaft storage if new, start, wait until it answers
#   deploy/kafka/kafka.sh stop  [--dir DIR]     stop the nodes started in DIR (and wait until they are gone)
#   deploy/kafka/kafka.sh kill NODE [--dir DIR] kill -9 one node of a cluster (fault tests)
#   deploy/kafka/kafka.sh restart-node NODE [--dir DIR]
#   deploy/kafka/kafka.sh status [--dir DIR]    bootstrap servers of the running nodes, or exit 1
#   deploy/kafka/kafka.sh consumer-groups [--port P] ARGS…
#                                               Kafka's kafka-consumer-groups.sh (e.g. --describe --group
#                                               safecity-engine); --bootstrap-server 127.0.0.1:P unless given
#   deploy/kafka/kafka.sh topics [--port P] ARGS…  Kafka's kafka-topics.sh (e.g. --describe), the same way
#
# One node: a combined broker+controller on --port (default 9092), replication 1.
# Three nodes: combined nodes on P, P+1, P+2 (default 19092..19094), controllers on
# P+100.., replication factor 3, min.insync.replicas 2.
# Java 17 and Maven come from Debian (deploy/setup.sh); the jars from Maven Central
# through deploy/kafka/pom.xml into $SAFECITY_KAFKA_CACHE (default ~/.cache/safecity/kafka-4.4.0).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${SAFECITY_KAFKA_CACHE:-$HOME/.cache/safecity/kafka-4.4.0}"
LIB="$CACHE/lib"

die() { echo "kafka.sh: $*" >&2; exit 2; }

fetch() {
  # The stamp holds the pom's checksum: a pom that gained a jar fetches again.
  local want
  want="$(sha256sum <"$HERE/pom.xml" | cut -d' ' -f1)"
  if [ -f "$LIB/.complete" ] && [ "$(cat "$LIB/.complete")" = "$want" ]; then return 0; fi
  command -v mvn >/dev/null || die "mvn is missing; run deploy/setup.sh"
  command -v java >/dev/null || die "java is missing; run deploy/setup.sh"
  mkdir -p "$LIB"
  echo "kafka.sh: fetching Apache Kafka 4.4.0 from Maven Central into $LIB" >&2
  (cd "$HERE" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB") \
    || die "Maven could not fetch org.apache.kafka:kafka_2.13:4.4.0; is Maven Central reachable?"
  echo "$want" >"$LIB/.complete"
}

# Runs one of Kafka's command-line tools against the broker on --port (or
# the --bootstrap-server given).
kafka_tool() {  # class
  local class="$1" args=("${ARGS[@]}")
  fetch
  case " ${args[*]} " in
    *" --bootstrap-server "*) ;;
    *) args=(--bootstrap-server "127.0.0.1:$PORT" "${args[@]}") ;;
  esac
  "${JAVA[@]}" "$class" "${args[@]}"
}

JAVA=(java -Xms128m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
      -Dlog4j2.configurationFile="$HERE/log4j2.properties" -cp "$LIB/*")
run_java() { "${JAVA[@]}" "$@"; }  # class args...

NODES=1
DIR=""
PORT=""
ARGS=()
CMD="${1:-}"; shift || true
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
[ "$NODES" = 1 ] || [ "$NODES" = 3 ] || die "--nodes must be 1 or 3"
if [ -z "$PORT" ]; then if [ "$NODES" = 1 ]; then PORT=9092; else PORT=19092; fi; fi
DIR="${DIR:-${SAFECITY_KAFKA_DIR:-/tmp/safecity-kafka-$PORT}}"

node_port() { echo $((PORT + $1 - 1)); }
controller_port() { echo $((PORT + 100 + $1 - 1)); }

write_config() {  # node
  local n="$1" voters="" i
  for i in $(seq 1 "$NODES"); do voters="${voters:+$voters,}$i@127.0.0.1:$(controller_port "$i")"; done
  local rf=1 isr=1
  if [ "$NODES" = 3 ]; then rf=3; isr=2; fi
  cat >"$DIR/node$n/server.properties" <<EOF
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$(node_port "$n"),CONTROLLER://127.0.0.1:$(controller_port "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(node_port "$n")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DIR/node$n/data
num.partitions=4
default.replication.factor=$rf
min.insync.replicas=$isr
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=-1
log.segment.bytes=67108864
# a dead client's open transaction is aborted within a second of its timeout
transaction.abort.timed.out.transaction.cleanup.interval.ms=1000
# a killed broker's partitions get new leaders after 3 s, not 9 s (a
# development cluster on one machine: heartbeats cannot get lost on loopback)
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000
EOF
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_node() {  # node
  local n="$1"
  if [ -f "$DIR/node$n/pid" ] && kill -0 "$(cat "$DIR/node$n/pid")" 2>/dev/null; then  # already running
    touch "$DIR/node$n/already-running"
    return 0
  fi
  rm -f "$DIR/node$n/already-running"
  # the log of this start only, so that readiness is not read from an earlier run
  : >"$DIR/node$n/server.log"
  nohup "${JAVA[@]}" kafka.Kafka "$DIR/node$n/server.properties" >>"$DIR/node$n/server.log" 2>&1 </dev/null &
  echo $! >"$DIR/node$n/pid"
}

# Waits (with a deadline) until every node logs that it started and its port accepts connections.
wait_ready() {
  local deadline=$((SECONDS + ${SAFECITY_KAFKA_START_TIMEOUT:-90})) n
  for n in "$@"; do
    until { [ -f "$DIR/node$n/already-running" ] || grep -q "Kafka Server started" "$DIR/node$n/server.log" 2>/dev/null; } && listening "$(node_port "$n")"; do
      if ! kill -0 "$(cat "$DIR/node$n/pid")" 2>/dev/null; then
        tail -20 "$DIR/node$n/server.log" >&2
        die "node $n exited while starting; its log is $DIR/node$n/server.log"
      fi
      [ $SECONDS -lt "$deadline" ] || die "node $n did not start within ${SAFECITY_KAFKA_START_TIMEOUT:-90}s; see $DIR/node$n/server.log"
      sleep 0.2
    done
  done
}

bootstrap() {
  local out="" n
  for n in $(seq 1 "$NODES"); do out="${out:+$out,}127.0.0.1:$(node_port "$n")"; done
  echo "$out"
}

start() {
  fetch
  mkdir -p "$DIR"
  echo "$NODES $PORT" >"$DIR/cluster"
  local n cluster_id
  if [ ! -f "$DIR/cluster.id" ]; then run_java kafka.tools.StorageTool random-uuid >"$DIR/cluster.id"; fi
  cluster_id="$(tail -1 "$DIR/cluster.id")"
  for n in $(seq 1 "$NODES"); do
    mkdir -p "$DIR/node$n"
    write_config "$n"
    if [ ! -f "$DIR/node$n/data/meta.properties" ]; then
      run_java kafka.tools.StorageTool format -t "$cluster_id" -c "$DIR/node$n/server.properties" >>"$DIR/node$n/format.log" 2>&1 \
        || { cat "$DIR/node$n/format.log" >&2; die "formatting node $n failed"; }
    fi
    start_node "$n"
  done
  wait_ready $(seq 1 "$NODES")
  bootstrap
}

load_cluster() {
  [ -f "$DIR/cluster" ] || die "no Kafka started in $DIR"
  read -r NODES PORT <"$DIR/cluster"
}

stop_nodes() {  # signal node...
  local sig="$1" n pid deadline pids=()
  shift
  # Every node at once: a broker shutting down waits for the controller
  # quorum, which is gone once a majority has stopped one after the other.
  for n in "$@"; do
    [ -f "$DIR/node$n/pid" ] || continue
    pid="$(cat "$DIR/node$n/pid")"
    kill -"$sig" "$pid" 2>/dev/null || true
    pids+=("$pid")
  done
  deadline=$((SECONDS + 60))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge "$deadline" ]; then kill -9 "$pid" 2>/dev/null || true; fi
      sleep 0.1
    done
  done
  for n in "$@"; do rm -f "$DIR/node$n/pid"; done
}

case "$CMD" in
  fetch) fetch ;;
  start) start ;;
  stop)
    [ -f "$DIR/cluster" ] || exit 0
    load_cluster
    stop_nodes TERM $(seq 1 "$NODES") ;;
  kill)
    load_cluster
    [ "${#ARGS[@]}" = 1 ] || die "kill needs a node number"
    stop_nodes KILL "${ARGS[0]}" ;;
  restart-node)
    load_cluster
    [ "${#ARGS[@]}" = 1 ] || die "restart-node needs a node number"
    start_node "${ARGS[0]}"
    wait_ready "${ARGS[0]}" ;;
  status)
    load_cluster
    for n in $(seq 1 "$NODES"); do
      [ -f "$DIR/node$n/pid" ] && kill -0 "$(cat "$DIR/node$n/pid")" 2>/dev/null || { echo "node $n is down" >&2; exit 1; }
    done
    bootstrap ;;
  consumer-groups) kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  topics) kafka_tool org.apache.kafka.tools.TopicCommand ;;
  *) die "usage: kafka.sh fetch | start [--nodes 1|3] [--dir DIR] [--port P] | stop | kill N | restart-node N | status | consumer-groups ARGS… | topics ARGS…" ;;
esac
