// Aggregate: the folded state of one stream, plus what the log needs to
// extend it (its version and the hash of its last event).
//
// Snapshots: the applier writes a stream's aggregate, as canonical JSON in
// the `aggregates` column family, at its snapshot versions (IsSnapshotVersion:
// every 16th event up to 256, then eight to each doubling of the stream), in
// the same batch as that event, so a snapshot never runs ahead of the log. A
// stream is loaded from its snapshot plus the events after it (fewer than
// 16, or than an eighth of the stream's length once it is longer than 256).
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
// round with many findings writes one every 16 events up to 256 events. A
// state that grows with its stream (a round keeps every finding) would cost,
// at a fixed interval, bytes per event growing with the stream, so past 256
// events the interval grows with the stream: an eighth of the largest power
// of two not above the version (32 from 256, 64 from 512, ...). Bytes per
// event stay bounded, and loading replays at most an eighth of the stream.
constexpr int64_t kSnapshotEveryVersions = 16;
bool IsSnapshotVersion(int64_t version);

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
