// The three topics (kafka_options.h), created when missing with the configured
// partitions, replication factor and min.insync.replicas, then checked:
// unreachable brokers, a topic with another partition count, or too few
// brokers for the replication factor are one-line errors that say what to do,
// within connect_timeout_ms — never a hang.
//
// A cluster made by this version also has "<prefix>.cluster" (compacted, one
// partition), made before the other three; its record "partitioner" says how
// streams find their partitions (partitioning.h). A cluster whose commands
// topic exists without it was made before and keeps FNV-1a.
#pragma once

#include "connectors/kafka/kafka_options.h"
#include "connectors/kafka/partitioning.h"
#include "engine/status.h"

namespace safecity::kafka {

// Returns how the cluster partitions (partitioning.h).
Result<Partitioning> EnsureTopics(const KafkaOptions& options);

// How an existing cluster partitions: the commands topic's partition count
// (0 when the cluster does not exist) and its partitioner.
Result<Partitioning> ClusterPartitioning(const KafkaOptions& options);

// Partition count of `topic`, 0 when it does not exist; an error when no broker answers.
Result<int> TopicPartitions(const KafkaOptions& options, const std::string& topic);

}  // namespace safecity::kafka
