// ClusterGateway: the CLI's side of an engine cluster on Kafka. Commands go to
// the commands topic, in the partition of their stream; the result is read
// from the same partition of the results topic. The data directory is the
// CLI's own replica of the log and read models, kept up to date from the
// events topic (event_follower.h), so every query works as it does embedded.
//
// Settle waits until the cluster is quiet — every command sent has been
// decided (the engine group's committed offsets reach the end of the commands
// topic), every event reacted to (the reactions group's offsets reach the
// end of the events topic), no transaction open on the events and results
// topics, with no command sent meanwhile — and then brings the replica up to
// date: the same moment the embedded engine's Settle reaches.
#pragma once

#include <memory>
#include <string>

#include "connectors/kafka/client.h"
#include "connectors/kafka/kafka_options.h"
#include "connectors/kafka/partitioning.h"
#include "engine/command_gateway.h"

namespace safecity::kafka {

class EventFollower;

struct ClusterProgress {
  int64_t commands_waiting = 0;  // sent, not yet decided
  int64_t events_waiting = 0;    // logged, not yet reacted to
  // Records of the events and results topics behind a transaction still
  // open: read_committed readers (the replica, the results) see nothing past
  // it. A node killed mid-turn leaves one open until the broker aborts it
  // (transaction.timeout.ms); what the other nodes commit meanwhile is hidden.
  int64_t behind_open_transactions = 0;
  bool settled() const { return commands_waiting == 0 && events_waiting == 0 && behind_open_transactions == 0; }
};

class ClusterGateway final : public CommandGateway {
 public:
  // `replica_dir` is created when missing. A missing topic means there is no
  // cluster: a clear error naming `safecity serve`.
  static Result<std::unique_ptr<ClusterGateway>> Open(const KafkaOptions& options, const std::string& replica_dir,
                                                      int timeout_ms = 60000);
  ~ClusterGateway() override;

  Status Check(CommandEnvelope* cmd) override;
  CommandResult Submit(CommandEnvelope cmd) override;
  Result<SettleReport> Settle() override;
  Store* store() override;

  // Brings the replica up to date with what the cluster has committed.
  Result<int64_t> CatchUp();
  // What the cluster still has to do, as of now.
  Result<ClusterProgress> Progress();

 private:
  ClusterGateway() = default;
  KafkaOptions options_;
  int partitions_ = 0;
  Partitioning partitioning_;
  int timeout_ms_ = 60000;
  std::unique_ptr<Store> store_;
  std::unique_ptr<EventFollower> follower_;
  KafkaHandle producer_;         // commands
  KafkaHandle results_;          // reads the results topic
  KafkaHandle engine_group_;     // asks for the engine group's committed offsets
  KafkaHandle reactions_group_;  // asks for the reactions group's committed offsets
  KafkaHandle uncommitted_;      // read_uncommitted: where the topics end, open transactions included
};

}  // namespace safecity::kafka
