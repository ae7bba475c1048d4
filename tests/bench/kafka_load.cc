// kafka_load: the end-to-end load generator for the engine in Kafka mode.
//
// One engine node (kafka_node.h) runs in this process against a real broker.
// The load is rectification work as units send it: task.assign and
// task.acknowledge for N tasks, produced to the commands topic as fast as the
// producer takes them; the clock stops when the cluster is settled (every
// command decided, every event reacted to; cluster_gateway.h). The node's work
// per command: read it, catch up, decide, one Kafka transaction per partition
// and turn (events + results + consumer offsets), write the local store.
//
// In the same run it measures the physical limit: the records the node put in
// the events and results topics during the load, read back, produced again
// with the same producer settings (idempotent, acks=all, lz4, linger 2 ms)
// into two fresh topics of the same partitions:
//   - transactional, in as many transactions as the node committed;
//   - idempotent only, no transactions (the broker's ceiling for these bytes).
// It prints events/s for each and the ratios.
//
//   kafka_load --brokers HOST:PORT [--tasks N] [--units U] [--partitions P] [--dir DIR]
//
// Start a broker first: bash deploy/kafka/kafka.sh start --port 9092
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "connectors/kafka/client.h"
#include "connectors/kafka/cluster_gateway.h"
#include "connectors/kafka/kafka_node.h"
#include "connectors/kafka/partitioning.h"
#include "connectors/kafka/records.h"
#include "connectors/kafka/topics.h"
#include "engine/envelope.h"
#include "engine/time_util.h"
#include "tests/bench/bench_command.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "kafka_load: %s\n", what.c_str());
  std::exit(2);
}

template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what + ": " + r.status().ToString());
  return std::move(r.value());
}

void Send(rd_kafka_t* producer, const kafka::KafkaOptions& o, int partitions, const CommandEnvelope& c) {
  Status s = kafka::Produce(producer, o.commands_topic(), kafka::PartitionFor(c.stream, partitions), kafka::EncodeCommand(c));
  if (!s.ok()) Die("sending " + c.id + ": " + s.ToString());
  rd_kafka_poll(producer, 0);
}

