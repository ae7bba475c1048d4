#include "cli/serve.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "connectors/kafka/kafka_node.h"

namespace safecity::cli {

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop.store(true); }

struct ServeOptions {
  std::string log = "embedded";
  std::string node_id;
  int partitions = 4;
  int replication = 1;
  int min_insync = 0;  // 0: replication - 1, at least 1
};

// A node id that stays the same across restarts of the same node: the host
// and the data directory.
std::string DefaultNodeId(const std::string& data) {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  std::error_code ec;
  std::string dir = std::filesystem::absolute(data, ec).filename().string();
  std::string id = std::string(host) + "-" + dir;
  for (char& c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '-';
  return id;
}

int Serve(const Globals& g, const ServeOptions& o) {
  if (o.log != "kafka")
    return Fail(Status::Invalid("--log", "only `--log kafka` runs as a server so far; the embedded engine runs in each CLI command"));
  if (g.brokers.empty()) return Fail(Status::Invalid("--brokers", "is needed with --log kafka, e.g. --brokers 127.0.0.1:9092"));
  kafka::KafkaOptions ko;
  ko.brokers = g.brokers;
  ko.topic_prefix = g.topic_prefix;
  ko.partitions = o.partitions;
  ko.replication = o.replication;
  ko.min_insync_replicas = o.min_insync > 0 ? o.min_insync : std::max(1, o.replication - 1);
  kafka::NodeOptions no;
  no.data_dir = g.data;
  no.node_id = o.node_id.empty() ? DefaultNodeId(g.data) : o.node_id;
  no.catch_up_timeout_ms = g.timeout_s * 1000;
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  auto node = kafka::KafkaNode::Open(ko, no);
  if (!node.ok()) return Fail(node.status());
  std::cerr << "node " << no.node_id << ": serving " << ko.topic_prefix << ".* on " << ko.brokers << " with data in " << g.data
            << "; stop with Ctrl-C or SIGTERM\n";
  Status s = node.value()->Run(g_stop);
  node.value()->Close();
  auto st = node.value()->stats();
  std::cerr << "node " << no.node_id << ": stopped after " << st.commands << " commands, " << st.events << " events decided, "
            << st.followed << " followed, " << st.reactions << " reactions sent\n";
  if (!s.ok()) return Fail(s);
  return 0;
}

}  // namespace

void AddServe(CLI::App& app, Globals& g, int& rc) {
  static ServeOptions o;
  auto* serve = app.add_subcommand("serve", "run this machine's engine node until SIGTERM (--log kafka --brokers …)");
  serve->add_option("--log", o.log, "where the events are logged: kafka (a cluster node)")->check(CLI::IsMember({"embedded", "kafka"}));
  serve->add_option("--node-id", o.node_id, "this node's id, unique in the cluster and the same after a restart (default: host-datadir)");
  serve->add_option("--topic-partitions", o.partitions, "partitions of each topic when they are created (default 4)")
      ->check(CLI::Range(1, 1000));
  serve->add_option("--replication", o.replication, "replication factor when topics are created (default 1; 3 in a cluster)")
      ->check(CLI::Range(1, 16));
  serve->add_option("--min-insync", o.min_insync, "min.insync.replicas when topics are created (default replication - 1)")
      ->check(CLI::Range(1, 16));
  serve->callback([&rc, &g] { rc = Serve(g, o); });
}

}  // namespace safecity::cli
