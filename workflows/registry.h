// What safecity ships, assembled once: every workflow (registry.cc), the
// reactors (reactions/registry.cc), and the two as the Domain an engine or a
// Kafka node runs (engine/domain.h). The engine never names these; the
// layers above it pass them in.
#pragma once

#include <string>
#include <vector>

#include "engine/domain.h"
#include "engine/reaction_runner.h"
#include "engine/workflow.h"

namespace safecity {

// The registry with every workflow safecity ships.
const WorkflowRegistry& DefaultWorkflows();
// The reactors safecity ships (workflows/reactions/), in the order they see each event.
std::vector<const Reactor*> DefaultReactors();
// The stream kinds none of them reads (their commands may be deferred).
std::vector<std::string> DeferredStreamKinds();
// Every refusal table: the engine's own and every workflow's (messages.cc);
// DefaultWorkflows() renders refusals read back from JSON with them.
std::vector<const Message*> AllMessages();
// The three together.
const Domain& DefaultDomain();

}  // namespace safecity
