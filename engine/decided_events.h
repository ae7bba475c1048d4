// Events decided elsewhere — by the engine node that owned their stream, read
// back from the Kafka events topic — appended to this node's store exactly as
// its own command processor would have written them: the events, the folded
// aggregates, the read models, a command record per causing command (so a
// command retried after a takeover is a duplicate here too), and the
// projection checkpoint, in one synced batch together with `extra` (the
// caller's consumer offsets).
//
// Redelivery is harmless: an event whose version the stream already holds is
// skipped. A gap (a version beyond the next), a prev_hash that does not chain,
// or a hash that does not match the event is kConflict and nothing is written.
#pragma once

#include <cstdint>
#include <vector>

#include <rocksdb/write_batch.h>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {

class Store;
class WorkflowRegistry;

struct DecidedEventsReport {
  int64_t applied = 0;
  int64_t skipped = 0;
};

Result<DecidedEventsReport> AppendDecidedEvents(Store* store, const WorkflowRegistry& workflows,
                                                const std::vector<EventEnvelope>& events, rocksdb::WriteBatch* extra);

}  // namespace safecity
