#include "cli/serve.h"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "connectors/http/api_server.h"
#include "connectors/http/openapi.h"
#include "connectors/http/webhook_signature.h"
#include "cli/sd_notify.h"
#include "cli/serving.h"
#include "engine/service_log.h"
#include "cli/webhook_cli.h"
#include "connectors/kafka/kafka_node.h"
#include "connectors/kafka/node_gateway.h"
#include "engine/checkpoint.h"
#include "engine/checkpoint_publisher.h"
#include "engine/engine.h"

namespace safecity::cli {

namespace {

struct ServeOptions {
  std::string log = "embedded";
  std::string node_id;
  int partitions = 4;
  int replication = 1;
  int min_insync = 0;  // 0: replication - 1, at least 1
  std::string http;    // HOST:PORT of the HTTP API
  size_t max_body = 1 << 20;
  int tick_every = 60;
  // Signed checkpoints (engine/checkpoint_publisher.h).
  std::string signing_key;
  int64_t checkpoint_events = 10000;
  int checkpoint_seconds = 3600;
  std::string checkpoint_out;
  int failed_auth_burst = 20;
  http::ConnectionLimits limits;
  std::string log_format = "text";  // or json (engine/service_log.h)
  bool access_log = false;
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

// --http HOST:PORT into `api`, with the options every server shares.
Status ParseHttp(const ServeOptions& o, http::ApiOptions* api) {
  size_t colon = o.http.rfind(':');
  api->host = o.http.substr(0, colon == std::string::npos ? 0 : colon);
  const std::string port = colon == std::string::npos ? "" : o.http.substr(colon + 1);
  if (api->host.empty() || port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
      std::stoi(port) > 65535)
    return Status::Invalid("--http", "'" + o.http + "' is not HOST:PORT; e.g. --http 127.0.0.1:8080 (port 0: any free port)");
  api->port = std::stoi(port);
  api->max_body_bytes = o.max_body;
  api->tick_every_s = o.tick_every;
  api->failed_auth_burst = o.failed_auth_burst;
  api->limits = o.limits;
  api->access_log = o.access_log;
  http::RaiseOpenFileLimit();
  return Status::Ok();
}

// SIGTERM and SIGINT are taken by sigwait: blocked here, before any thread
// starts, so that no other thread receives them.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// The embedded engine behind the HTTP API, until SIGTERM.
int ServeHttp(const Globals& g, const ServeOptions& o) {
  if (o.http.empty())
    return Fail(Status::Invalid("--http", "is needed with the embedded log, e.g. --http 127.0.0.1:8080 (or run a Kafka node with --log kafka)"));
  http::ApiOptions api;
  Status parsed = ParseHttp(o, &api);
  if (!parsed.ok()) return Fail(parsed);
  sigset_t signals = BlockStopSignals();
  Status served = NotServed(g.data);
  if (!served.ok()) return Fail(served);
  EngineOptions eo;
  eo.data_dir = g.data;
  eo.partitions = g.partitions;
  eo.create_if_missing = true;
  eo.lock_wait_ms = g.timeout_s * 1000;
  auto engine = Engine::Open(eo);
  if (!engine.ok()) return Fail(engine.status());
  auto master = http::LoadOrCreateWebhookMasterKey(WebhookKeyPath(g));
  if (!master.ok()) return Fail(master.status());
  api.webhook_master_key = master.value();
  std::shared_ptr<checkpoint::SigningKey> key;
  if (!o.signing_key.empty()) {
    auto loaded = checkpoint::SigningKey::Load(o.signing_key, g.data);
    if (!loaded.ok()) return Fail(loaded.status());
    key = loaded.value();
  }
  auto server = http::ApiServer::Start(engine.value().get(), api);
  if (!server.ok()) return Fail(server.status());
  std::unique_ptr<CheckpointPublisher> checkpoints;
  if (key) {
    CheckpointPublishOptions co;
    co.every_events = o.checkpoint_events;
    co.every_seconds = o.checkpoint_seconds;
    co.out_path = o.checkpoint_out;
    checkpoints = std::make_unique<CheckpointPublisher>(engine.value().get(), key, co, [](const Status& s) {
      service_log::Write("error", "serve", "signed checkpoint: " + s.ToString());
    });
  }
  const std::string url = "http://" + api.host + ":" + std::to_string(server.value()->port());
  // Commands on the same directory are told to come here (cli/serving.h).
  Status marked = WriteServing(g.data, url);
  if (!marked.ok()) service_log::Write("warning", "serve", marked.ToString());
  // The port is printed so that a script that asked for port 0 can find it.
  std::cout << "serving " << url << " with data in " << g.data << "; stop with Ctrl-C or SIGTERM" << std::endl;
  NotifyServiceManager("READY=1");
  int signal = 0;
  sigwait(&signals, &signal);
  NotifyServiceManager("STOPPING=1");
  server.value()->Stop();
  if (checkpoints) checkpoints->Stop();  // a last checkpoint of everything served
  RemoveServing(g.data);
  service_log::Write("info", "serve", "stopped");
  return 0;
}

// An engine node of a Kafka cluster, with the HTTP API when --http is given,
// until SIGTERM. The node's loop runs on its own thread; a stop first ends the
// API (the requests in flight are answered while the node still decides),
// then the loop. A node that fails stops the process the same way.
int ServeKafka(const Globals& g, const ServeOptions& o) {
  if (g.brokers.empty()) return Fail(Status::Invalid("--brokers", "is needed with --log kafka, e.g. --brokers 127.0.0.1:9092"));
  http::ApiOptions api;
  if (!o.http.empty()) {
    Status parsed = ParseHttp(o, &api);
    if (!parsed.ok()) return Fail(parsed);
  }
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
  sigset_t signals = BlockStopSignals();
  auto node = kafka::KafkaNode::Open(ko, no);
  if (!node.ok()) return Fail(node.status());
  kafka::KafkaNode* n = node.value().get();
  std::unique_ptr<kafka::NodeGateway> gateway;
  std::unique_ptr<http::ApiServer> server;
  if (!o.http.empty()) {
    // The API reads the node's store: it answers once the store has caught up.
    Status caught = n->Step(0);
    if (!caught.ok()) return Fail(caught);
    auto master = http::LoadOrCreateWebhookMasterKey(WebhookKeyPath(g));
    if (!master.ok()) return Fail(master.status());
    api.webhook_master_key = master.value();
    auto opened = kafka::NodeGateway::Open(ko, n->store(), g.timeout_s * 1000);
    if (!opened.ok()) return Fail(opened.status());
    gateway = std::move(opened.value());
    const kafka::Partitioning partitioning = gateway->partitioning();
    api.dispatch.mine = [n, partitioning](const std::string& stream) {
      const std::vector<int> owned = n->owned();
      return std::find(owned.begin(), owned.end(), partitioning.Of(stream)) != owned.end();
    };
    api.before_scrape = [n](http::ApiMetrics& m) {
      m.SetConsumerLag(n->ConsumerLag());
      for (double s : n->TakeTransactionSeconds()) m.ObserveTransaction(s);
    };
    auto started = http::ApiServer::Start(gateway.get(), api);
    if (!started.ok()) return Fail(started.status());
    server = std::move(started.value());
    std::cout << "node " << no.node_id << ": serving http://" << api.host << ":" << server->port() << std::endl;
  }
  service_log::Write("info", "node " + no.node_id,
                     "serving " + ko.topic_prefix + ".* on " + ko.brokers + " with data in " + g.data + "; stop with Ctrl-C or SIGTERM");
  NotifyServiceManager("READY=1");
  std::atomic<bool> stop{false};
  Status ran;
  const pthread_t main_thread = pthread_self();
  std::thread loop([&] {
    ran = n->Run(stop);
    if (!stop.load()) pthread_kill(main_thread, SIGTERM);  // the node failed: stop the process
  });
  int signal = 0;
  sigwait(&signals, &signal);
  NotifyServiceManager("STOPPING=1");
  if (server) server->Stop();
  stop.store(true);
  loop.join();
  gateway.reset();
  n->Close();
  auto st = n->stats();
  service_log::Write("info", "node " + no.node_id,
                     "stopped after " + std::to_string(st.commands) + " commands, " + std::to_string(st.events) + " events decided, " +
                         std::to_string(st.followed) + " followed, " + std::to_string(st.reactions) + " reactions sent");
  if (!ran.ok()) return Fail(ran);
  return 0;
}

int Serve(const Globals& g, const ServeOptions& o) {
  service_log::UseJson(o.log_format == "json");
  if (o.log == "kafka" && !o.signing_key.empty())
    return Fail(Status::Invalid("--signing-key", "signed checkpoints are made by the embedded server for now; each Kafka node numbers its "
                                                 "own log, so sign a node's log with `safecity checkpoint` on a copy of its data"));
  return o.log == "kafka" ? ServeKafka(g, o) : ServeHttp(g, o);
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
  serve->add_option("--http", o.http, "HOST:PORT of the HTTP API, e.g. 127.0.0.1:8080 (on every node of a Kafka cluster too)");
  serve->add_option("--max-body", o.max_body, "largest request body in bytes (default 1 MiB); larger ones get 413")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30));
  serve->add_option("--max-connections", o.limits.max_connections,
                    "most connections open at once (default 2048); beyond it a new one is answered 503")
      ->check(CLI::Range(1, 1000000));
  serve->add_option("--max-connections-per-address", o.limits.max_connections_per_address,
                    "most connections open from one client address (default 128; raise it behind a proxy); beyond it 429")
      ->check(CLI::Range(1, 1000000));
  serve->add_option("--tick-every", o.tick_every, "seconds between clock ticks from the wall clock (default 60; 0: never)")
      ->check(CLI::Range(0, 86400));
  serve->add_option("--signing-key", o.signing_key,
                    "sign checkpoints of the log with this private key (`safecity checkpoint keygen`), kept outside the data directory");
  serve->add_option("--checkpoint-every-events", o.checkpoint_events, "with --signing-key: sign after this many new events (default 10000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  serve->add_option("--checkpoint-every", o.checkpoint_seconds,
                    "with --signing-key: seconds between checkpoints when fewer events arrived (default 3600)")
      ->check(CLI::Range(1, 30 * 86400));
  serve->add_option("--checkpoint-out", o.checkpoint_out, "with --signing-key: also write the newest checkpoint to this file");
  serve->add_option("--log-format", o.log_format,
                    "text (default) or json: the process's log on stderr, one JSON object a line for a log shipper")
      ->check(CLI::IsMember({"text", "json"}));
  serve->add_flag("--access-log", o.access_log,
                  "log every HTTP request: time, method, route template, status, duration, principal, correlation id, client");
  serve->add_option("--failed-auth-burst", o.failed_auth_burst,
                    "failed authentications (401) an address may make in a row before it gets 429 (default 20; "
                    "refilled at 2 a second)")
      ->check(CLI::Range(1, 1000000));
  serve->callback([&rc, &g] { rc = Serve(g, o); });

  auto* openapi = app.add_subcommand("openapi", "print the HTTP API's OpenAPI 3.1 document (schemas/openapi.json)");
  openapi->callback([&rc] {
    std::cout << http::OpenApiDocument().dump(2) << "\n";
    rc = 0;
  });
}

}  // namespace safecity::cli
