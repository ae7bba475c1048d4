// PartitionWorker: the CAF actor that is the single writer of the streams
// routed to its partition. Messages:
//   (submit_atom, CommandEnvelope) -> CommandResult   answered after the group commit
//   (flush_atom)                   internal: decide and commit what is queued
//   (crash_atom)                   fault injection: throw as a bug would
// On an exception it answers every queued command with an error (so no caller
// hangs) and exits; the supervisor restarts it.
#pragma once

#include <caf/all.hpp>

#include "engine/command_processor.h"
#include "engine/envelope.h"

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(safecity::CommandEnvelope)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(safecity::CommandResult)

namespace safecity {

class Store;
class WorkflowRegistry;

using submit_atom = caf::atom_constant<caf::atom("submit")>;
using flush_atom = caf::atom_constant<caf::atom("flush")>;
using crash_atom = caf::atom_constant<caf::atom("crash")>;

struct PartitionWorkerState {
  std::unique_ptr<CommandProcessor> processor;
  std::vector<CommandEnvelope> queued;
  std::vector<caf::response_promise> promises;
  bool flush_scheduled = false;
  static inline const char* name = "safecity.partition_worker";
};

caf::behavior PartitionWorker(caf::stateful_actor<PartitionWorkerState>* self, Store* store,
                              const WorkflowRegistry* workflows);

}  // namespace safecity
