// Aggregate: the folded state of one stream, plus what the log needs to
// extend it (its version and the hash of its last event). Snapshots are
// stored as canonical JSON in the `aggregates` column family, written in the
// same batch as the events they fold, so they never run ahead of the log.
#pragma once

#include <cstdint>
#include <string>

#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity {

class Store;
class WorkflowRegistry;

struct Aggregate {
  int64_t version = 0;
  std::string last_hash;
  Json state;  // null before the first event
};

std::string EncodeAggregate(const Aggregate& a);
Result<Aggregate> DecodeAggregate(const std::string& bytes);

// Loads a stream's aggregate from its snapshot, or folds its events when no
// snapshot is stored. Returns an empty aggregate for a new stream.
Result<Aggregate> LoadAggregate(Store* store, const WorkflowRegistry& workflows,
                                const std::string& stream);

// The applier: folds one event into `agg` and writes its projection. Used by
// the command processor and by replay alike, so both give the same bytes.
Status ApplyEvent(const WorkflowRegistry& workflows, Aggregate* agg, const EventEnvelope& e,
                  ReadModelWriter* writer);

}  // namespace safecity
