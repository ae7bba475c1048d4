// TypedWorkflow<State>: a workflow whose state is a plain struct, decided
// from a const reference and folded in place; JSON only at the edges (the
// command's data, the event's data, the snapshot).
//
// State must be default-constructible (the state before a stream's first
// event, never seen by Decide), copyable, and have
//   Json ToJson() const;                  // the snapshot; keys as the JSON state had them
//   static State FromJson(const Json&);   // its inverse; throws when `j` is not a State
// The workflow implements
//   Decide(state, cmd)   state null before the stream's first event; pure
//   Apply(state, e, w)   folds `e` into `state` in place and, with a writer,
//                        writes the event's read-model changes: it takes
//                        what its projection needs of the state before it
//                        changes it (no copy of the whole state per event)
#pragma once

#include <memory>

#include "engine/workflow.h"

namespace safecity {

template <class State>
class TypedWorkflow : public Workflow {
 public:
  virtual Decision Decide(const State* state, const CommandEnvelope& cmd) const = 0;
  virtual void Apply(State& state, const EventEnvelope& event, ReadModelWriter* writer) const = 0;

  Decision DecideOn(const WorkflowState* state, const CommandEnvelope& cmd) const final {
    return Decide(state ? &static_cast<const Boxed*>(state)->value : nullptr, cmd);
  }
  void Fold(std::unique_ptr<WorkflowState>* state, const EventEnvelope& event, ReadModelWriter* writer) const final {
    if (!*state) *state = std::make_unique<Boxed>();
    Apply(static_cast<Boxed*>(state->get())->value, event, writer);
  }
  std::unique_ptr<WorkflowState> StateFromJson(const Json& j) const final {
    auto b = std::make_unique<Boxed>();
    b->value = State::FromJson(j);
    return b;
  }

  // The typed state of a folded aggregate of this workflow (null before its first event).
  static const State* Of(const WorkflowState* state) { return state ? &static_cast<const Boxed*>(state)->value : nullptr; }

 private:
  struct Boxed final : WorkflowState {
    Json ToJson() const override { return value.ToJson(); }
    State value;
  };
};

}  // namespace safecity
