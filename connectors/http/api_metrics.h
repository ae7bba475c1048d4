// ApiMetrics: what /metrics shows Prometheus (prometheus-cpp, text format 0.0.4).
//
//   safecity_commands_total{type,result}        type: a command type of schemas/commands, else
//                                               "other"; result: accepted or the error code
//   safecity_event_append_seconds               a command from intake to durable result
//   safecity_projection_lag_events              log position minus the read models' position
//   safecity_reaction_lag_events                events the reactions have not yet reacted to
//   safecity_webhook_deliveries_total{outcome}  delivered, failed, dead_lettered
//   safecity_http_requests_total{method,route,status}  method: GET, POST, ... else "other";
//                                               route: a route template (routes.h), else "other"
//   safecity_refusals_total{reason}             unauthenticated, forbidden, rate_limited (each also
//                                               in the security log, summarised per source and minute)
//   safecity_http_request_duration_seconds{route}  from a request's first byte to its answer
//   safecity_build_info{version,revision}       1 (engine/build_info.h)
//   safecity_http_open_connections             connections open now (http_transport.h)
//   safecity_http_connections_refused_total     over a cap: answered 429 or 503
//   safecity_http_connections_timed_out_total   closed at a deadline (read, idle, write, handshake)
//   safecity_http_tls_handshake_failures_total  HTTPS handshakes that failed (a client that does
//                                               not trust the certificate, a scanner), and plain
//                                               HTTP sent to the HTTPS port
//   process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
//   process_open_fds, process_max_fds, process_start_time_seconds
//                                               as Prometheus' own clients name them, read from
//                                               /proc at each scrape (the start time once)
// On a Kafka node (serve --log kafka --http):
//   safecity_kafka_consumer_lag_records{partition}  records of an owned commands partition
//                                               not yet decided
//   safecity_kafka_transaction_seconds          a turn's transaction, begin to commit
//
// Every label takes its values from a fixed set, so the number of series is
// bounded whatever clients send: no path, method or command type of a
// request becomes a label unless the API knows it.
//
// Thread-safe: the server's handlers count from many threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "connectors/http/http_transport.h"

namespace safecity::http {

class ApiMetrics {
 public:
  ApiMetrics();
  ~ApiMetrics();
  void CountCommand(const std::string& type, const std::string& result, double seconds);
  // `route`: a route template (routes.h) or "other".
  void CountRequest(const std::string& method, const std::string& route, int status, double seconds);
  void CountRefusal(const std::string& reason);
  void CountDelivery(const std::string& outcome);
  // An evidence file taken in (POST /v1/attachments), and its size.
  void CountUpload(int64_t bytes);
  void SetLag(double projection_lag, double reaction_lag);
  // Kafka nodes: the lag of each owned partition (others drop to no series),
  // and transactions' durations.
  void SetConsumerLag(const std::map<int, int64_t>& lag_by_partition);
  void ObserveTransaction(double seconds);
  // Reads /proc/self for the process_* series; called before each scrape.
  void UpdateProcess();
  // The transport's connection figures; called before each scrape.
  void SetTransport(const TransportStats& stats);
  std::string Text() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace safecity::http
