// The three topics (kafka_options.h), created when missing with the configured
// partitions, replication factor and min.insync.replicas, then checked:
// unreachable brokers, a topic with another partition count, or too few
// brokers for the replication factor are one-line errors that say what to do,
// within connect_timeout_ms — never a hang.
#pragma once

#include "connectors/kafka/kafka_options.h"
#include "engine/status.h"

namespace safecity::kafka {

Status EnsureTopics(const KafkaOptions& options);

// Partition count of `topic`, 0 when it does not exist; an error when no broker answers.
Result<int> TopicPartitions(const KafkaOptions& options, const std::string& topic);

}  // namespace safecity::kafka
