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
#include "tests/bench/kafka_bench.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;
using bench::Die;
using bench::Must;

namespace {

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }


void Send(rd_kafka_t* producer, const kafka::KafkaOptions& o, int partitions, const CommandEnvelope& c) {
  Status s = kafka::Produce(producer, o.commands_topic(), kafka::PartitionFor(c.stream, partitions), kafka::EncodeCommand(c));
  if (!s.ok()) Die("sending " + c.id + ": " + s.ToString());
  rd_kafka_poll(producer, 0);
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
  Must(bench::WaitSettled(gateway.get()), "settling");

  const bench::TopicEnds from = Must(bench::EndsNow(o), "the topics' ends");
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
  Must(bench::WaitSettled(gateway.get()), "settling");
  const double engine_secs = Seconds(Clock::now() - t0);
  const kafka::NodeStats done = node->stats();
  stop.store(true);
  loop.join();
  node->Close();
  if (!node_status.ok()) Die("the node stopped: " + node_status.ToString());

  const bench::Written w = Must(bench::ReadBackWritten(o, from, Must(bench::EndsNow(o), "the topics' ends")), "reading back");
  const std::vector<bench::WrittenRecord>& written = w.records;
  const size_t events = w.events, bytes = w.bytes;
  const int64_t commands = done.commands - base.commands, transactions = done.transactions - base.transactions;
  if (events == 0) Die("the node logged no events; is the broker healthy?");

  kafka::KafkaOptions raw_txn = o, raw_plain = o;
  raw_txn.topic_prefix = o.topic_prefix + "-raw-txn";
  raw_plain.topic_prefix = o.topic_prefix + "-raw-plain";
  const double txn_secs = Must(bench::ProduceRaw(raw_txn, written, std::max<int64_t>(1, transactions)), "raw transactional");
  const double plain_secs = Must(bench::ProduceRaw(raw_plain, written, 0), "raw idempotent");

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
