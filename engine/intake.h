// Intake: the checks a command passes before it is routed to the writer of
// its stream — text is UTF-8, the id and actor are well formed, the data
// matches the command's JSON Schema, a workflow handles the type and the
// stream is of its kind — and then the workflow's Prepare(), which resolves
// names against the read models (unit aliases -> ids).
//
// The embedded engine, an engine node of a Kafka cluster and a client that
// checks a whole import before sending it all run this same function, so a
// command is accepted or refused for the same reason everywhere.
#pragma once

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {

class Store;
class WorkflowRegistry;

// Checks `cmd` and lets its workflow prepare it in place; kInvalid (or the
// workflow's own error) naming the field at fault.
Status CheckCommand(Store* store, const WorkflowRegistry& workflows, CommandEnvelope* cmd);
// The path ("data.title", "each[2]") of the first string or key in `j` that is
// not valid UTF-8, or "" when all are: JSON holds UTF-8 only.
std::string FirstInvalidUtf8(const Json& j, const std::string& path);

}  // namespace safecity
