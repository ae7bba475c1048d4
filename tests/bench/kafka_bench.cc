#include "tests/bench/kafka_bench.h"

#include <librdkafka/rdkafka.h>

#include <errno.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <set>
#include <thread>

#include "connectors/kafka/client.h"
#include "connectors/kafka/topics.h"

namespace safecity::bench {

namespace {
using Clock = std::chrono::steady_clock;
}

void Die(const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", program_invocation_short_name, what.c_str());
  std::exit(2);
}

void Must(const Status& s, const std::string& what) {
  if (!s.ok()) Die(what + ": " + s.ToString());
}

Status WaitSettled(kafka::ClusterGateway* g) {
  const auto deadline = Clock::now() + std::chrono::minutes(10);
  for (;;) {
    auto p = g->Progress();
    if (p.ok() && p.value().settled()) return Status::Ok();
    if (Clock::now() > deadline) return Status::Storage("the cluster did not settle within 10 minutes");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Result<TopicEnds> EndsNow(const kafka::KafkaOptions& o) {
  auto reader = kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-ends"}});
  if (!reader.ok()) return reader.status();
  auto events = kafka::EndOffsets(reader.value().get(), o.events_topic(), o.partitions, 30000);
  if (!events.ok()) return events.status();
  auto results = kafka::EndOffsets(reader.value().get(), o.results_topic(), o.partitions, 30000);
  if (!results.ok()) return results.status();
  return TopicEnds{events.value(), results.value()};
}

namespace {

// The records of `topic` between `from` and `to` (per partition), read_committed.
Status ReadBack(const kafka::KafkaOptions& o, const std::string& topic, const std::vector<int64_t>& from, const std::vector<int64_t>& to,
                bool event, std::vector<WrittenRecord>* out) {
  auto c = kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-readback"}, {"fetch.wait.max.ms", "10"}});
  if (!c.ok()) return c.status();
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(static_cast<int>(from.size()));
  std::set<int> left;  // partitions not read to `to` yet
  for (size_t p = 0; p < from.size(); ++p) {
    if (to[p] <= from[p]) continue;
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), static_cast<int>(p))->offset = from[p];
    left.insert(static_cast<int>(p));
  }
  rd_kafka_assign(c.value().get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  const auto deadline = Clock::now() + std::chrono::minutes(2);
  while (!left.empty() && Clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(c.value().get(), 100);
    if (!m) continue;
    const int64_t end = to[static_cast<size_t>(m->partition)];
    if (!m->err && m->offset < end)
      out->push_back(WrittenRecord{m->partition, event, {kafka::KeyOf(m), kafka::ValueOf(m), kafka::HeadersOf(m)}});
    // The end is past the last record (transaction markers take offsets too).
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF || (!m->err && m->offset + 1 >= end)) left.erase(m->partition);
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(c.value().get());
  if (!left.empty()) return Status::Storage("could not read back " + topic + " within 2 minutes");
  return Status::Ok();
}

}  // namespace

Result<Written> ReadBackWritten(const kafka::KafkaOptions& o, const TopicEnds& from, const TopicEnds& to) {
  Written w;
  Status s = ReadBack(o, o.events_topic(), from.events, to.events, true, &w.records);
  if (s.ok()) s = ReadBack(o, o.results_topic(), from.results, to.results, false, &w.records);
  if (!s.ok()) return s;
  for (const WrittenRecord& r : w.records) {
    w.bytes += r.record.key.size() + r.record.value.size();
    for (const auto& [k, v] : r.record.headers) w.bytes += k.size() + v.size();
    if (r.event) ++w.events;
  }
  return w;
}

Result<double> ProduceRaw(const kafka::KafkaOptions& o, const std::vector<WrittenRecord>& records, int64_t transactions) {
  Status topics = kafka::EnsureTopics(o).status();
  if (!topics.ok()) return topics;
  kafka::Settings extra;
  if (transactions > 0) extra["transactional.id"] = o.topic_prefix + "-raw";
  auto producer = kafka::MakeProducer(o, extra);
  if (!producer.ok()) return producer.status();
  rd_kafka_t* p = producer.value().get();
  auto failed = [](rd_kafka_error_t* e, const char* what) -> Status {
    if (!e) return Status::Ok();
    Status s = Status::Storage(std::string(what) + ": " + rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    return s;
  };
  if (transactions > 0) {
    Status s = failed(rd_kafka_init_transactions(p, 30000), "init_transactions");
    if (!s.ok()) return s;
  }
  // An idempotent producer gets its id from the broker with its first
  // record, and each new partition its leader: that happens before the
  // clock starts (as init_transactions does it for a transactional one),
  // with one warm-up record into each partition the run writes, outside the
  // timed run.
  if (transactions == 0) {
    std::set<std::pair<bool, int>> warm;
    for (const WrittenRecord& w : records) {
      if (!warm.insert({w.event, w.partition}).second) continue;
      Status s = kafka::Produce(p, w.event ? o.events_topic() : o.results_topic(), w.partition, w.record);
      if (!s.ok()) return s;
    }
    if (rd_kafka_flush(p, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Storage("raw warm-up flush timed out");
  }
  const size_t per = transactions > 0 ? (records.size() + static_cast<size_t>(transactions) - 1) / static_cast<size_t>(transactions)
                                      : records.size();
  const auto t0 = Clock::now();
  for (size_t i = 0; i < records.size(); i += std::max<size_t>(1, per)) {
    if (transactions > 0) {
      Status s = failed(rd_kafka_begin_transaction(p), "begin_transaction");
      if (!s.ok()) return s;
    }
    for (size_t j = i; j < std::min(records.size(), i + std::max<size_t>(1, per)); ++j) {
      const WrittenRecord& w = records[j];
      Status s = kafka::Produce(p, w.event ? o.events_topic() : o.results_topic(), w.partition, w.record);
      if (!s.ok()) return s;
    }
    if (transactions > 0) {
      Status s = failed(rd_kafka_commit_transaction(p, 30000), "commit_transaction");
      if (!s.ok()) return s;
    }
  }
  if (rd_kafka_flush(p, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Storage("raw flush timed out");
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace safecity::bench
