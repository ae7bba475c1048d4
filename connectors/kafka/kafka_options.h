// What an engine node or a client needs to reach the Kafka cluster, and the
// names and shape of its topics:
//
//   <prefix>.commands   commands, keyed by stream id; consumed by the engine
//                       nodes' consumer group: a partition's owner is the
//                       single writer of its streams
//   <prefix>.events     the events, CloudEvents 1.0 binary mode (cloudevents.h),
//                       keyed by stream id, in the partition of their command
//   <prefix>.results    each command's result (JSON), keyed by command id, in
//                       the partition of its command; clients wait on it
//   <prefix>.cluster    one compacted record: how the cluster partitions
//
// A stream's partition is the cluster's Partitioning (partitioning.h): murmur2
// of the stream id as Kafka's own clients compute it, FNV-1a on a cluster made
// before, the same in every process and on every machine.
#pragma once

#include <cstddef>
#include <string>

namespace safecity::kafka {

struct KafkaOptions {
  std::string brokers;                  // "127.0.0.1:9092,…"
  std::string topic_prefix = "safecity";
  int partitions = 4;                   // of each topic, when they are created
  int replication = 1;                  // replication factor when created; 3 in a cluster
  int min_insync_replicas = 1;          // 2 in a three-broker cluster
  int connect_timeout_ms = 10000;       // how long to wait for a broker before saying so
  int session_timeout_ms = 6000;        // a node that stops answering loses its partitions after this
  // A dead node's open transaction is aborted after this; until then readers
  // of its partitions wait. It must outlast a broker failing over (the
  // controller notices a dead broker after broker.session.timeout.ms, 9 s by
  // default): a transaction that times out meanwhile is aborted with its
  // producer fenced, and the node stops (restarted, it catches up).
  int transaction_timeout_ms = 30000;

  std::string commands_topic() const { return topic_prefix + ".commands"; }
  std::string events_topic() const { return topic_prefix + ".events"; }
  std::string results_topic() const { return topic_prefix + ".results"; }
  std::string cluster_topic() const { return topic_prefix + ".cluster"; }
  // The engine nodes' consumer group, and the stem of every other group and
  // transactional id of the cluster: "<prefix>-engine" ("safecity-engine" by
  // default, as before). Two clusters on the same brokers (two prefixes)
  // therefore never share a group, and node "a" of one never fences node "a"
  // of the other.
  std::string group() const { return topic_prefix + "-engine"; }
  // A node's transactional id: "<prefix>-engine-<node id>".
  std::string transactional_id(const std::string& node_id) const { return group() + "-" + node_id; }
};

}  // namespace safecity::kafka
