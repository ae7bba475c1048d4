// CommandReceipt: what the `commands` column family keeps for each accepted
// command id, so that a retry gets the first result back and a reused id is
// refused.
//
// A record is small and fixed: the command's fingerprint (the SHA-256 of its
// type, stream, actor and data; empty when the record was written from
// another node's events, decided_events.h), the log position of its first
// event and how many events it produced. A command's events are contiguous in
// the log: they are all on its stream, and a group commit appends each
// stream's events together. The full result (event ids, types, versions,
// positions) is read back from those events when a duplicate asks for it.
//
// Encoding: byte 0x01, BE64 first position, BE32 event count, then the 32
// raw bytes of the fingerprint when there is one (13 or 45 bytes). Stores
// written before this form hold the result body as canonical JSON; those
// records stay readable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {

class Store;

struct CommandReceipt {
  std::string fingerprint;   // hex SHA-256 of the command, or "" (see above)
  int64_t first_position = 0;
  int64_t events = 0;
  Json legacy_body;          // a record of the older JSON form: the stored body; else null
};

std::string EncodeCommandReceipt(const CommandReceipt& r);
Result<CommandReceipt> DecodeCommandReceipt(const std::string& bytes);

// The record of `command_id`, if that id was accepted before.
Result<std::optional<CommandReceipt>> FindCommandReceipt(Store* store, const std::string& command_id);

// The result body the command got when it was accepted:
// {"command_id","command_sha256"(when known),"status":"accepted","stream",
//  "version","events":[{"id","type","version","position"}]}.
Result<Json> AcceptedResultBody(Store* store, const std::string& command_id, const CommandReceipt& r);

}  // namespace safecity
