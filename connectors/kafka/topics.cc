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

// Creates `topics` (`partitions` each, compacted when `compacted`); a topic
// another node created at the same moment is no error.
Status Create(rd_kafka_t* rk, const KafkaOptions& o, const std::vector<std::string>& topics, int partitions, bool compacted) {
  std::vector<rd_kafka_NewTopic_t*> wanted;
  char err[512];
  for (const std::string& t : topics) {
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(t.c_str(), partitions, o.replication, err, sizeof err);
    if (!nt) {
      rd_kafka_NewTopic_destroy_array(wanted.data(), wanted.size());
      return Status::Invalid("partitions", err);
    }
    rd_kafka_NewTopic_set_config(nt, "min.insync.replicas", std::to_string(o.min_insync_replicas).c_str());
    if (compacted) {
      rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "compact");
    } else {
      rd_kafka_NewTopic_set_config(nt, "retention.ms", "-1");
    }
    wanted.push_back(nt);
  }
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
  return s;
}

// Waits until the cluster shows every one of `topics` (a topic just created,
// here or by another node at the same moment, takes a while to reach every
// broker's metadata); their partition counts as shown.
Result<std::vector<int>> AwaitShown(rd_kafka_t* rk, const KafkaOptions& o, const std::vector<std::string>& topics) {
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
  for (size_t t = 0; t < topics.size(); ++t)
    if (shown && seen[t] == 0)
      return Status::Storage("topic " + topics[t] + " was created but the cluster does not show it within " +
                             std::to_string(o.connect_timeout_ms / 1000) + " s; check the brokers' logs");
  return seen;
}

// The record an operator reads on "<prefix>.cluster": how the cluster partitions.
Status WriteClusterRecord(const KafkaOptions& o) {
  auto producer = MakeProducer(o);
  if (!producer.ok()) return producer.status();
  KafkaRecord r;
  r.key = "partitioner";
  r.value = std::string("{\"partitioner\":\"") + PartitionerName(Partitioner::kMurmur2) + "\",\"key\":\"stream id\"}";
  Status s = Produce(producer.value().get(), o.cluster_topic(), 0, r);
  if (!s.ok()) return s;
  rd_kafka_resp_err_t err = rd_kafka_flush(producer.value().get(), o.connect_timeout_ms);
  if (err) return Status::Storage(std::string("writing to ") + o.cluster_topic() + ": " + rd_kafka_err2str(err));
  return Status::Ok();
}

}  // namespace

Result<Partitioning> ClusterPartitioning(const KafkaOptions& o) {
  auto rk = MakeProducer(o);
  if (!rk.ok()) return rk.status();
  auto counts = Describe(rk.value().get(), o, {o.commands_topic(), o.cluster_topic()}, nullptr);
  if (!counts.ok()) return counts.status();
  return Partitioning{counts.value()[0], counts.value()[1] > 0 ? Partitioner::kMurmur2 : Partitioner::kFnv1a};
}

Result<int> TopicPartitions(const KafkaOptions& o, const std::string& topic) {
  auto rk = MakeProducer(o);
  if (!rk.ok()) return rk.status();
  auto counts = Describe(rk.value().get(), o, {topic}, nullptr);
  if (!counts.ok()) return counts.status();
  return counts.value()[0];
}

Result<Partitioning> EnsureTopics(const KafkaOptions& o) {
  if (o.partitions < 1 || o.partitions > 1000) return Status::Invalid("partitions", "must be 1 to 1000");
  auto made = MakeProducer(o);
  if (!made.ok()) return made.status();
  rd_kafka_t* rk = made.value().get();
  const std::vector<std::string> topics{o.commands_topic(), o.events_topic(), o.results_topic(), o.cluster_topic()};
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
  const bool commands_exist = counts.value()[0] > 0;
  const bool marked = counts.value()[3] > 0;
  std::vector<std::string> missing;
  for (size_t t = 0; t < 3; ++t) {
    if (counts.value()[t] == 0) {
      missing.push_back(topics[t]);
    } else if (counts.value()[t] != o.partitions) {
      return Status::Invalid("partitions", "topic " + topics[t] + " has " + std::to_string(counts.value()[t]) +
                                               " partitions, not " + std::to_string(o.partitions) +
                                               "; start every node with --partitions " + std::to_string(counts.value()[t]));
    }
  }
  const bool mark_needed = !commands_exist && !marked;
  if ((!missing.empty() || mark_needed) && brokers < o.replication)
    return Status::Invalid("replication", "the cluster has " + std::to_string(brokers) + " broker(s), fewer than the replication factor " +
                                              std::to_string(o.replication) + "; lower --replication or add brokers");
  // A new cluster is marked as partitioning with murmur2 before its commands
  // topic exists, and the mark is shown before that topic is made: whoever
  // sees the commands topic sees the mark too (brokers apply the cluster's
  // metadata in order). A commands topic without the mark is a cluster made
  // before murmur2, which keeps FNV-1a.
  if (mark_needed) {
    Status s = Create(rk, o, {o.cluster_topic()}, 1, /*compacted=*/true);
    if (!s.ok()) return s;
    auto shown = AwaitShown(rk, o, {o.cluster_topic()});
    if (!shown.ok()) return shown.status();
  }
  if (!commands_exist) {  // also after a node that stopped between the mark and the topics
    Status s = WriteClusterRecord(o);
    if (!s.ok()) return s;
  }
  const Partitioner partitioner = commands_exist && !marked ? Partitioner::kFnv1a : Partitioner::kMurmur2;
  if (!missing.empty()) {
    Status s = Create(rk, o, missing, o.partitions, /*compacted=*/false);
    if (!s.ok()) return s;
  }
  auto seen = AwaitShown(rk, o, {o.commands_topic(), o.events_topic(), o.results_topic()});
  if (!seen.ok()) return seen.status();
  for (size_t t = 0; t < 3; ++t)
    if (seen.value()[t] != o.partitions)
      return Status::Invalid("partitions", "topic " + topics[t] + " has " + std::to_string(seen.value()[t]) + " partitions, not " +
                                               std::to_string(o.partitions) + "; start every node with --partitions " +
                                               std::to_string(seen.value()[t]));
  return Partitioning{o.partitions, partitioner};
}

}  // namespace safecity::kafka
