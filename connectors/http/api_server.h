// ApiServer: the HTTP API (JSON) of `safecity serve --http HOST:PORT`, on
// HttpTransport (http_transport.h: Boost.Beast, one I/O thread for every
// socket, a pool of handler threads; deadlines and connection caps) and
// Router (http_router.h: 404, and 405 with Allow for a known path).
//
//   POST /v1/commands/{type}   {"stream", "data", "correlation_id"?}: every command;
//                              "Idempotency-Key: K" makes a retry return the first result
//   GET  /v1/tasks, /v1/my/tasks, /v1/tasks/{id}, /v1/streams/{stream}/events,
//        /v1/read-models/{key}, /v1/inbox, /v1/security/{day}, /v1/whoami  (api_queries.h)
//   GET  /healthz (the process answers), /readyz (the store is open and its read
//        models cover the log), /metrics (Prometheus, api_metrics.h),
//        /openapi.json (schemas/openapi.json, openapi.h)
//   POST /v1/webhooks/inbound  a unit's system acting by signed webhook:
//                              {"delivery_id", "type", "stream", "data"} with the headers
//                              X-Safecity-Key, X-Safecity-Timestamp, X-Safecity-Signature
//
// Every /v1 request carries "Authorization: Bearer <token secret>"; the token
// says who acts (workflows/access/authenticate.h), never the body. No valid
// token is 401; a principal acting outside its role or its units' tasks is
// 403 — both recorded in the security log (workflows/access/security_log.h).
// Errors are application/problem+json naming the field (problem.h); bodies
// over max_body_bytes are 413 (chunked ones too, before any token is
// looked at), a body sent as another media type than application/json is
// 415, one that is not JSON 400.
//
// In the background the server lets the reactions settle after accepted
// commands (tasks opened, notifications queued), delivers the webhook copies
// of notifications (webhook_dispatcher.h), and ticks the engine's clock from
// the wall clock every tick_every_s seconds, so deadlines escalate. A tick's
// time is rounded down to the period and its command id follows from that
// time, so the nodes of a cluster, each ticking, move the clock once.
//
// The gateway may be the embedded Engine or, on an engine node of a Kafka
// cluster, connectors/kafka/node_gateway.h: the cluster then runs the
// reactions itself, and DispatchOptions::mine keeps each node to the
// deliveries in the partitions it owns.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "connectors/http/api_metrics.h"
#include "connectors/http/http_transport.h"
#include "connectors/http/webhook_dispatcher.h"
#include "engine/status.h"

namespace safecity {
class CommandGateway;
}

namespace safecity::http {

struct ApiOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                    // 0: any free port (see port())
  size_t max_body_bytes = 1 << 20;    // 1 MiB
  // Evidence files (POST /v1/attachments): where they are kept (empty: none
  // are taken, 503) and the largest one.
  std::string attachments_dir;
  size_t max_upload_bytes = 20 << 20;  // 20 MiB
  int max_concurrent_uploads = 8;      // upload bodies in memory at once (http_transport.h)
  int threads = 8;                    // handler threads; the sockets have one I/O thread
  ConnectionLimits limits;            // deadlines and caps per client (http_transport.h)
  int tick_every_s = 60;              // 0: the clock is ticked by hand only
  // The webhook master key (webhook_signature.h); empty: no inbound webhooks
  // (503) and no outbound deliveries.
  std::string webhook_master_key;
  DispatchOptions dispatch;  // outbound deliveries (webhook_dispatcher.h)
  // Failed authentications per client address before 429 (refusal_recorder.h),
  // and how many come back a second.
  int failed_auth_burst = 20;
  double failed_auth_per_second = 2;
  // Called before each /metrics answer, for series of the process that
  // serves (a Kafka node's consumer lag and transactions); may be empty.
  std::function<void(ApiMetrics&)> before_scrape;
  // Every request in the process's log (engine/service_log.h): time, method,
  // route template, status, duration, principal, correlation id, client.
  bool access_log = false;
  TlsFiles tls;  // HTTPS when given (`serve --tls-cert --tls-key`, tls_context.h)
};

class ApiServer {
 public:
  // Binds and starts serving; `gateway` (thread-safe: the embedded Engine or
  // a kafka::NodeGateway) must outlive the server.
  static Result<std::unique_ptr<ApiServer>> Start(CommandGateway* gateway, const ApiOptions& options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  int port() const;
  TransportStats transport_stats() const;
  // Stops accepting, finishes the requests in flight and the background work
  // (leaving a backlog of reactions to the next start). Only the first call
  // does anything; after it the gateway may be closed before the server.
  void Stop();
  ApiMetrics& metrics();

 private:
  struct Impl;
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace safecity::http
