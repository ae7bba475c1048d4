#include "connectors/kafka/topics.h"

#include <vector>

#include "connectors/kafka/client.h"
#include "connectors/kafka/records.h"

namespace safecity::kafka {

namespace {

Status Unreachable(const KafkaOptions& o, rd_kafka_resp_err_t err) {
  return Status::Storage("no Kafka broker answered at " + o.brokers + " within " + std::to_string(o.connect_timeout_ms / 1000) +
                         " s (" + rd_kafka_err2str(err) + "); start one with `deploy/kafka/kafka.sh start` or check --brokers");
}

// Partition counts of the wanted topics (0: missing), and the number of brokers.
Result<std::vector<int>> Describe(rd_kafka_t* rk, const KafkaOptions& o, const std::vector<std::string>& topics, int* brokers) {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, o.connect_timeout_ms);
  if (err) return Unreachable(o, err);
  std::vector<int> counts(topics.size(), 0);
  for (int i = 0; i < md->topic_cnt; ++i)
    for (size_t t = 0; t < topics.size(); ++t)
      if (topics[t] == md->topics[i].topic && md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR) counts[t] = md->topics[i].partition_cnt;
  if (brokers) *brokers = md->broker_cnt;
  rd_kafka_metadata_destroy(md);
  return counts;
}

}  // namespace

Result<int> TopicPartitions(const KafkaOptions& o, const std::string& topic) {
  auto rk = MakeProducer(o);
  if (!rk.ok()) return rk.status();
  auto counts = Describe(rk.value().get(), o, {topic}, nullptr);
  if (!counts.ok()) return counts.status();
  return counts.value()[0];
}

Status EnsureTopics(const KafkaOptions& o) {
  if (o.partitions < 1 || o.partitions > 1000) return Status::Invalid("partitions", "must be 1 to 1000");
  auto made = MakeProducer(o);
  if (!made.ok()) return made.status();
  rd_kafka_t* rk = made.value().get();
  const std::vector<std::string> topics{o.commands_topic(), o.events_topic(), o.results_topic()};
  int brokers = 0;
  auto counts = Describe(rk, o, topics, &brokers);
  if (!counts.ok()) return counts.status();
  // A cluster that has just started may not show all its brokers yet.
  RetryUntil(o.connect_timeout_ms, [&](int) {
    if (brokers >= o.replication) return RD_KAFKA_RESP_ERR_NO_ERROR;
    counts = Describe(rk, o, topics, &brokers);
    if (!counts.ok()) return RD_KAFKA_RESP_ERR__TRANSPORT;
    return brokers >= o.replication ? RD_KAFKA_RESP_ERR_NO_ERROR : RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS;
  });
  if (!counts.ok()) return counts.status();
  std::vector<rd_kafka_NewTopic_t*> wanted;
  char err[512];
  for (size_t t = 0; t < topics.size(); ++t) {
    if (counts.value()[t] == 0) {
      if (brokers < o.replication)
        return Status::Invalid("replication", "the cluster has " + std::to_string(brokers) + " broker(s), fewer than the replication factor " +
                                                  std::to_string(o.replication) + "; lower --replication or add brokers");
      rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topics[t].c_str(), o.partitions, o.replication, err, sizeof err);
      if (!nt) return Status::Invalid("partitions", err);
      rd_kafka_NewTopic_set_config(nt, "min.insync.replicas", std::to_string(o.min_insync_replicas).c_str());
      rd_kafka_NewTopic_set_config(nt, "retention.ms", "-1");
      wanted.push_back(nt);
    } else if (counts.value()[t] != o.partitions) {
      return Status::Invalid("partitions", "topic " + topics[t] + " has " + std::to_string(counts.value()[t]) +
                                               " partitions, not " + std::to_string(o.partitions) +
                                               "; start every node with --partitions " + std::to_string(counts.value()[t]));
    }
  }
  if (!wanted.empty()) {
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    rd_kafka_AdminOptions_t* opts = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(opts, o.connect_timeout_ms, err, sizeof err);
    rd_kafka_CreateTopics(rk, wanted.data(), wanted.size(), opts, q);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(q, o.connect_timeout_ms + 2000);
    Status s;
    if (!ev) {
      s = Status::Storage("creating the topics did not finish within " + std::to_string(o.connect_timeout_ms / 1000) + " s");
    } else if (rd_kafka_event_error(ev)) {
      s = Status::Storage(std::string("creating the topics: ") + rd_kafka_event_error_string(ev));
    } else {
      size_t n = 0;
      const rd_kafka_topic_result_t** res = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
      for (size_t i = 0; i < n && s.ok(); ++i) {
        rd_kafka_resp_err_t e = rd_kafka_topic_result_error(res[i]);
        // Another node may have created it at the same moment.
        if (e && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
          s = Status::Storage(std::string("creating topic ") + rd_kafka_topic_result_name(res[i]) + ": " +
                              (rd_kafka_topic_result_error_string(res[i]) ? rd_kafka_topic_result_error_string(res[i]) : rd_kafka_err2str(e)));
      }
    }
    if (ev) rd_kafka_event_destroy(ev);
    rd_kafka_AdminOptions_destroy(opts);
    rd_kafka_queue_destroy(q);
    rd_kafka_NewTopic_destroy_array(wanted.data(), wanted.size());
    if (!s.ok()) return s;
  }
  // Wait until the cluster shows every topic (a topic just created, here or
  // by another node at the same moment, takes a while to reach every
  // broker's metadata), then check the partition counts it shows.
  std::vector<int> seen;
  Status described;
  rd_kafka_resp_err_t shown = RetryUntil(o.connect_timeout_ms, [&](int) {
    auto now = Describe(rk, o, topics, nullptr);
    described = now.status();
    if (!now.ok()) return RD_KAFKA_RESP_ERR__TRANSPORT;
    seen = now.value();
    for (int n : seen)
      if (n == 0) return RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
    return RD_KAFKA_RESP_ERR_NO_ERROR;
  });
  if (!described.ok()) return described;
  for (size_t t = 0; t < topics.size(); ++t) {
    if (shown && seen[t] == 0)
      return Status::Storage("topic " + topics[t] + " was created but the cluster does not show it within " +
                             std::to_string(o.connect_timeout_ms / 1000) + " s; check the brokers' logs");
    if (seen[t] != o.partitions)
      return Status::Invalid("partitions", "topic " + topics[t] + " has " + std::to_string(seen[t]) + " partitions, not " +
                                               std::to_string(o.partitions) + "; start every node with --partitions " +
                                               std::to_string(seen[t]));
  }
  return Status::Ok();
}

}  // namespace safecity::kafka
