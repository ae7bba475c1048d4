// Reactor: turns events into further commands (the process manager, the
// notification dispatcher, the deadline scheduler). Reactors run after the
// events are committed, never inside deciding or applying.
//
// Contract: React() may read committed read models but not the clock, random
// numbers or the network. Every command it returns has an id derived from the
// event that caused it (see ReactionId), its causation_id is that event's id,
// and its issued_at is that event's occurred_at. So running a reactor over the
// same event again (after a crash, or from an older checkpoint) re-issues the
// same ids, which the engine's idempotency answers without writing anything:
// no command is ever carried out twice.
#pragma once

#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/read_models.h"

namespace safecity {

class Reactor {
 public:
  virtual ~Reactor() = default;
  virtual std::string name() const = 0;
  virtual std::vector<CommandEnvelope> React(const EventEnvelope& e, ReadModelReader& reader) const = 0;
};

// A command caused by `cause`, with a deterministic id
// "<reactor>:<first 32 hex of SHA-256(cause id|type|stream)>" and the cause's
// time and correlation.
CommandEnvelope Reaction(const std::string& reactor, const EventEnvelope& cause, const std::string& type,
                         const std::string& stream, const Actor& actor, Json data);

}  // namespace safecity
