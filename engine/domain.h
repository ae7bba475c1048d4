// Domain: what an engine runs (Engine::Open, kafka::KafkaNode::Open) — the
// workflows that decide and apply commands, the reactors that turn events
// into follow-up commands, in the order they see each event, and the stream
// kinds no reactor reads (their commands may wait for the end of a batch,
// reaction_runner.h). The engine names none of them: the workflows layer
// assembles safecity's (workflows/registry.h, DefaultDomain()), and a test
// may pass a domain of its own.
#pragma once

#include <string>
#include <vector>

namespace safecity {

class WorkflowRegistry;
class Reactor;

struct Domain {
  const WorkflowRegistry* workflows = nullptr;  // required
  std::vector<const Reactor*> reactors;
  std::vector<std::string> deferred_stream_kinds;
};

}  // namespace safecity
