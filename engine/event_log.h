// EventLog: the append-only log of events, the one source of truth.
//
// Contract:
//  - Append(appends) writes all the given stream appends atomically or none.
//    Each append names the stream's expected version (its current last
//    version, 0 for a new stream); if any does not match, nothing is written
//    and a kConflict status names the stream and both versions.
//  - A successful Append has made the events durable (synced) before it
//    returns, and has set each event's `position`, 1-based and gap-free in
//    the order the events were given.
//  - Events are immutable once appended; reading never changes the log.
//  - Read* return events in order; ReadAll(from) starts at position `from`.
//  - WaitFor(position, timeout) blocks until the log holds `position` or the
//    timeout passes, and says which: the way to follow the tail without polling.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {

struct StreamAppend {
  std::string stream;
  int64_t expected_version = 0;
  std::vector<EventEnvelope> events;  // versions expected_version+1 ...
};

class EventLog {
 public:
  virtual ~EventLog() = default;
  virtual Status Append(std::vector<StreamAppend>* appends) = 0;
  virtual Result<std::vector<EventEnvelope>> ReadStream(const std::string& stream,
                                                        int64_t from_version = 1) = 0;
  virtual Result<std::vector<EventEnvelope>> ReadAll(int64_t from_position, size_t max_events) = 0;
  virtual int64_t LastPosition() = 0;
  // Current last version of a stream (0 when it has no events).
  virtual Result<int64_t> StreamVersion(const std::string& stream) = 0;
  virtual bool WaitFor(int64_t position, std::chrono::milliseconds timeout) = 0;
};

}  // namespace safecity