// Waits until every command sent has been decided and every event reacted to.
void WaitSettled(kafka::ClusterGateway* g) {
  const auto deadline = Clock::now() + std::chrono::minutes(10);
  for (;;) {
    auto p = g->Progress();
    if (p.ok() && p.value().settled()) return;
    if (Clock::now() > deadline) Die("the node did not settle within 10 minutes");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

struct Written {
  int partition;
  bool event;  // else a result
  kafka::KafkaRecord record;
};

// The records of `topic` between `from` and `to` (per partition), read_committed.
void ReadBack(const kafka::KafkaOptions& o, const std::string& topic, const std::vector<int64_t>& from,
              const std::vector<int64_t>& to, bool event, std::vector<Written>* out) {
  auto c = Must(kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-readback"}, {"fetch.wait.max.ms", "10"}}), "reader");
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(static_cast<int>(from.size()));
  std::set<int> left;  // partitions not read to `to` yet
  for (size_t p = 0; p < from.size(); ++p) {
    if (to[p] <= from[p]) continue;
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), static_cast<int>(p))->offset = from[p];
    left.insert(static_cast<int>(p));
  }
  rd_kafka_assign(c.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  const auto deadline = Clock::now() + std::chrono::minutes(2);
  while (!left.empty() && Clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(c.get(), 100);
    if (!m) continue;
    const int64_t end = to[static_cast<size_t>(m->partition)];
    if (!m->err && m->offset < end)
      out->push_back(Written{m->partition, event, {kafka::KeyOf(m), kafka::ValueOf(m), kafka::HeadersOf(m)}});
    // The end is past the last record (transaction markers take offsets too).
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF || (!m->err && m->offset + 1 >= end)) left.erase(m->partition);
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(c.get());
  if (!left.empty()) Die("could not read back " + topic);
}

// Produces `records` into the topics of `o` (events or results, same
// partition), in `transactions` transactions when > 0; returns the seconds.
double ProduceRaw(const kafka::KafkaOptions& o, const std::vector<Written>& records, int64_t transactions) {
  Status topics = kafka::EnsureTopics(o).status();
  if (!topics.ok()) Die(topics.ToString());
  kafka::Settings extra;
  if (transactions > 0) extra["transactional.id"] = o.topic_prefix + "-raw";
  auto p = Must(kafka::MakeProducer(o, extra), "raw producer");
  auto check = [](rd_kafka_error_t* e, const char* what) {
    if (e) Die(std::string(what) + ": " + rd_kafka_error_string(e));
  };
  if (transactions > 0) check(rd_kafka_init_transactions(p.get(), 30000), "init_transactions");
  const size_t per = transactions > 0 ? (records.size() + static_cast<size_t>(transactions) - 1) / static_cast<size_t>(transactions)
                                      : records.size();
  auto t0 = Clock::now();
  for (size_t i = 0; i < records.size(); i += per) {
    if (transactions > 0) check(rd_kafka_begin_transaction(p.get()), "begin_transaction");
    for (size_t j = i; j < std::min(records.size(), i + per); ++j) {
      const Written& w = records[j];
      Status s = kafka::Produce(p.get(), w.event ? o.events_topic() : o.results_topic(), w.partition, w.record);
      if (!s.ok()) Die(s.ToString());
    }
    if (transactions > 0) check(rd_kafka_commit_transaction(p.get(), 30000), "commit_transaction");
  }
  if (rd_kafka_flush(p.get(), 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) Die("raw flush timed out");
  return Seconds(Clock::now() - t0);
}

}  // namespace

int main(int argc, char** argv) {
  kafka::KafkaOptions o;
  int tasks = 2000, units = 20;
  std::string dir = "/tmp/safecity-kafka-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--brokers")) o.brokers = argv[i + 1];
    else if (!std::strcmp(argv[i], "--tasks")) tasks = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--units")) units = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--partitions")) o.partitions = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    else Die(std::string("unknown option ") + argv[i] + "; see the comment at the top of tests/bench/kafka_load.cc");
  }
  if (o.brokers.empty()) Die("--brokers is needed; start a broker with: bash deploy/kafka/kafka.sh start --port 9092");
  if (tasks < 1 || units < 1 || o.partitions < 1) Die("--tasks, --units and --partitions must be at least 1");
  const std::string run = std::to_string(getpid()) + "-" + std::to_string(NowMs());
  o.topic_prefix = "bench-" + run;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  kafka::NodeOptions no;
  no.domain = &DefaultDomain();
  no.data_dir = dir + "/node";
  no.node_id = "bench";
  no.verbose = false;
  auto node = Must(kafka::KafkaNode::Open(o, no), "starting the node");
  std::atomic<bool> stop{false};
  Status node_status;
  std::thread loop([&] { node_status = node->Run(stop); });
  auto gateway = Must(kafka::ClusterGateway::Open(o, dir + "/replica", 60000), "opening the gateway");
  auto producer = Must(kafka::MakeProducer(o), "producer");
  const Actor office{"office", "office"};

  for (int u = 0; u < units; ++u) {
    std::string id = "u" + std::to_string(u);
    Send(producer.get(), o, o.partitions,
         bench::Command("reg-" + id, "unit.register", "unit-" + id, office,
                        Json{{"id", id}, {"name", "单位" + std::to_string(u)}, {"kind", "district"}}));
  }
  rd_kafka_flush(producer.get(), 60000);
  WaitSettled(gateway.get());

  auto reader = Must(kafka::MakeConsumer(o, {{"group.id", o.topic_prefix + "-ends"}}), "reader");
  auto events_from = Must(kafka::EndOffsets(reader.get(), o.events_topic(), o.partitions, 30000), "events end");
  auto results_from = Must(kafka::EndOffsets(reader.get(), o.results_topic(), o.partitions, 30000), "results end");
  const kafka::NodeStats base = node->stats();

  auto t0 = Clock::now();
  for (int i = 0; i < tasks; ++i) {
    std::string task = "K" + std::to_string(i), unit = "u" + std::to_string(i % units);
    Send(producer.get(), o, o.partitions,
         bench::Command("a" + task, "task.assign", "task-" + task, office,
                        Json{{"task_id", task}, {"title", "城镇燃气安全隐患整改"}, {"lead_unit", unit}, {"deadline", "2023-04-15"}}));
    Send(producer.get(), o, o.partitions,
         bench::Command("k" + task, "task.acknowledge", "task-" + task, Actor{unit, "unit"}, Json{{"note", "已签收"}}));
  }
  rd_kafka_flush(producer.get(), 60000);
  WaitSettled(gateway.get());
  const double engine_secs = Seconds(Clock::now() - t0);
  const kafka::NodeStats done = node->stats();
  stop.store(true);
  loop.join();
  node->Close();
  if (!node_status.ok()) Die("the node stopped: " + node_status.ToString());

  auto events_to = Must(kafka::EndOffsets(reader.get(), o.events_topic(), o.partitions, 30000), "events end");
  auto results_to = Must(kafka::EndOffsets(reader.get(), o.results_topic(), o.partitions, 30000), "results end");
  std::vector<Written> written;
  ReadBack(o, o.events_topic(), events_from, events_to, true, &written);
  ReadBack(o, o.results_topic(), results_from, results_to, false, &written);
  size_t bytes = 0, events = 0;
  for (const Written& w : written) {
    bytes += w.record.key.size() + w.record.value.size();
    for (const auto& [k, v] : w.record.headers) bytes += k.size() + v.size();
    if (w.event) ++events;
  }
  const int64_t commands = done.commands - base.commands, transactions = done.transactions - base.transactions;
  if (events == 0) Die("the node logged no events; is the broker healthy?");

  kafka::KafkaOptions raw_txn = o, raw_plain = o;
  raw_txn.topic_prefix = o.topic_prefix + "-raw-txn";
  raw_plain.topic_prefix = o.topic_prefix + "-raw-plain";
  const double txn_secs = ProduceRaw(raw_txn, written, std::max<int64_t>(1, transactions));
  const double plain_secs = ProduceRaw(raw_plain, written, 0);

  const double engine_rate = static_cast<double>(events) / engine_secs;
  const double txn_rate = static_cast<double>(events) / txn_secs;
  const double plain_rate = static_cast<double>(events) / plain_secs;
  std::printf("broker %s, %d partitions, one engine node in this process\n", o.brokers.c_str(), o.partitions);
  std::printf("engine (Kafka mode): %lld commands (%d tasks, assign + acknowledge, and reactions), %zu events, %zu results\n",
              static_cast<long long>(commands), tasks, events, written.size() - events);
  std::printf("  %.2f s: %.0f commands/s, %.0f events/s; %lld transactions, %.1f commands each, %.0f bytes/record\n",
              engine_secs, static_cast<double>(commands) / engine_secs, engine_rate, static_cast<long long>(transactions),
              static_cast<double>(commands) / static_cast<double>(std::max<int64_t>(1, transactions)),
              static_cast<double>(bytes) / static_cast<double>(written.size()));
  std::printf("raw librdkafka, the same %zu records (%.1f MB), same settings:\n", written.size(), static_cast<double>(bytes) / 1e6);
  std::printf("  in %lld transactions: %.2f s, %.0f events/s\n", static_cast<long long>(transactions), txn_secs, txn_rate);
  std::printf("  idempotent, no transactions: %.2f s, %.0f events/s\n", plain_secs, plain_rate);
  std::printf("engine / raw transactional = %.2f\n", engine_rate / txn_rate);
  std::printf("engine / raw idempotent = %.2f\n", engine_rate / plain_rate);
  gateway.reset();
  node.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
