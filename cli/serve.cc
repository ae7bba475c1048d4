#include "cli/serve.h"

#include <iostream>

#include "connectors/http/openapi.h"
#include "server/serve.h"

namespace safecity::cli {

void AddServe(CLI::App& app, Globals& g, int& rc) {
  static server::ServeConfig o;
  auto* serve = app.add_subcommand("serve", "run this machine's engine node until SIGTERM (--log kafka --brokers …)");
  serve->add_option("--log", o.log, "where the events are logged: kafka (a cluster node)")->check(CLI::IsMember({"embedded", "kafka"}));
  serve->add_option("--node-id", o.node_id, "this node's id, unique in the cluster and the same after a restart (default: host-datadir)");
  serve->add_option("--topic-partitions", o.topic_partitions, "partitions of each topic when they are created (default 4)")
      ->check(CLI::Range(1, 1000));
  serve->add_option("--replication", o.replication, "replication factor when topics are created (default 1; 3 in a cluster)")
      ->check(CLI::Range(1, 16));
  serve->add_option("--min-insync", o.min_insync, "min.insync.replicas when topics are created (default replication - 1)")
      ->check(CLI::Range(1, 16));
  serve->add_option("--http", o.http, "HOST:PORT of the HTTP API, e.g. 127.0.0.1:8080 (on every node of a Kafka cluster too)");
  serve->add_option("--tls-cert", o.tls.cert_file,
                    "serve the API over HTTPS with this PEM certificate chain (the server's certificate first); with --tls-key");
  serve->add_option("--tls-key", o.tls.key_file, "the PEM private key of --tls-cert (no passphrase; readable by this process only)");
  serve->add_option("--max-body", o.max_body, "largest request body in bytes (default 1 MiB); larger ones get 413")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30));
  serve->add_option("--max-upload", o.max_upload,
                    "largest evidence file in bytes (POST /v1/attachments, default 20 MiB); larger ones get 413")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 32));
  serve->add_option("--attachments-dir", o.attachments_dir,
                    "where evidence files are kept, by their SHA-256 (default DATA/attachments; on a Kafka cluster: a directory every node shares)");
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
  serve->callback([&rc, &g] {
    // The global flags that say where and how long.
    o.data_dir = g.data;
    o.engine_partitions = g.partitions;
    o.timeout_s = g.timeout_s;
    o.brokers = g.brokers;
    o.topic_prefix = g.topic_prefix;
    Status served = server::Serve(o);
    rc = served.ok() ? 0 : Fail(served);
  });

  auto* openapi = app.add_subcommand("openapi", "print the HTTP API's OpenAPI 3.1 document (schemas/openapi.json)");
  openapi->callback([&rc] {
    std::cout << http::OpenApiDocument().dump(2) << "\n";
    rc = 0;
  });
}

}  // namespace safecity::cli
