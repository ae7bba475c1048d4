#include "server/serve.h"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "connectors/http/api_server.h"
#include "connectors/http/webhook_signature.h"
#include "connectors/kafka/kafka_node.h"
#include "connectors/kafka/node_gateway.h"
#include "engine/attachment_store.h"
#include "engine/checkpoint.h"
#include "engine/checkpoint_publisher.h"
#include "engine/engine.h"
#include "engine/service_log.h"
#include "server/sd_notify.h"
#include "server/serving.h"
#include "workflows/registry.h"

namespace safecity::server {

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

namespace {

// --http HOST:PORT into `api`, with the options every server shares.
Status ParseHttp(const ServeConfig& o, http::ApiOptions* api) {
  size_t colon = o.http.rfind(':');
  api->host = o.http.substr(0, colon == std::string::npos ? 0 : colon);
  const std::string port = colon == std::string::npos ? "" : o.http.substr(colon + 1);
  if (api->host.empty() || port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
      std::stoi(port) > 65535)
    return Status::Invalid("--http", "'" + o.http + "' is not HOST:PORT; e.g. --http 127.0.0.1:8080 (port 0: any free port)");
  api->port = std::stoi(port);
  api->max_body_bytes = o.max_body;
  api->attachments_dir = o.attachments_dir.empty() ? DefaultAttachmentsDir(o.data_dir) : o.attachments_dir;
  api->max_upload_bytes = o.max_upload;
  api->tick_every_s = o.tick_every;
  api->failed_auth_burst = o.failed_auth_burst;
  api->limits = o.limits;
  api->access_log = o.access_log;
  api->tls = o.tls;
  http::RaiseOpenFileLimit();
  return Status::Ok();
}

// Where the API answers: https:// under TLS.
std::string UrlOf(const http::ApiOptions& api, int port) {
  return (api.tls.enabled() ? "https://" : "http://") + api.host + ":" + std::to_string(port);
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
Status ServeEmbedded(const ServeConfig& o) {
  if (o.http.empty())
    return Status::Invalid("--http", "is needed with the embedded log, e.g. --http 127.0.0.1:8080 (or run a Kafka node with --log kafka)");
  http::ApiOptions api;
  Status parsed = ParseHttp(o, &api);
  if (!parsed.ok()) return parsed;
  sigset_t signals = BlockStopSignals();
  Status served = NotServed(o.data_dir);
  if (!served.ok()) return served;
  EngineOptions eo;
  eo.domain = &DefaultDomain();
  eo.data_dir = o.data_dir;
  eo.partitions = o.engine_partitions;
  eo.create_if_missing = true;
  eo.lock_wait_ms = o.timeout_s * 1000;
  auto engine = Engine::Open(eo);
  if (!engine.ok()) return engine.status();
  auto master = http::LoadOrCreateWebhookMasterKey(http::WebhookMasterKeyPath(o.data_dir));
  if (!master.ok()) return master.status();
  api.webhook_master_key = master.value();
  std::shared_ptr<checkpoint::SigningKey> key;
  if (!o.signing_key.empty()) {
    auto loaded = checkpoint::SigningKey::Load(o.signing_key, o.data_dir);
    if (!loaded.ok()) return loaded.status();
    key = loaded.value();
  }
  auto server = http::ApiServer::Start(engine.value().get(), api);
  if (!server.ok()) return server.status();
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
  const std::string url = UrlOf(api, server.value()->port());
  // Commands on the same directory are told to come here (serving.h).
  Status marked = WriteServing(o.data_dir, url);
  if (!marked.ok()) service_log::Write("warning", "serve", marked.ToString());
  // The port is printed so that a script that asked for port 0 can find it.
  std::cout << "serving " << url << " with data in " << o.data_dir << "; stop with Ctrl-C or SIGTERM" << std::endl;
  NotifyServiceManager("READY=1");
  int signal = 0;
  sigwait(&signals, &signal);
  NotifyServiceManager("STOPPING=1");
  server.value()->Stop();
  if (checkpoints) checkpoints->Stop();  // a last checkpoint of everything served
  RemoveServing(o.data_dir);
  service_log::Write("info", "serve", "stopped");
  return Status::Ok();
}

// An engine node of a Kafka cluster, with the HTTP API when --http is given,
// until SIGTERM. The node's loop runs on its own thread; a stop first ends the
// API (the requests in flight are answered while the node still decides),
// then the loop. A node that fails stops the process the same way.
Status ServeNode(const ServeConfig& o) {
  if (o.brokers.empty()) return Status::Invalid("--brokers", "is needed with --log kafka, e.g. --brokers 127.0.0.1:9092");
  http::ApiOptions api;
  if (!o.http.empty()) {
    Status parsed = ParseHttp(o, &api);
    if (!parsed.ok()) return parsed;
  }
  kafka::KafkaOptions ko;
  ko.brokers = o.brokers;
  ko.topic_prefix = o.topic_prefix;
  ko.partitions = o.topic_partitions;
  ko.replication = o.replication;
  ko.min_insync_replicas = o.min_insync > 0 ? o.min_insync : std::max(1, o.replication - 1);
  kafka::NodeOptions no;
  no.domain = &DefaultDomain();
  no.data_dir = o.data_dir;
  no.node_id = o.node_id.empty() ? DefaultNodeId(o.data_dir) : o.node_id;
  no.catch_up_timeout_ms = o.timeout_s * 1000;
  sigset_t signals = BlockStopSignals();
  auto node = kafka::KafkaNode::Open(ko, no);
  if (!node.ok()) return node.status();
  kafka::KafkaNode* n = node.value().get();
  std::unique_ptr<kafka::NodeGateway> gateway;
  std::unique_ptr<http::ApiServer> server;
  if (!o.http.empty()) {
    // The API reads the node's store: it answers once the store has caught up.
    Status caught = n->Step(0);
    if (!caught.ok()) return caught;
    auto master = http::LoadOrCreateWebhookMasterKey(http::WebhookMasterKeyPath(o.data_dir));
    if (!master.ok()) return master.status();
    api.webhook_master_key = master.value();
    auto opened = kafka::NodeGateway::Open(ko, n->store(), o.timeout_s * 1000);
    if (!opened.ok()) return opened.status();
    gateway = std::move(opened.value());
    api.dispatch.mine = [n](const std::string& stream) { return n->Owns(stream); };
    api.before_scrape = [n](http::ApiMetrics& m) {
      m.SetConsumerLag(n->ConsumerLag());
      for (double s : n->TakeTransactionSeconds()) m.ObserveTransaction(s);
    };
    auto started = http::ApiServer::Start(gateway.get(), api);
    if (!started.ok()) return started.status();
    server = std::move(started.value());
    std::cout << "node " << no.node_id << ": serving " << UrlOf(api, server->port()) << std::endl;
    // An upload reaches one node and its download may go to another.
    if (o.attachments_dir.empty())
      service_log::Write("warning", "node " + no.node_id,
                         "evidence files are kept in " + api.attachments_dir +
                             ", this node's own: give every node the same --attachments-dir on shared storage");
  }
  service_log::Write("info", "node " + no.node_id,
                     "serving " + ko.topic_prefix + ".* on " + ko.brokers + " with data in " + o.data_dir + "; stop with Ctrl-C or SIGTERM");
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
  return ran;
}

}  // namespace

Status Serve(const ServeConfig& o) {
  service_log::UseJson(o.log_format == "json");
  if (o.log == "kafka" && !o.signing_key.empty())
    return Status::Invalid("--signing-key", "signed checkpoints are made by the embedded server for now; each Kafka node numbers its "
                                            "own log, so sign a node's log with `safecity checkpoint` on a copy of its data");
  if (o.tls.enabled()) {
    // Before the store or the node is opened: a bad file costs no catch-up.
    auto tls = http::LoadServerTls(o.tls);
    if (!tls.ok()) return tls.status();
    if (o.http.empty())
      return Status::Refusal(Status::Code::kInvalid, "--http", http::kTlsNeedsHttp, {});
  }
  return o.log == "kafka" ? ServeNode(o) : ServeEmbedded(o);
}

}  // namespace safecity::server
