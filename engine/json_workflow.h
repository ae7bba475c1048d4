// JsonWorkflow: a workflow whose state is still one JSON object, decided and
// applied as values: Apply returns the new state and Project sees the state
// before and after the event. The engine's typed interface (Workflow) is
// implemented over it; the workflows move to TypedWorkflow<State>
// (engine/typed_workflow.h) one at a time.
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity {

class JsonWorkflow : public Workflow {
 public:
  // `state` is null when the stream has no events yet.
  virtual Decision Decide(const Json& state, const CommandEnvelope& cmd) const = 0;
  virtual Json Apply(const Json& state, const EventEnvelope& event) const = 0;
  virtual void Project(const Json& before, const Json& after, const EventEnvelope& event,
                       ReadModelWriter& writer) const = 0;

  Decision DecideOn(const WorkflowState* state, const CommandEnvelope& cmd) const final;
  void Fold(std::unique_ptr<WorkflowState>* state, const EventEnvelope& event, ReadModelWriter* writer) const final;
  std::unique_ptr<WorkflowState> StateFromJson(const Json& j) const final;
};

}  // namespace safecity
