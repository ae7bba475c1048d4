#include "engine/json_workflow.h"

namespace safecity {

namespace {

struct JsonState final : WorkflowState {
  explicit JsonState(Json v) : value(std::move(v)) {}
  Json ToJson() const override { return value; }
  Json value;
};

const Json& Null() {
  static const Json* null = new Json();
  return *null;
}

}  // namespace

Decision JsonWorkflow::DecideOn(const WorkflowState* state, const CommandEnvelope& cmd) const {
  return Decide(state ? static_cast<const JsonState*>(state)->value : Null(), cmd);
}

void JsonWorkflow::Fold(std::unique_ptr<WorkflowState>* state, const EventEnvelope& event, ReadModelWriter* writer) const {
  const Json& before = *state ? static_cast<const JsonState*>(state->get())->value : Null();
  Json after = Apply(before, event);
  if (writer) Project(before, after, event, *writer);
  if (*state)
    static_cast<JsonState*>(state->get())->value = std::move(after);
  else
    *state = std::make_unique<JsonState>(std::move(after));
}

std::unique_ptr<WorkflowState> JsonWorkflow::StateFromJson(const Json& j) const { return std::make_unique<JsonState>(j); }

}  // namespace safecity
