#include "tests/kafka/kafka_test_util.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "connectors/kafka/client.h"
#include "connectors/kafka/records.h"

namespace safecity::testing {

using kafka::KafkaOptions;

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// Every record of `topic` as a read_committed consumer sees it.
std::vector<std::pair<std::string, kafka::Headers>> ReadAll(const KafkaOptions& o, const std::string& topic, int partitions,
                                                            std::vector<std::string>* values) {
  std::vector<std::pair<std::string, kafka::Headers>> out;
  auto c = kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-checker"}, {"fetch.wait.max.ms", "10"}});
  EXPECT_TRUE(c.ok());
  if (!c.ok()) return out;
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(c.value().get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  std::set<int> at_end;
  const int64_t deadline = NowMs() + 60000;
  while (static_cast<int>(at_end.size()) < partitions && NowMs() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(c.value().get(), 200);
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end.insert(m->partition);
    } else if (!m->err) {
      out.emplace_back(kafka::KeyOf(m), kafka::HeadersOf(m));
      if (values) values->push_back(kafka::ValueOf(m));
    }
    rd_kafka_message_destroy(m);
  }
  EXPECT_EQ(static_cast<int>(at_end.size()), partitions) << "read " << topic << " to its end";
  rd_kafka_consumer_close(c.value().get());
  return out;
}

// The events topic holds each event exactly once, every stream's versions run
// 1..n without a gap, and the command ids given all have their events there.
void ExpectEventsExactlyOnce(const KafkaOptions& o, const std::set<std::string>& commands) {
  std::vector<std::string> values;
  auto records = ReadAll(o, o.events_topic(), o.partitions, &values);
  std::map<std::string, int> seen;               // event id -> times
  std::map<std::string, std::vector<int64_t>> versions;  // stream -> versions in log order
  std::set<std::string> causes;
  for (size_t i = 0; i < records.size(); ++i) {
    auto e = kafka::DecodeEvent(records[i].first, values[i], records[i].second);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ++seen[e.value().id];
    versions[e.value().stream].push_back(e.value().version);
    causes.insert(e.value().causation_id);
  }
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << "event " << id << " is in the events topic " << n << " times";
  for (const auto& [stream, vs] : versions)
    for (size_t k = 0; k < vs.size(); ++k) ASSERT_EQ(vs[k], static_cast<int64_t>(k + 1)) << stream << " has a gap or a repeat";
  for (const std::string& c : commands) EXPECT_TRUE(causes.count(c)) << "accepted command " << c << " has no event in the log";
}

// Results on the results topic: command id -> its results' bodies.
std::map<std::string, std::vector<Json>> Results(const KafkaOptions& o) {
  std::vector<std::string> values;
  auto records = ReadAll(o, o.results_topic(), o.partitions, &values);
  std::map<std::string, std::vector<Json>> out;
  for (size_t i = 0; i < records.size(); ++i) out[records[i].first].push_back(Json::parse(values[i]));
  return out;
}

TopicRecords::TopicRecords(const kafka::KafkaOptions& o, const std::string& topic, int partitions) {
  auto c = kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-wait"}});
  if (!c.ok()) return;
  consumer_ = std::move(c.value());
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_END;
  rd_kafka_assign(consumer_.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
}

void TopicRecords::operator()(int ms) {
  if (!consumer_) return;
  // Blocks until a record (or an end-of-partition mark) arrives, then takes what else is there.
  for (rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_.get(), ms); m; m = rd_kafka_consumer_poll(consumer_.get(), 0))
    rd_kafka_message_destroy(m);
}

}  // namespace safecity::testing
