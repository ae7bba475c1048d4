// kafka_http_load: the HTTP API on two Kafka engine nodes, end to end.
//
// Two engine nodes (kafka_node.h) run in this process against a real broker,
// each with the HTTP API beside it as `safecity serve --log kafka --http`
// assembles it (NodeGateway + ApiServer, on its own loopback port). Through
// node a it registers U units, each with a webhook key and T tasks, and waits
// until the cluster has settled. Then U client threads, one per unit's
// system, unit u's to node u % 2, post signed inbound webhooks that walk
// each of its tasks through acknowledge → submit_plan → start → submit, one
// request after another (tests/bench/unit_systems.h); every answer must be
// 200. A node answers a command once its own store holds its events,
// whichever node decided it. The clock stops at the last answer; the
// reactions (verifications requested, notifications) are then timed until
// the cluster has settled.
//
// The limit in the same run: every record the two nodes wrote to the events
// and results topics from the first request until settled, read back and
// produced again by raw librdkafka, idempotent, without transactions
// (tests/bench/kafka_bench.h), the broker's ceiling for these bytes. The last
// line is "HTTP on two Kafka nodes / raw idempotent = R" (events/s).
//
//   kafka_http_load --brokers HOST:PORT [--units U (8)] [--tasks T per unit (50)] [--partitions P (4)] [--dir DIR]
//
// Start a broker first: bash deploy/kafka/kafka.sh start --port 9092
// Exit code 1 when a request failed, 2 on bad arguments or a failure to start.
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "connectors/http/api_server.h"
#include "connectors/http/webhook_signature.h"
#include "connectors/kafka/client.h"
#include "connectors/kafka/cluster_gateway.h"
#include "connectors/kafka/kafka_node.h"
#include "connectors/kafka/node_gateway.h"
#include "connectors/kafka/topics.h"
#include "engine/sha256.h"
#include "engine/time_util.h"
#include "tests/bench/bench_command.h"
#include "tests/bench/kafka_bench.h"
#include "tests/bench/unit_systems.h"
#include "workflows/registry.h"

using namespace safecity;
using Clock = std::chrono::steady_clock;
using bench::Die;
using bench::Must;

namespace {

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }


// A node with its API, as server/serve.cc assembles one.
struct Node {
  std::unique_ptr<kafka::KafkaNode> node;
  std::unique_ptr<kafka::NodeGateway> gateway;
  std::unique_ptr<http::ApiServer> api;
  std::thread loop;
  Status ran;
};

void StartNode(const kafka::KafkaOptions& o, const std::string& dir, const std::string& id, const std::string& master_key,
               const std::atomic<bool>& stop, Node* out) {
  kafka::NodeOptions no;
  no.domain = &DefaultDomain();
  no.data_dir = dir;
  no.node_id = id;
  no.verbose = false;
  out->node = Must(kafka::KafkaNode::Open(o, no), "starting node " + id);
  kafka::KafkaNode* n = out->node.get();
  Must(n->Step(0), "node " + id + " catching up");
  out->gateway = Must(kafka::NodeGateway::Open(o, n->store(), 60000), "node " + id + "'s gateway");
  http::ApiOptions api;
  api.host = "127.0.0.1";
  api.port = 0;
  api.tick_every_s = 0;  // no clock ticks in the measured window
  api.webhook_master_key = master_key;
  api.dispatch.mine = [n](const std::string& stream) { return n->Owns(stream); };
  out->api = Must(http::ApiServer::Start(out->gateway.get(), api), "node " + id + "'s API");
  out->loop = std::thread([out, n, &stop] { out->ran = n->Run(stop); });
}

}  // namespace

