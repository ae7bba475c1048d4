// `safecity serve`: runs this machine's engine until SIGTERM or SIGINT. Only
// the flags are here; the serving process is assembled in server/serve.h.
//
//   --log kafka --brokers H:P,… --node-id ID   an engine node of a Kafka
//       cluster (connectors/kafka/kafka_node.h): it joins the consumer group,
//       takes its share of the partitions and takes over a dead node's;
//       --data is the node's own store of the whole log and read models.
//       Topics are created when missing with --topic-partitions and
//       --replication; a cluster with other counts is a clear error.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace safecity::cli {

void AddServe(CLI::App& app, Globals& g, int& rc);

}  // namespace safecity::cli
