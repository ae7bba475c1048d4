// CommandProcessor: the single writer of a set of streams. It decides a group
// of commands against the latest state (including earlier commands of the same
// group) and commits every resulting event, aggregate snapshot, command result,
// read-model change and the projection checkpoint in one synced WriteBatch.
//
// Idempotency: a command whose id is already in the `commands` column family
// (or earlier in the same group) gets the first result back, marked
// "duplicate": true, and writes nothing.
//
// Not thread-safe: one processor per partition worker; streams must be routed
// so that each stream has exactly one processor.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/write_batch.h>

#include "engine/aggregate.h"
#include "engine/envelope.h"
#include "engine/event_log.h"
#include "engine/status.h"

namespace safecity {

class Store;
class WorkflowRegistry;

// What a command came to. `body` is the JSON the CLI and API print:
// {"command_id","status":"accepted"|"rejected","duplicate",
//  "stream","version","events":[{"id","type","version","position"}],
//  "error":{"code","field","message"}, "state", "allowed_in"}
struct CommandResult {
  Status status;
  Json body;
};

// A result read back from JSON; a refusal's words come from `workflows`'s
// tables by its reason (WorkflowRegistry::FindMessage).
CommandResult ResultFromJson(const Json& body, const WorkflowRegistry& workflows);
// Adds a refusal's `reason` and `params` (engine/message.h) to a JSON object
// (a command result's `error`, a problem document), so that a client, or a
// CLI behind a Kafka node, can say it in its user's language; nothing for a
// status made from plain text.
void AddRefusalWords(const Status& s, Json* object);

// The result of a command that was not carried out: the body above with
// status "rejected" and its error, plus any `detail` keys (state, allowed_in, retry).
CommandResult Rejection(const std::string& command_id, const std::string& stream, const Status& s,
                        const Json& detail = Json::object());

// Kafka mode: the group's events must reach the shared log before this node
// writes them. The publisher is called once per group that produced events,
// after every command of the group is decided (`results` holds every outcome;
// accepted ones have no event positions yet) and before the local write; it
// may add records (consumer offsets) to `batch`. If it fails, the accepted
// commands are reported with its error and nothing is written locally.
using Publisher = std::function<Status(const std::vector<StreamAppend>& appends,
                                       const std::vector<CommandResult>& results, rocksdb::WriteBatch* batch)>;

class CommandProcessor {
 public:
  CommandProcessor(Store* store, const WorkflowRegistry* workflows);
  // `sync` false: the group is written without waiting for the disk (its
  // commands are reactions, re-derived from the log after a crash).
  std::vector<CommandResult> ProcessGroup(const std::vector<CommandEnvelope>& cmds, bool sync = true);
  void DropCache() { cache_.clear(); }
  void SetPublisher(Publisher p) { publisher_ = std::move(p); }

 private:
  Result<Aggregate> Load(const std::string& stream);

  Store* store_;
  const WorkflowRegistry* workflows_;
  std::unordered_map<std::string, Aggregate> cache_;
  Publisher publisher_;
};

}  // namespace safecity
