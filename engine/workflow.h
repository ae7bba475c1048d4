// Workflow: one kind of aggregate (a rectification task, a unit, ...), kept
// as processors versus appliers (Zeebe style):
//
//  - Prepare(cmd, reader): intake checks that need read models, e.g. turning a
//    unit's name or alias into its id. May rewrite cmd.data. Runs before
//    routing; never sees aggregate state.
//  - Decide(state, cmd) -> events or a rejection. Pure: reads neither the
//    clock, random numbers nor the network; time and ids come from `cmd`.
//    `state` is null when the stream has no events yet.
//  - Apply(state, event) -> new state. Pure and total for every event the
//    workflow ever emitted; replay uses Apply alone.
//  - Project(before, after, event, writer): read-model changes for one event,
//    written in the same batch as the event (exactly-once).
//  - event_versions(): the schema version each event type is written at now,
//    and the upcasters that raise older stored versions to it. Apply and
//    Project only ever see an event at its current version (ApplyEvent and
//    the reaction runner raise it first; engine/event_versions.h).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/envelope.h"
#include "engine/event_versions.h"
#include "engine/read_models.h"
#include "engine/status.h"

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
  virtual Decision Decide(const Json& state, const CommandEnvelope& cmd) const = 0;
  virtual Json Apply(const Json& state, const EventEnvelope& event) const = 0;
  virtual void Project(const Json& before, const Json& after, const EventEnvelope& event,
                       ReadModelWriter& writer) const = 0;
  // Default: every event type at version 1, nothing to raise.
  virtual const EventVersions& event_versions() const;
};

class WorkflowRegistry {
 public:
  void Add(std::unique_ptr<Workflow> w);
  const Workflow* ForStream(const std::string& stream) const;
  const Workflow* ForCommand(const std::string& type) const;
  std::vector<const Workflow*> all() const;

 private:
  std::vector<std::unique_ptr<Workflow>> workflows_;
  std::unordered_map<std::string, const Workflow*> by_kind_;
  std::unordered_map<std::string, const Workflow*> by_command_;
};

// The registry with every workflow safecity ships.
const WorkflowRegistry& DefaultWorkflows();

}  // namespace safecity
