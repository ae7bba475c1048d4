// Replay: rebuilding state from the log, and checking the log.
//
// RebuildReadModels drops the aggregates and read models and folds every event
// in log order through the same appliers the workers use (Apply + Project),
// so the result is byte-identical to what live processing wrote, and reports
// every record it had to change (engine/state_diff.h): none when the read
// models matched the log.
// StateChecksum hashes the aggregates, read models and projection checkpoint
// in key order: equal checksums mean equal state.
// Checking the log (hashes, chains, checkpoints) is engine/log_audit.h.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/state_diff.h"
#include "engine/status.h"

namespace safecity {

class Store;
class WorkflowRegistry;

struct RebuildReport {
  int64_t events = 0;
  int64_t streams = 0;
  std::string checksum;
  // What the rebuild changed: records that had drifted from the log.
  StateDiffReport differences;
};

using Progress = std::function<void(int64_t done, int64_t total)>;

// How the rebuild bounds its memory: it reads and applies the log in chunks
// (a second thread reads and decodes the next chunk meanwhile) and keeps at
// most about `max_cached_aggregates` aggregates in memory, writing the rest
// to the store and reading them back when their stream comes again.
struct RebuildOptions {
  size_t events_per_chunk = 20000;
  size_t max_cached_aggregates = 20000;
};

Result<RebuildReport> RebuildReadModels(Store* store, const WorkflowRegistry& workflows,
                                        const Progress& progress = nullptr, const RebuildOptions& options = {});
Result<std::string> StateChecksum(Store* store);

// kStorage when the read models do not cover the whole log (their checkpoint
// is behind it, e.g. after an interrupted rebuild), with the fix.
Status CheckReadModelsCurrent(Store* store);

// What a stream was at `as_of_ms`: the longest prefix of its events that
// occurred by then, folded with its workflow's Apply, as the aggregate stood
// at that moment (the
// auditor's "what did this task look like on 1 April"). kNotFound when the
// stream had no event by then.
struct StreamAsOf {
  int64_t version = 0;      // of the last event by then
  int64_t occurred_at = 0;  // of that event
  Json state;
  std::vector<EventEnvelope> events;  // the events by then, oldest first
};
Result<StreamAsOf> FoldStreamAsOf(Store* store, const WorkflowRegistry& workflows, const std::string& stream, int64_t as_of_ms);

}  // namespace safecity
