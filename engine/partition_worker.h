// PartitionWorker: the CAF actor that is the single writer of the streams
// routed to its partition. Messages:
//   (submit_atom, shared_ptr<PendingCommand>)  fulfils the command's promise after the group commit
//   (flush_atom)                   internal: decide and commit what is queued
//   (crash_atom)                   fault injection: throw as a bug would
// On an exception it fails every queued command with a retryable error and
// exits; the supervisor restarts it. A command still in the mailbox of a dead
// worker is destroyed with it, and so is its promise: the caller then sees
// std::future_error(broken_promise) and resends. No caller can hang.
#pragma once

#include <future>
#include <memory>

#include <caf/all.hpp>

#include "engine/command_processor.h"
#include "engine/envelope.h"

namespace safecity {
// A command on its way to a worker, with the promise of its result.
struct PendingCommand {
  CommandEnvelope cmd;  // moved into the group when it is decided
  std::string id;       // kept for error reports after the move
  std::string stream;
  std::promise<CommandResult> result;
  bool sync = true;     // false: a reaction's command (see Engine::SubmitReactions)
};
}  // namespace safecity

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<safecity::PendingCommand>)

namespace safecity {

class Store;
class WorkflowRegistry;

using submit_atom = caf::atom_constant<caf::atom("submit")>;
using flush_atom = caf::atom_constant<caf::atom("flush")>;
using crash_atom = caf::atom_constant<caf::atom("crash")>;

struct PartitionWorkerState {
  std::unique_ptr<CommandProcessor> processor;
  std::vector<std::shared_ptr<PendingCommand>> queued;
  bool flush_scheduled = false;
  static inline const char* name = "safecity.partition_worker";
};

caf::behavior PartitionWorker(caf::stateful_actor<PartitionWorkerState>* self, Store* store,
                              const WorkflowRegistry* workflows);

}  // namespace safecity