int main(int argc, char** argv) {
  kafka::KafkaOptions o;
  int units = 8, tasks = 50;
  std::string dir = "/tmp/safecity-kafka-http-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--brokers")) o.brokers = argv[i + 1];
    else if (!std::strcmp(argv[i], "--tasks")) tasks = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--units")) units = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--partitions")) o.partitions = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    else Die(std::string("unknown option ") + argv[i] + "; see the comment at the top of tests/bench/kafka_http_load.cc");
  }
  if (o.brokers.empty()) Die("--brokers is needed; start a broker with: bash deploy/kafka/kafka.sh start --port 9092");
  if (tasks < 1 || units < 1 || units > 1000 || o.partitions < 1) Die("--tasks, --units (up to 1000) and --partitions must be at least 1");
  o.topic_prefix = "bench-http-" + std::to_string(getpid()) + "-" + std::to_string(NowMs());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  // One master key for both nodes, as an operator copies webhook.key to each.
  const std::string master = Must(http::LoadOrCreateWebhookMasterKey(dir + "/webhook.key"), "the webhook master key");

  std::atomic<bool> stop{false};
  Node a, b;
  StartNode(o, dir + "/node-a", "a", master, stop, &a);
  StartNode(o, dir + "/node-b", "b", master, stop, &b);
  auto cluster = Must(kafka::ClusterGateway::Open(o, dir + "/replica", 60000), "opening the cluster gateway");

  // Units, their keys and tasks, through node a, one thread per unit.
  const Actor office{"office", "office"};
  const char* at = "2026-11-01T09:00:00+08:00";
  std::atomic<int> setup_failed{0};
  auto must = [&](CommandEnvelope c) {
    CommandResult r = a.gateway->Submit(std::move(c));
    if (!r.status.ok() && setup_failed.fetch_add(1) < 3) std::fprintf(stderr, "setup: %s\n", r.body.dump().c_str());
  };
  {
    std::vector<std::thread> setup;
    for (int u = 0; u < units; ++u)
      setup.emplace_back([&, u] {
        const std::string unit = bench::UnitId(u), key = bench::KeyId(u);
        must(bench::Command("reg-" + unit, "unit.register", "unit-" + unit, office,
                            Json{{"id", unit}, {"name", "压测单位" + std::to_string(u)}, {"kind", "district"}}, at));
        must(bench::Command("whkey-" + key, "webhook_key.issue", "whkey-" + key, office,
                            Json{{"key_id", key}, {"unit", unit}, {"fingerprint", Sha256Hex(http::DeriveInboundSecret(master, key))}}, at));
        for (int t = 0; t < tasks; ++t) {
          const std::string task = bench::TaskId(u, t);
          must(bench::Command("assign-" + task, "task.assign", "task-" + task, office,
                              Json{{"task_id", task}, {"title", "城镇燃气安全隐患整改"}, {"lead_unit", unit}, {"deadline", "2031-04-15"}}, at));
        }
      });
    for (auto& t : setup) t.join();
  }
  if (setup_failed.load() > 0) Die("the setup failed");
  Must(bench::WaitSettled(cluster.get()), "settling");

  const bench::TopicEnds from = Must(bench::EndsNow(o), "the topics' ends");
  const kafka::NodeStats a0 = a.node->stats(), b0 = b.node->stats();

  const bench::SystemsRun run = bench::RunUnitSystems({a.api->port(), b.api->port()}, master, units, tasks, nullptr);
  const auto settle0 = Clock::now();
  Must(bench::WaitSettled(cluster.get()), "settling");
  const double settle_secs = Seconds(Clock::now() - settle0);
  const kafka::NodeStats a1 = a.node->stats(), b1 = b.node->stats();

  for (Node* n : {&a, &b}) n->api->Stop();
  stop.store(true);
  for (Node* n : {&a, &b}) {
    n->loop.join();
    n->gateway.reset();
    n->node->Close();
    if (!n->ran.ok()) Die("a node stopped: " + n->ran.ToString());
  }

  const bench::Written w = Must(bench::ReadBackWritten(o, from, Must(bench::EndsNow(o), "the topics' ends")), "reading back");
  const std::vector<bench::WrittenRecord>& written = w.records;
  const size_t events = w.events, bytes = w.bytes;
  if (events == 0) Die("the nodes logged no events; is the broker healthy?");
  kafka::KafkaOptions raw = o;
  raw.topic_prefix = o.topic_prefix + "-raw";
  const double raw_secs = Must(bench::ProduceRaw(raw, written, 0), "raw idempotent");

  const double window = run.secs + settle_secs;
  const double http_rate = static_cast<double>(events) / window, raw_rate = static_cast<double>(events) / raw_secs;
  std::printf("broker %s, %d partitions; two engine nodes in this process, each with the HTTP API on loopback\n", o.brokers.c_str(),
              o.partitions);
  std::printf("HTTP (POST /v1/webhooks/inbound, signed; %d units' systems, unit u's to node u %% 2, keep-alive)\n", units);
  std::printf("  requests %lld (failed %lld) in %.2f s: %.0f commands/s; latency ms p50 %.1f  p99 %.1f  max %.1f  (mean %.1f)\n",
              static_cast<long long>(run.requests), static_cast<long long>(run.failed), run.secs,
              static_cast<double>(run.requests) / run.secs, run.latency.p50, run.latency.p99, run.latency.max, run.latency.mean);
  std::printf("  then the reactions settled in %.2f s; node a decided %lld commands, node b %lld, in %lld + %lld transactions\n",
              settle_secs, static_cast<long long>(a1.commands - a0.commands), static_cast<long long>(b1.commands - b0.commands),
              static_cast<long long>(a1.transactions - a0.transactions), static_cast<long long>(b1.transactions - b0.transactions));
  std::printf("  %zu events (the requests' and their reactions'), %zu results, in %.2f s until settled: %.0f events/s\n", events,
              written.size() - events, window, http_rate);
  std::printf("raw librdkafka, the same %zu records (%.1f MB), idempotent, no transactions: %.2f s, %.0f events/s\n", written.size(),
              static_cast<double>(bytes) / 1e6, raw_secs, raw_rate);
  std::printf("HTTP on two Kafka nodes / raw idempotent = %.3f\n", http_rate / raw_rate);
  cluster.reset();
  std::filesystem::remove_all(dir);
  return run.failed > 0 ? 1 : 0;
}
