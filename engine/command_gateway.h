// CommandGateway: where the CLI and the demo send commands, whatever runs
// behind it — the embedded engine in this process (engine.h) or an engine
// cluster on Kafka (connectors/kafka/cluster_gateway.h), which the CLI then
// follows into a local replica of the read models.
//
// Submit returns a command's result once it is durable; Settle returns once
// the reactions the commands called for (tasks opened, notifications,
// escalations) are carried out too, and store() then shows all of it.
#pragma once

#include "engine/command_processor.h"
#include "engine/envelope.h"
#include "engine/reaction_runner.h"
#include "engine/status.h"

namespace safecity {

class Store;

class CommandGateway {
 public:
  virtual ~CommandGateway() = default;
  // Intake checks alone (schema, Prepare), without routing: dry runs and
  // imports check every row before they send the first.
  virtual Status Check(CommandEnvelope* cmd) = 0;
  virtual CommandResult Submit(CommandEnvelope cmd) = 0;
  virtual Result<SettleReport> Settle() = 0;
  // Asks a Settle under way in another thread to return after its current
  // event, and later ones to return at once (ReactionRunner::StopSettling).
  virtual void StopSettling() {}
  // The read models (and log) to query.
  virtual Store* store() = 0;
};

}  // namespace safecity
