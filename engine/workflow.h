// Workflow: one kind of aggregate (a rectification task, a unit, ...), kept
// as processors versus appliers (Zeebe style). What the engine calls:
//
//  - Prepare(cmd, reader): intake checks that need read models, e.g. turning a
//    unit's name or alias into its id. May rewrite cmd.data. Runs before
//    routing; never sees aggregate state.
//  - DecideOn(state, cmd) -> events or a refusal. Pure: reads neither the
//    clock, random numbers nor the network; time and ids come from `cmd`.
//    `state` is null when the stream has no events yet.
//  - Fold(state, event, writer): folds one event into the state, in place
//    (creating it at the stream's first event), and with a writer also
//    writes the event's read-model changes in the same batch as the event
//    (exactly-once). Pure and total for every event the workflow ever
//    emitted; replay uses Fold alone.
//  - StateFromJson(j): the state back from its JSON form (a snapshot).
//  - event_versions(): the schema version each event type is written at now,
//    and the upcasters that raise older stored versions to it. Fold only
//    ever sees an event at its current version (ApplyEvent and the reaction
//    runner raise it first; engine/event_versions.h).
//
// A workflow does not implement these directly: a typed one derives from
// TypedWorkflow<State> (engine/typed_workflow.h: a plain struct, decided and
// folded in place), one still kept as JSON from JsonWorkflow
// (engine/json_workflow.h).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/envelope.h"
#include "engine/message.h"
#include "engine/event_versions.h"
#include "engine/read_models.h"
#include "engine/status.h"
#include "engine/workflow_state.h"

namespace safecity {

struct NewEvent {
  std::string type;
  Json data;
};

struct Decision {
  Status status;                // ok, or why the command was refused
  std::vector<NewEvent> events;  // empty when refused
  Json detail = Json::object();  // for refusals: {"state":..., "allowed_in":[...]}

  static Decision Accept(std::vector<NewEvent> events) {
    Decision d;
    d.events = std::move(events);
    return d;
  }
  static Decision Reject(Status s, Json detail = Json::object()) {
    Decision d;
    d.status = std::move(s);
    d.detail = std::move(detail);
    return d;
  }
};

class Workflow {
 public:
  virtual ~Workflow() = default;
  // Stream kind this workflow owns ("task" for streams "task-...").
  virtual std::string kind() const = 0;
  // Command types it decides, e.g. "task.assign".
  virtual std::vector<std::string> command_types() const = 0;
  virtual Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const = 0;
  virtual Decision DecideOn(const WorkflowState* state, const CommandEnvelope& cmd) const = 0;
  virtual void Fold(std::unique_ptr<WorkflowState>* state, const EventEnvelope& event, ReadModelWriter* writer) const = 0;
  // Throws (nlohmann::json's exceptions) when `j` is not a state of this workflow.
  virtual std::unique_ptr<WorkflowState> StateFromJson(const Json& j) const = 0;

  // The same on the state's JSON form (null: no event yet), for tests and
  // tools that hold a state as JSON; the engine never calls these.
  Decision DecideOnJson(const Json& state, const CommandEnvelope& cmd) const;
  Json FoldJson(const Json& state, const EventEnvelope& event) const;

  // Default: every event type at version 1, nothing to raise.
  virtual const EventVersions& event_versions() const;
};

class WorkflowRegistry {
 public:
  void Add(std::unique_ptr<Workflow> w);
  const Workflow* ForStream(const std::string& stream) const;
  const Workflow* ForCommand(const std::string& type) const;
  std::vector<const Workflow*> all() const;
  // The refusal tables whose words a refusal read back from JSON (a stored
  // result, a Kafka node's answer) is rendered with (engine/message.h).
  void AddMessages(const std::vector<const Message*>& table);
  // The Message registered for `reason`, or null.
  const Message* FindMessage(const std::string& reason) const;

 private:
  std::vector<std::unique_ptr<Workflow>> workflows_;
  std::unordered_map<std::string, const Message*> messages_;
  std::unordered_map<std::string, const Workflow*> by_kind_;
  std::unordered_map<std::string, const Workflow*> by_command_;
};

}  // namespace safecity
