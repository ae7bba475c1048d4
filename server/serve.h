// A serving process (`safecity serve`), assembled: the HTTP API over the
// embedded engine, or an engine node of a Kafka cluster with the API beside
// it; with them the clock's ticks and outbound webhooks (connectors/http),
// signed checkpoints, systemd's notifications (sd_notify.h), the SERVING
// marker (serving.h) and the stop signals. Runs until SIGTERM or SIGINT and
// returns Ok; a failure to start or a node's fatal error comes back as the
// Status. The CLI only turns flags into a ServeConfig (cli/serve.cc).
//
// Prints "serving http://HOST:PORT …" (embedded) or "node ID: serving
// http://HOST:PORT" (a node with --http) on stdout once the API answers, so
// that a script that asked for port 0 learns the port; https:// under TLS
// (--tls-cert and --tls-key, checked before anything is opened).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "connectors/http/http_transport.h"
#include "engine/status.h"

namespace safecity::server {

struct ServeConfig {
  std::string data_dir;
  int engine_partitions = 0;  // partition workers of the embedded engine; 0: one per core
  int timeout_s = 60;         // the data directory's lock, a node's catch-up, a command through a node
  std::string log = "embedded";  // or "kafka"
  // A Kafka node (connectors/kafka/kafka_node.h).
  std::string brokers;
  std::string topic_prefix = "safecity";
  std::string node_id;  // "": DefaultNodeId(data_dir)
  int topic_partitions = 4;
  int replication = 1;
  int min_insync = 0;  // 0: replication - 1, at least 1
  // The HTTP API (connectors/http/api_server.h).
  std::string http;  // HOST:PORT; needed with the embedded log
  size_t max_body = 1 << 20;
  std::string attachments_dir;  // "": DefaultAttachmentsDir(data_dir)
  size_t max_upload = 20 << 20;
  int tick_every = 60;
  int failed_auth_burst = 20;
  http::ConnectionLimits limits;
  http::TlsFiles tls;  // --tls-cert, --tls-key: the API over HTTPS
  // Signed checkpoints (engine/checkpoint_publisher.h); embedded only.
  std::string signing_key;
  int64_t checkpoint_events = 10000;
  int checkpoint_seconds = 3600;
  std::string checkpoint_out;
  // The process's log (engine/service_log.h).
  std::string log_format = "text";  // or "json"
  bool access_log = false;
};

Status Serve(const ServeConfig& config);

// A node id that stays the same across restarts of the same node: the host
// name and the data directory's name.
std::string DefaultNodeId(const std::string& data_dir);

}  // namespace safecity::server
