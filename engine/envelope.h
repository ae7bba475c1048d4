// Command and event envelopes, and their canonical JSON encoding.
//
// Canonical JSON: UTF-8, no insignificant white space, object keys in
// byte order (nlohmann::json keeps objects sorted), integers only (the
// engine writes no floating-point numbers into events). Two equal envelopes
// always encode to the same bytes, so hashes and checksums are stable.
//
// Hash chain: every event carries prev_hash, the hash of the previous event of
// its stream ("" for version 1), and hash = SHA-256 of the canonical JSON of
// all its fields except `hash` and `position`. The log position is where the
// log put the event, not part of what happened, so it stays outside the hash
// (the Kafka backend learns it only after the write).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/status.h"

namespace safecity {

using Json = nlohmann::json;

// Who acts: a unit, a user of the office, an inspector or an auditor.
struct Actor {
  std::string id;    // e.g. a unit id such as "yanta", or "office"
  std::string role;  // office | unit | inspector | auditor | system
};

struct CommandEnvelope {
  std::string id;         // unique per command; a repeated id returns the first result
  std::string type;       // e.g. "task.assign"
  std::string stream;     // the aggregate it targets, e.g. "task-XA-001"
  int64_t issued_at = 0;  // UTC ms, set at intake; the only clock the workflow sees
  Actor actor;
  std::string correlation_id;
  std::string causation_id;
  Json data = Json::object();
};

struct SealedEventText;

struct EventEnvelope {
  std::string id;
  std::string stream;
  int64_t version = 0;   // 1-based position within the stream
  int64_t position = 0;  // 1-based position in the whole log; 0 until written
  std::string type;
  int schema_version = 1;
  int64_t occurred_at = 0;  // UTC ms
  Actor actor;
  std::string correlation_id;
  std::string causation_id;
  std::string prev_hash;
  std::string hash;
  Json data = Json::object();
  // Set by SealEvent: the canonical text the hash was computed over, so that
  // StoredEventJson does not serialise the event again. Whoever changes a sealed
  // event's fields (other than position) must seal it again.
  std::shared_ptr<const SealedEventText> sealed;
};

std::string CanonicalJson(const Json& j);

Json ToJson(const Actor& a);
Json ToJson(const CommandEnvelope& c);
Json ToJson(const EventEnvelope& e);  // includes position and hash

// Strict decoders: every required field present and of the right type, and
// data nested at most kMaxJsonDepth deep.
Result<CommandEnvelope> CommandFromJson(const Json& j);
Result<EventEnvelope> EventFromJson(const Json& j);

// How deep a command's or event's data may nest. Copying, validating and
// dumping JSON recurse once per level: data nested some ten thousand levels
// deep (a 40 kB request) overflows the stack. No schema nests more than a few.
constexpr int kMaxJsonDepth = 64;
// Whether `j` nests arrays and objects more than `levels` deep (a scalar is 0
// deep, [] and {} are 1); recurses at most levels + 1 deep itself.
bool NestsDeeperThan(const Json& j, int levels);

// SHA-256 over the canonical JSON of the event without `hash` and `position`.
std::string ComputeEventHash(const EventEnvelope& e);

// The stored form of an event: exactly CanonicalJson(ToJson(e)), written
// field by field in key order with `data` serialised once (from the sealed
// text when the event is sealed). Throws, as CanonicalJson does, on text that
// is not UTF-8.
std::string StoredEventJson(const EventEnvelope& e);

// Computes e->hash and keeps the text it was computed over (e->sealed): one
// serialisation and one SHA-256 per event from decision to disk.
void SealEvent(EventEnvelope* e);

struct SealedEventText {
  std::string hashed;  // canonical JSON of the hashed fields
  size_t id_at = 0;         // where ,"id": starts: `hash` goes before it
  size_t prev_hash_at = 0;  // where ,"prev_hash": starts: `position` goes before it
  std::string hash;    // the hash it gave
};

// The stream's aggregate type is the part before the first '-':
// "task-XA-001" -> "task".
std::string StreamKind(const std::string& stream);
// The id of what the stream is about, the part after the first '-':
// "task-XA-001" -> "XA-001" ("" when there is none).
std::string StreamId(const std::string& stream);
// A command type without its workflow: "task.assign" -> "assign".
std::string CommandName(const std::string& type);

}  // namespace safecity
