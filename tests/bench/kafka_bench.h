// What the Kafka benchmarks (kafka_load, kafka_http_load) share: waiting for
// the cluster to settle, and the physical limit — the records the engine
// nodes wrote during a run, read back, and produced again by raw librdkafka
// with the same producer settings (idempotent, acks=all, lz4, linger 2 ms)
// into fresh topics of the same partitions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/kafka/cluster_gateway.h"
#include "connectors/kafka/kafka_options.h"
#include "connectors/kafka/records.h"
#include "engine/status.h"

namespace safecity::bench {

// The benchmarks stop at the first failure: "<program>: <what>: <why>" on
// stderr, exit code 2.
[[noreturn]] void Die(const std::string& what);
void Must(const Status& s, const std::string& what);
template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what + ": " + r.status().ToString());
  return std::move(r.value());
}

struct WrittenRecord {
  int partition;
  bool event;  // else a result
  kafka::KafkaRecord record;
};

// Waits until every command sent has been decided and every event reacted
// to, for 10 minutes at most.
Status WaitSettled(kafka::ClusterGateway* g);

// The ends of the events and results topics now (per partition).
struct TopicEnds {
  std::vector<int64_t> events, results;
};
Result<TopicEnds> EndsNow(const kafka::KafkaOptions& o);

struct Written {
  std::vector<WrittenRecord> records;  // events, then results
  size_t events = 0;
  size_t bytes = 0;  // keys, values and headers
};
// The records written to the events and results topics between `from` and
// `to`, read back (read_committed).
Result<Written> ReadBackWritten(const kafka::KafkaOptions& o, const TopicEnds& from, const TopicEnds& to);

// Produces `records` into the topics of `o` (events or results, same
// partition), in `transactions` transactions when > 0; the seconds it took,
// from a producer that already has its id from the broker.
Result<double> ProduceRaw(const kafka::KafkaOptions& o, const std::vector<WrittenRecord>& records, int64_t transactions);

}  // namespace safecity::bench
