// NodeGateway: the HTTP API's way into an engine cluster on Kafka, from one of
// its nodes (`safecity serve --log kafka --http HOST:PORT`). It reads the
// node's own store, which the node keeps up to date with the whole cluster
// (kafka_node.h), and sends commands the way every client does: to the
// commands topic, in the partition of their stream, whichever node owns it.
//
//   Submit  produces the command, then waits for its result (the first at or
//           after where the results partition ended before it was sent: a
//           resend is not answered by its original's result). One reader
//           thread follows the results topic from where it ended at Open and
//           hands each result to the threads waiting for that command id. An
//           accepted command returns once the node's store holds its events
//           (the stream at the result's version), so what a client reads from
//           this node next includes its own change.
//   Settle  has nothing to wait for: the nodes that own the partitions run
//           the reactions themselves.
//   Check   intake checks against the node's store.
//
// Thread-safe: every handler thread of the API submits through it at once.
// The store belongs to the node and must outlive the gateway.
#pragma once

#include <memory>
#include <string>

#include "connectors/kafka/kafka_options.h"
#include "connectors/kafka/partitioning.h"
#include "engine/command_gateway.h"

namespace safecity::kafka {

class NodeGateway final : public CommandGateway {
 public:
  // `node_store`: the store of a KafkaNode of the cluster `options` names.
  static Result<std::unique_ptr<NodeGateway>> Open(const KafkaOptions& options, Store* node_store, int timeout_ms = 60000);
  ~NodeGateway() override;
  NodeGateway(const NodeGateway&) = delete;
  NodeGateway& operator=(const NodeGateway&) = delete;

  Status Check(CommandEnvelope* cmd) override;
  CommandResult Submit(CommandEnvelope cmd) override;
  Result<SettleReport> Settle() override;
  Store* store() override;

  // Partitions of the commands topic, as the cluster has them.
  int partitions() const;

 private:
  struct Impl;
  explicit NodeGateway(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace safecity::kafka
