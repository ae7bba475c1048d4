// Aggregate: the folded state of one stream, plus what the log needs to
// extend it (its version and the hash of its last event).
//
// Snapshots: the applier writes a stream's aggregate, as canonical JSON in
// the `aggregates` column family, after every kSnapshotEveryVersions-th
// event of the stream (versions 16, 32, ...), in the same batch as that
// event, so a snapshot never runs ahead of the log. A stream is loaded from
// its snapshot plus the events after it (fewer than kSnapshotEveryVersions).
// The command processor, the Kafka applier and the rebuild all apply through
// ApplyEvent, so they write the same snapshots at the same versions and a
// rebuild gives the same bytes as live processing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"
#include "engine/workflow_state.h"

namespace safecity {

class Store;
class Workflow;
class WorkflowRegistry;

// Most streams (a task's whole life is some ten events) never write one; a
// round with many findings writes one every 16 events instead of after each.
constexpr int64_t kSnapshotEveryVersions = 16;

// Move-only: its state is changed in place by its workflow.
struct Aggregate {
  int64_t version = 0;
  std::string last_hash;
  std::unique_ptr<WorkflowState> state;  // null before the first event

  // The state's JSON form (null before the first event).
  Json StateJson() const { return state ? state->ToJson() : Json(); }
};

std::string EncodeAggregate(const Aggregate& a);
// The aggregate back from its snapshot; `workflow` owns the stream.
Result<Aggregate> DecodeAggregate(const Workflow& workflow, const std::string& bytes);

// Loads a stream's aggregate: its snapshot, if any, and the events after it.
// Returns an empty aggregate for a new stream.
Result<Aggregate> LoadAggregate(Store* store, const WorkflowRegistry& workflows,
                                const std::string& stream);

// The applier: folds one event into `agg`, writes its projection and, at a
// snapshot version, the snapshot. An event stored at an older schema version
// is raised to the current one first (engine/event_versions.h); one newer
// than this build reads is refused and nothing is folded. Used by the
// command processor and by replay alike, so both give the same bytes. With a
// null writer it only folds.
Status ApplyEvent(const WorkflowRegistry& workflows, Aggregate* agg, const EventEnvelope& e,
                  ReadModelWriter* writer);

}  // namespace safecity
